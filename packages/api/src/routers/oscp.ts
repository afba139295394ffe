import { z } from 'zod';
import {
  deleteOscpConnection,
  getSiteOscp,
  registerOscpConnection,
  saveOscpConnection,
  saveOscpConnectionInput,
  type OscpSettings,
} from '@magma/core/oscp';
import type { ApiServices } from '../context.ts';
import { rest } from '../openapi/meta.ts';
import { dateTime } from '../openapi/schemas/common.ts';
import { adminProcedure, createTRPCRouter } from '../trpc.ts';

// A site's grid operators (OSCP, #21): the connection to each Capacity Provider, registering with
// it, and its state and forecasts. Operator admins only: a token reaches the grid operator, and a
// forecast caps the whole site. Tokens go in and never come back (the last four characters only;
// a 1.0 connection's token for the grid operator is answered once, by Register).

const settingsOf = (s: ApiServices): OscpSettings => ({
  keyring: s.paymentGateways?.config.keyring ?? s.webhooks?.keyring ?? null,
  allowPrivateAddresses: s.webhooks?.allowPrivateAddresses ?? false,
});

const TAG = 'grid operators';
const STATUS = ['PENDING', 'REGISTERED', 'CONNECTED', 'FAILED'] as const;

const connectionOutput = z.object({
  id: z.string(),
  siteId: z.string(),
  name: z.string(),
  version: z.enum(['1.0', '2.0']),
  baseUrl: z.string(),
  groupId: z.string(),
  outboundTokenLast4: z.string(),
  status: z.enum(STATUS),
  registeredAt: dateTime.nullable(),
  handshakeAt: dateTime.nullable(),
  heartbeatIntervalS: z.number().int(),
  measurementIntervalS: z.number().int(),
  lastHeartbeatSentAt: dateTime.nullable(),
  lastHeartbeatReceivedAt: dateTime.nullable(),
  peerOfflineAt: dateTime.nullable(),
  lastMeasurementAt: dateTime.nullable(),
  lastError: z.string().nullable(),
  createdAt: dateTime,
  updatedAt: dateTime,
});

const siteOutput = z.array(
  connectionOutput.extend({
    tokenIssued: z.boolean(),
    recentForecasts: z.array(
      z.object({
        id: z.string(),
        type: z.string(),
        startsAt: dateTime,
        endsAt: dateTime,
        receivedAt: dateTime,
        requestId: z.string(),
      }),
    ),
    /** What the forecasts allow the site's top circuit over the next 24 hours. */
    capacity: z.array(
      z.object({ from: dateTime, to: dateTime, maxCurrentA: z.number().nullable(), maxPowerW: z.number().nullable() }),
    ),
  }),
);

const versionName = (v: 'V1_0' | 'V2_0' | '1.0' | '2.0') => (v === 'V1_0' || v === '1.0' ? '1.0' : '2.0');

export const oscpRouter = createTRPCRouter({
  site: adminProcedure
    .meta(
      rest('GET', '/sites/{siteId}/grid-operators', 'sites', {
        tag: TAG,
        summary: 'A site’s grid operator connections (OSCP): state, recent forecasts and the capacity they allow',
      }),
    )
    .output(siteOutput)
    .input(z.object({ siteId: z.uuid() }))
    .query(({ ctx, input }) => getSiteOscp({ db: ctx.db, scope: ctx.scope, siteId: input.siteId })),
  save: adminProcedure
    .meta(
      rest('PUT', '/sites/{siteId}/grid-operators', 'sites', {
        tag: TAG,
        summary:
          'Add a grid operator connection to a site (no id) or change one; a new token or version registers again',
      }),
    )
    .output(connectionOutput)
    .input(saveOscpConnectionInput)
    .mutation(async ({ ctx, input }) => {
      const c = await saveOscpConnection({ db: ctx.db, scope: ctx.scope, settings: settingsOf(ctx.services), input });
      return { ...c, version: versionName(c.version) };
    }),
  register: adminProcedure
    .meta(
      rest('POST', '/grid-operators/{id}/register', 'sites', {
        tag: TAG,
        summary:
          'Register with the grid operator (2.0: Register with a new token of ours; 1.0: a new token for the grid operator, answered once)',
      }),
    )
    .output(z.object({ status: z.enum(STATUS), error: z.string().nullable(), token: z.string().nullable() }))
    .input(z.object({ id: z.uuid() }))
    .mutation(({ ctx, input }) =>
      registerOscpConnection({
        db: ctx.db,
        scope: ctx.scope,
        settings: settingsOf(ctx.services),
        id: input.id,
        ourOrigin: ctx.services.tenantOrigin(ctx.tenant!, ctx.origin),
      }),
    ),
  remove: adminProcedure
    .meta(rest('DELETE', '/grid-operators/{id}', 'sites', { tag: TAG, summary: 'Remove a grid operator connection' }))
    .output(z.object({ id: z.string(), siteId: z.string() }))
    .input(z.object({ id: z.uuid() }))
    .mutation(({ ctx, input }) => deleteOscpConnection({ db: ctx.db, scope: ctx.scope, id: input.id })),
});
