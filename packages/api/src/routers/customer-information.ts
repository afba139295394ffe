import { z } from 'zod';
import type { Bus } from '@magma/core/bus';
import {
  eraseCustomerData,
  eraseCustomerDataInput,
  listCustomerInformation,
  listCustomerInformationInput,
  listErasures,
  listErasuresInput,
  requestCustomerInformation,
  requestCustomerInformationInput,
} from '@magma/core/customer-information';
import type { Scope } from '@magma/core/tenancy';
import type { Db } from '@magma/db';
import { AppError } from '../core.ts';
import { rest } from '../openapi/meta.ts';
import { createTRPCRouter, operatorProcedure } from '../trpc.ts';

// What a 2.0.1 charger holds about a customer (N09, N10), issue #20: the use cases in
// @magma/core/customer-information. Operators only: vendors never see or erase drivers' data.

const command = z.object({
  id: z.uuid(),
  action: z.string(),
  status: z.string(),
  response: z.unknown(),
  error: z.string().nullable(),
});
const requestRow = z.object({
  id: z.uuid(),
  requestId: z.number().int(),
  idToken: z.string().nullable(),
  idTokenType: z.string().nullable(),
  customerIdentifier: z.string().nullable(),
  certificateSerial: z.string().nullable(),
  report: z.boolean(),
  clear: z.boolean(),
  status: z.string(),
  answer: z.string().nullable(),
  partCount: z.number().int(),
  data: z.string().nullable(),
  erasureId: z.uuid().nullable(),
  createdAt: z.date(),
  completedAt: z.date().nullable(),
});
const chargerResult = z.object({
  chargerId: z.uuid(),
  identity: z.string(),
  status: z.string(),
  answer: z.string().nullable(),
  completedAt: z.date().nullable(),
});

type Ctx = { db: Db; scope: Scope; services: { bus?: Bus; commandTimeoutMs?: number } };
function deps(ctx: Ctx) {
  const bus = ctx.services.bus;
  if (!bus) throw new AppError('UPSTREAM', 'Charger commands are unavailable: this server has no message bus');
  return { db: ctx.db, bus, scope: ctx.scope, timeoutMs: ctx.services.commandTimeoutMs };
}

export const customerInformationRouter = createTRPCRouter({
  list: operatorProcedure
    .meta(
      rest('GET', '/chargers/{chargerId}/customer-information', 'chargers', {
        summary: "A 2.0.1 charger's last CustomerInformation requests and the customer data each reported",
      }),
    )
    .input(listCustomerInformationInput)
    .output(z.object({ requests: z.array(requestRow) }))
    .query(({ ctx, input }) => listCustomerInformation({ db: ctx.db, scope: ctx.scope, input })),
  request: operatorProcedure
    .meta(
      rest('POST', '/chargers/{chargerId}/customer-information', 'chargers', {
        summary:
          'CustomerInformation: get (report) and/or erase (clear) what the charger holds about one id token, customer certificate or customer identifier',
      }),
    )
    .input(requestCustomerInformationInput)
    .output(z.object({ command, answer: z.string(), requestId: z.number().int(), status: z.string() }))
    .mutation(({ ctx, input }) => requestCustomerInformation({ ...deps(ctx), input })),
  erase: operatorProcedure
    .meta(
      rest('POST', '/id-tokens/{idTokenId}/erasures', 'id-tokens', {
        summary:
          "Data erasure: CustomerInformation clear on every 2.0.1 charger of the operator that has seen the card; each charger's answer",
      }),
    )
    .input(eraseCustomerDataInput)
    .output(
      z.object({
        erasureId: z.uuid(),
        chargers: z.array(
          z.object({
            chargerId: z.uuid(),
            identity: z.string(),
            outcome: z.enum(['SENT', 'OCPP16']),
            request: requestRow.nullable(),
          }),
        ),
      }),
    )
    .mutation(({ ctx, input }) => eraseCustomerData({ ...deps(ctx), input })),
  erasures: operatorProcedure
    .meta(
      rest('GET', '/id-tokens/{idTokenId}/erasures', 'id-tokens', {
        summary: "A card's last data-erasure requests with each charger's answer",
      }),
    )
    .input(listErasuresInput)
    .output(
      z.object({
        erasures: z.array(
          z.object({
            id: z.uuid(),
            createdAt: z.date(),
            chargerCount: z.number().int(),
            chargers: z.array(chargerResult),
          }),
        ),
      }),
    )
    .query(({ ctx, input }) => listErasures({ db: ctx.db, scope: ctx.scope, input })),
});
