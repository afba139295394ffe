import {
  assignEvse,
  assignEvseInput,
  deleteCircuit,
  deleteCircuitInput,
  getSiteAllocation,
  getSiteAllocationInput,
  getSiteLoadHistory,
  getSiteLoadHistoryInput,
  queueRebalance,
  upsertCircuit,
  upsertCircuitInput,
} from '@magma/core/load-balancing';
import { z } from 'zod';
import type { Context } from '../context.ts';
import { dateTime } from '../openapi/schemas/common.ts';
import { rest } from '../openapi/meta.ts';
import { adminProcedure, createTRPCRouter, protectedProcedure } from '../trpc.ts';

// Site load balancing (#21): a site's circuit tree and the EVSEs under it are the operator admin's;
// the operator and the vendor that owns the site read the allocation. A change of the tree
// rebalances the site in the background where this server reaches the relays (a message bus).

const TAG = 'load-balancing';
const policy = z.enum(['EQUAL_SHARE', 'PRIORITY', 'FIRST_COME']);

const circuitOutput = z.object({
  id: z.string(),
  siteId: z.string(),
  parentId: z.string().nullable(),
  name: z.string(),
  phases: z.number().int(),
  phase: z.number().int().nullable(),
  voltageV: z.number().int(),
  maxCurrentA: z.number().nullable(),
  maxPowerW: z.number().int().nullable(),
  safetyMarginPct: z.number(),
  policy,
  hysteresisA: z.number(),
  enabled: z.boolean(),
  fallbackCurrentA: z.number().nullable().meta({
    description:
      'What each balanced EVSE under it may draw while its charger has lost the CSMS, A per phase (0: sessions starting then are paused); null: the parent circuit’s, at the top circuit each EVSE’s minimum',
  }),
  createdAt: dateTime,
  updatedAt: dateTime,
});

const allocationOutput = z.object({
  siteId: z.string(),
  circuits: z.array(
    circuitOutput.omit({ siteId: true, createdAt: true, updatedAt: true }).extend({
      capacityW: z.number().int().meta({ description: 'Capacity after the safety margin, over all phases' }),
      allocatedW: z.number().int().meta({ description: 'Limits last accepted by the chargers under it' }),
      drawnW: z.number().int().meta({ description: 'Latest metered power under it' }),
    }),
  ),
  evses: z.array(
    z.object({
      id: z.string(),
      circuitId: z.string(),
      chargerId: z.string(),
      identity: z.string(),
      online: z.boolean(),
      evseId: z.number().int(),
      phases: z.number().int(),
      minCurrentA: z.number(),
      maxCurrentA: z.number(),
      priority: z.number().int(),
      charging: z.boolean(),
      limitA: z.number().nullable(),
      limitW: z.number().int().nullable(),
      drawnW: z.number().int().nullable(),
      lastSentAt: dateTime.nullable(),
    }),
  ),
});

const assignmentOutput = z.object({
  assignment: z
    .object({
      id: z.string(),
      circuitId: z.string(),
      chargerId: z.string(),
      evseId: z.number().int(),
      phases: z.number().int(),
      minCurrentA: z.number(),
      maxCurrentA: z.number(),
      priority: z.number().int(),
    })
    .nullable(),
  siteId: z.string(),
});

const historyOutput = z.object({
  siteId: z.string(),
  circuit: z
    .object({ id: z.string(), name: z.string() })
    .nullable()
    .meta({ description: 'The top circuit whose capacity is given; null when the site is not balanced' }),
  bucketMinutes: z.number().int(),
  points: z.array(
    z.object({
      at: dateTime.meta({ description: 'Start of the bucket' }),
      drawnKw: z.number().meta({ description: 'Average power drawn by the site’s chargers over the bucket' }),
      capacityW: z
        .number()
        .int()
        .nullable()
        .meta({ description: 'Lowest capacity of the top circuit during the bucket, after the safety margin' }),
      limitedBy: z.array(z.string()).meta({ description: 'What lowered the capacity (peak windows, grid forecasts)' }),
      partial: z.boolean().optional().meta({ description: 'The bucket still filling (averaged over the time gone)' }),
    }),
  ),
});

/** Rebalances the site after a change of its tree, when this server can reach the relays. */
function rebalanceLater(ctx: Pick<Context, 'db' | 'services'>, tenantId: string, siteId: string) {
  const bus = ctx.services.bus;
  if (!bus) return;
  void queueRebalance({ db: ctx.db, bus, timeoutMs: ctx.services.commandTimeoutMs }, tenantId, siteId).catch(
    (error: unknown) => console.warn('site load balancing failed', { tenantId, siteId, error }),
  );
}

export const loadBalancingRouter = createTRPCRouter({
  site: protectedProcedure
    .meta(
      rest('GET', '/sites/{siteId}/load-balancing', 'sites', {
        tag: TAG,
        summary: 'A site’s circuits with capacity, allocated and drawn power, and the EVSEs under them',
      }),
    )
    .output(allocationOutput)
    .input(getSiteAllocationInput)
    .query(({ ctx, input }) => getSiteAllocation({ db: ctx.db, scope: ctx.scope, input })),
  siteHistory: protectedProcedure
    .meta(
      rest('GET', '/sites/{siteId}/load-balancing/history', 'sites', {
        tag: TAG,
        summary: 'A site’s drawn power over the last 24 hours in 5-minute buckets, against its top circuit’s capacity',
      }),
    )
    .output(historyOutput)
    .input(getSiteLoadHistoryInput)
    .query(({ ctx, input }) => getSiteLoadHistory({ db: ctx.db, scope: ctx.scope, input })),
  upsertCircuit: adminProcedure
    .meta(
      rest('POST', '/sites/{siteId}/circuits', 'sites', {
        tag: TAG,
        summary: 'Create a circuit of a site (no id) or change one; the site is rebalanced',
      }),
    )
    .output(circuitOutput)
    .input(upsertCircuitInput)
    .mutation(async ({ ctx, input }) => {
      const circuit = await upsertCircuit({ db: ctx.db, scope: ctx.scope, input });
      rebalanceLater(ctx, ctx.scope.tenantId, circuit.siteId);
      return circuit;
    }),
  deleteCircuit: adminProcedure
    .meta(
      rest('DELETE', '/sites/{siteId}/circuits/{id}', 'sites', {
        tag: TAG,
        summary: 'Delete a circuit, its sub-circuits and their EVSE assignments; the site is rebalanced',
      }),
    )
    .output(z.object({ deleted: z.number().int() }))
    .input(deleteCircuitInput)
    .mutation(async ({ ctx, input }) => {
      const r = await deleteCircuit({ db: ctx.db, scope: ctx.scope, input });
      rebalanceLater(ctx, ctx.scope.tenantId, input.siteId);
      return r;
    }),
  assignEvse: adminProcedure
    .meta(
      rest('PUT', '/chargers/{chargerId}/evses/{evseId}/circuit', 'sites', {
        tag: TAG,
        summary: 'Put an EVSE under a circuit of its site with its current range (circuitId null: take it out)',
      }),
    )
    .output(assignmentOutput)
    .input(assignEvseInput)
    .mutation(async ({ ctx, input }) => {
      const r = await assignEvse({ db: ctx.db, scope: ctx.scope, input });
      rebalanceLater(ctx, ctx.scope.tenantId, r.siteId);
      return r;
    }),
});
