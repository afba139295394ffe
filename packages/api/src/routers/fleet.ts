import { z } from 'zod';
import {
  getFleetKpis,
  getPowerChart,
  listConnectorFilterOptions,
  listConnectors,
  listConnectorsInput,
} from '@magma/core/fleet';
import { createTRPCRouter, protectedProcedure } from '../trpc.ts';

export const fleetRouter = createTRPCRouter({
  kpis: protectedProcedure.query(({ ctx }) => getFleetKpis({ db: ctx.db, scope: ctx.scope, tenant: ctx.tenant })),
  powerChart: protectedProcedure
    .input(z.object({ hours: z.number().int().min(1).max(72).default(24) }).default({ hours: 24 }))
    .query(({ ctx, input }) => getPowerChart({ db: ctx.db, scope: ctx.scope, hours: input.hours })),
  connectors: protectedProcedure
    .input(listConnectorsInput.default({ sort: 'identity', dir: 'asc', page: 1, pageSize: 50 }))
    .query(({ ctx, input }) => listConnectors({ db: ctx.db, scope: ctx.scope, input })),
  filterOptions: protectedProcedure.query(({ ctx }) => listConnectorFilterOptions({ db: ctx.db, scope: ctx.scope })),
});
