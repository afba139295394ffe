import {
  clearChargingProfile,
  clearChargingProfileInput,
  getChargingProfiles,
  getChargingProfilesInput,
  getCompositeSchedule,
  getCompositeScheduleInput,
  listChargingProfiles,
  listChargingProfilesInput,
  listReportedProfiles,
  listReportedProfilesInput,
  setChargingProfile,
  setChargingProfileInput,
} from '@magma/core/smart-charging';
import { AppError } from '../core.ts';
import type { Context } from '../context.ts';
import { createTRPCRouter, operatorProcedure, protectedProcedure } from '../trpc.ts';

// Charging profiles of the charger page (issue #21). Setting, clearing and asking the charger are
// the operator's; the vendor that owns a charger reads what is stored about it.

function busOf(ctx: Pick<Context, 'services'>) {
  const bus = ctx.services.bus;
  if (!bus) throw new AppError('UPSTREAM', 'Charging profiles are unavailable: this server has no message bus');
  return bus;
}

export const smartChargingRouter = createTRPCRouter({
  list: protectedProcedure
    .input(listChargingProfilesInput)
    .query(({ ctx, input }) => listChargingProfiles({ db: ctx.db, scope: ctx.scope, input })),
  reported: protectedProcedure
    .input(listReportedProfilesInput)
    .query(({ ctx, input }) => listReportedProfiles({ db: ctx.db, scope: ctx.scope, input })),
  set: operatorProcedure.input(setChargingProfileInput).mutation(({ ctx, input }) =>
    setChargingProfile({
      db: ctx.db,
      bus: busOf(ctx),
      scope: ctx.scope,
      input,
      timeoutMs: ctx.services.commandTimeoutMs,
    }),
  ),
  clear: operatorProcedure.input(clearChargingProfileInput).mutation(({ ctx, input }) =>
    clearChargingProfile({
      db: ctx.db,
      bus: busOf(ctx),
      scope: ctx.scope,
      input,
      timeoutMs: ctx.services.commandTimeoutMs,
    }),
  ),
  compositeSchedule: operatorProcedure.input(getCompositeScheduleInput).mutation(({ ctx, input }) =>
    getCompositeSchedule({
      db: ctx.db,
      bus: busOf(ctx),
      scope: ctx.scope,
      input,
      timeoutMs: ctx.services.commandTimeoutMs,
    }),
  ),
  requestReport: operatorProcedure.input(getChargingProfilesInput).mutation(({ ctx, input }) =>
    getChargingProfiles({
      db: ctx.db,
      bus: busOf(ctx),
      scope: ctx.scope,
      input,
      timeoutMs: ctx.services.commandTimeoutMs,
    }),
  ),
});
