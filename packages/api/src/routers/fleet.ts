import { z } from 'zod';
import {
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

export const fleetRouter = createTRPCRouter({
  kpis: protectedProcedure
    .meta(
      rest('GET', '/fleet/kpis', 'chargers', {
        tag: 'fleet',
        summary: 'Fleet KPIs: active sessions, energy, revenue, connector states',
      }),
    )
    .output(fleetKpisOutput)
    .query(({ ctx }) => getFleetKpis({ db: ctx.db, scope: ctx.scope, tenant: ctx.tenant })),
  powerChart: protectedProcedure
    .meta(rest('GET', '/fleet/power', 'chargers', { tag: 'fleet', summary: 'Fleet power over the last hours' }))
    .output(powerChartOutput)
    .input(z.object({ hours: z.number().int().min(1).max(72).default(24) }).default({ hours: 24 }))
    .query(({ ctx, input }) => getPowerChart({ db: ctx.db, scope: ctx.scope, hours: input.hours })),
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
