import { z } from 'zod';
import {
  fleetFilterInput,
  getFleetKpis,
  getPowerChart,
  listConnectorFilterOptions,
  listConnectors,
  listConnectorsInput,
} from '@magma/core/fleet';
import { createTRPCRouter, protectedProcedure } from '../trpc.ts';
import { rest } from '../openapi/meta.ts';
import {
  connectorRowsOutput,
  filterOptionsOutput,
  fleetKpisOutput,
  powerChartOutput,
} from '../openapi/schemas/operations.ts';

// The live bucket (still filling) is the chart's last point, marked partial.
const livePowerChartOutput = z.array(
  powerChartOutput.element.extend({
    partial: z.boolean().optional().describe('The bucket still filling: its average power so far'),
  }),
);

export const fleetRouter = createTRPCRouter({
  kpis: protectedProcedure
    .meta(
      rest('GET', '/fleet/kpis', 'chargers', {
        tag: 'fleet',
        summary: 'Fleet KPIs: active sessions, energy, revenue, connector states',
      }),
    )
    .output(fleetKpisOutput)
    .input(fleetFilterInput.optional())
    .query(({ ctx, input }) => getFleetKpis({ db: ctx.db, scope: ctx.scope, tenant: ctx.tenant, filter: input ?? {} })),
  powerChart: protectedProcedure
    .meta(
      rest('GET', '/fleet/power', 'chargers', {
        tag: 'fleet',
        summary: 'Fleet power over the last hours in 5-minute buckets, ending with the one still filling',
      }),
    )
    .output(livePowerChartOutput)
    .input(
      fleetFilterInput.extend({ hours: z.coerce.number().int().min(1).max(72).default(24) }).default({ hours: 24 }),
    )
    .query(({ ctx, input: { hours, ...filter } }) =>
      getPowerChart({ db: ctx.db, scope: ctx.scope, hours, filter, live: true }),
    ),
  connectors: protectedProcedure
    .meta(
      rest('GET', '/connectors', 'chargers', { tag: 'fleet', summary: 'Live connector list with filters and sorting' }),
    )
    .output(connectorRowsOutput)
    .input(listConnectorsInput.default({ sort: 'identity', dir: 'asc', page: 1, pageSize: 50 }))
    .query(({ ctx, input }) => listConnectors({ db: ctx.db, scope: ctx.scope, input })),
  filterOptions: protectedProcedure
    .meta(
      rest('GET', '/fleet/filter-options', 'chargers', { tag: 'fleet', summary: 'Values for the connector filters' }),
    )
    .output(filterOptionsOutput)
    .query(({ ctx }) => listConnectorFilterOptions({ db: ctx.db, scope: ctx.scope })),
});
