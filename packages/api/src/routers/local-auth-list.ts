import { z } from 'zod';
import type { Bus } from '@magma/core/bus';
import {
  clearAuthorizationCache,
  getLocalList,
  getLocalListVersion,
  searchListTokens,
  sendLocalList,
  sendLocalListInput,
} from '@magma/core/local-auth-list';
import { AppError } from '../core.ts';
import { rest } from '../openapi/meta.ts';
import { createTRPCRouter, operatorProcedure, protectedProcedure } from '../trpc.ts';

// A charger's local authorization list (issue #20): the use cases in @magma/core/local-auth-list.
// A vendor user reads the state of its own chargers; operators pick the tokens and send.

const chargerInput = z.object({ chargerId: z.uuid() });

const entry = z.object({
  idTokenId: z.string(),
  token: z.string(),
  type: z.string(),
  status: z.string(),
  expiresAt: z.string().nullable(),
  parentToken: z.string().nullable(),
});
const sendRow = z.object({
  id: z.uuid(),
  mode: z.string(),
  version: z.number().int(),
  entryCount: z.number().int(),
  parts: z.number().int(),
  outcome: z.string(),
  detail: z.string().nullable(),
  commandIds: z.array(z.string()),
  createdAt: z.date(),
});
const reply = z.object({
  id: z.uuid(),
  action: z.string(),
  status: z.string(),
  response: z.unknown(),
  error: z.string().nullable(),
});
const stateOutput = z.object({
  chargerId: z.uuid(),
  protocol: z.enum(['OCPP16', 'OCPP201']),
  sentVersion: z.number().int(),
  acceptedVersion: z.number().int().nullable(),
  reportedVersion: z.number().int().nullable(),
  reportedAt: z.date().nullable(),
  entries: z.array(entry),
  limits: z.object({
    itemsPerMessage: z.number().int().optional(),
    bytesPerMessage: z.number().int().optional(),
    maxEntries: z.number().int().optional(),
  }),
  needsFull: z.boolean(),
  sends: z.array(sendRow),
});

function busOf(ctx: { services: { bus?: Bus } }): Bus {
  const bus = ctx.services.bus;
  if (!bus) throw new AppError('UPSTREAM', 'Charger commands are unavailable: this server has no message bus');
  return bus;
}

export const localAuthListRouter = createTRPCRouter({
  get: protectedProcedure
    .meta(
      rest('GET', '/chargers/{chargerId}/local-list', 'chargers', {
        summary: "The charger's local authorization list: versions, entries, last sends",
      }),
    )
    .input(chargerInput)
    .output(stateOutput)
    .query(({ ctx, input }) => getLocalList({ db: ctx.db, scope: ctx.scope, chargerId: input.chargerId })),
  searchTokens: operatorProcedure
    .meta(
      rest('GET', '/local-list/tokens', 'chargers', {
        summary: 'Id tokens that can go on a local list, by token or label',
      }),
    )
    .input(z.object({ query: z.string().max(36).default('') }))
    .output(
      z.array(
        z.object({
          id: z.uuid(),
          token: z.string(),
          label: z.string().nullable(),
          type: z.string(),
          status: z.string(),
        }),
      ),
    )
    .query(({ ctx, input }) => searchListTokens({ db: ctx.db, scope: ctx.scope, query: input.query })),
  send: operatorProcedure
    .meta(
      rest('POST', '/chargers/{chargerId}/local-list/sends', 'chargers', {
        summary:
          'Send the local list: FULL (the chosen tokens), CHANGES (since the accepted version) or CLEAR (empty Full)',
      }),
    )
    .input(sendLocalListInput)
    .output(z.object({ send: sendRow, replies: z.array(reply), note: z.string().optional() }))
    .mutation(({ ctx, input }) =>
      sendLocalList({ db: ctx.db, bus: busOf(ctx), scope: ctx.scope, input, timeoutMs: ctx.services.commandTimeoutMs }),
    ),
  getVersion: operatorProcedure
    .meta(
      rest('POST', '/chargers/{chargerId}/local-list/version-requests', 'chargers', {
        summary: 'Ask the charger its local list version (GetLocalListVersion); the answer is stored',
      }),
    )
    .input(chargerInput)
    .output(z.object({ reply, version: z.number().int().nullable() }))
    .mutation(({ ctx, input }) =>
      getLocalListVersion({
        db: ctx.db,
        bus: busOf(ctx),
        scope: ctx.scope,
        chargerId: input.chargerId,
        timeoutMs: ctx.services.commandTimeoutMs,
      }),
    ),
  clearCache: operatorProcedure
    .meta(
      rest('POST', '/chargers/{chargerId}/authorization-cache/clear', 'chargers', {
        summary: "Clear the charger's authorization cache (ClearCache)",
      }),
    )
    .input(chargerInput)
    .output(z.object({ reply }))
    .mutation(({ ctx, input }) =>
      clearAuthorizationCache({
        db: ctx.db,
        bus: busOf(ctx),
        scope: ctx.scope,
        chargerId: input.chargerId,
        timeoutMs: ctx.services.commandTimeoutMs,
      }),
    ),
});
