import {
  clearChargingProfile,
  clearChargingProfileInput,
  getChargingProfiles,
  getChargingProfilesInput,
  getCompositeSchedule,
  getCompositeScheduleInput,
  getEvChargingState,
  getEvChargingStateInput,
  listChargingProfiles,
  listChargingProfilesInput,
  listReportedProfiles,
  listReportedProfilesInput,
  remoteStartWithProfile,
  remoteStartWithProfileInput,
  setChargingProfile,
  setChargingProfileInput,
} from '@magma/core/smart-charging';
import { AppError } from '../core.ts';
import type { Context } from '../context.ts';
import { rest } from '../openapi/meta.ts';
import {
  chargingProfilesOutput,
  clearChargingProfileOutput,
  compositeScheduleOutput,
  evChargingStateOutput,
  profilesReportRequestOutput,
  reportedProfilesOutput,
  setChargingProfileOutput,
} from '../openapi/schemas/smart-charging.ts';
import { createTRPCRouter, operatorProcedure, protectedProcedure } from '../trpc.ts';

// Charging profiles of the charger page (issue #21). Setting, clearing and asking the charger are
// the operator's; the vendor that owns a charger reads what is stored about it. On REST, reading
// needs chargers:read and anything sent to the charger commands:write, as for the other OCPP actions.

function busOf(ctx: Pick<Context, 'services'>) {
  const bus = ctx.services.bus;
  if (!bus) throw new AppError('UPSTREAM', 'Charging profiles are unavailable: this server has no message bus');
  return bus;
}

const TAG = 'smart-charging';

export const smartChargingRouter = createTRPCRouter({
  list: protectedProcedure
    .meta(
      rest('GET', '/chargers/{chargerId}/charging-profiles', 'chargers', {
        tag: TAG,
        summary: 'Charging profiles set on a charger, and its last composite schedules',
      }),
    )
    .output(chargingProfilesOutput)
    .input(listChargingProfilesInput)
    .query(({ ctx, input }) => listChargingProfiles({ db: ctx.db, scope: ctx.scope, input })),
  evState: protectedProcedure
    .meta(
      rest('GET', '/chargers/{chargerId}/ev-charging-state', 'chargers', {
        tag: TAG,
        summary:
          'Per EVSE: the EV’s charging needs and proposed schedule, external limits in force and their history (2.0.1 K12–K17), and what load balancing sent',
      }),
    )
    .output(evChargingStateOutput)
    .input(getEvChargingStateInput)
    .query(({ ctx, input }) => getEvChargingState({ db: ctx.db, scope: ctx.scope, input })),
  reported: protectedProcedure
    .meta(
      rest('GET', '/chargers/{chargerId}/charging-profile-reports/{requestId}', 'chargers', {
        tag: TAG,
        summary: 'The profiles the charger reported for one report request',
      }),
    )
    .output(reportedProfilesOutput)
    .input(listReportedProfilesInput)
    .query(({ ctx, input }) => listReportedProfiles({ db: ctx.db, scope: ctx.scope, input })),
  set: operatorProcedure
    .meta(
      rest('POST', '/chargers/{chargerId}/charging-profiles', 'commands', {
        tag: TAG,
        summary: 'Send a charging profile (SetChargingProfile) and store it with the charger’s answer',
        idempotent: true,
      }),
    )
    .output(setChargingProfileOutput)
    .input(setChargingProfileInput)
    .mutation(({ ctx, input }) =>
      setChargingProfile({
        db: ctx.db,
        bus: busOf(ctx),
        scope: ctx.scope,
        input,
        timeoutMs: ctx.services.commandTimeoutMs,
      }),
    ),
  clear: operatorProcedure
    .meta(
      rest('POST', '/chargers/{chargerId}/charging-profiles/clear', 'commands', {
        tag: TAG,
        summary: 'Clear profiles by id or by criteria (ClearChargingProfile)',
      }),
    )
    .output(clearChargingProfileOutput)
    .input(clearChargingProfileInput)
    .mutation(({ ctx, input }) =>
      clearChargingProfile({
        db: ctx.db,
        bus: busOf(ctx),
        scope: ctx.scope,
        input,
        timeoutMs: ctx.services.commandTimeoutMs,
      }),
    ),
  compositeSchedule: operatorProcedure
    .meta(
      rest('POST', '/chargers/{chargerId}/composite-schedules', 'commands', {
        tag: TAG,
        summary: 'Ask the charger for its composite schedule of an EVSE (GetCompositeSchedule)',
      }),
    )
    .output(compositeScheduleOutput)
    .input(getCompositeScheduleInput)
    .mutation(({ ctx, input }) =>
      getCompositeSchedule({
        db: ctx.db,
        bus: busOf(ctx),
        scope: ctx.scope,
        input,
        timeoutMs: ctx.services.commandTimeoutMs,
      }),
    ),
  remoteStart: operatorProcedure
    .meta(
      rest('POST', '/chargers/{chargerId}/remote-starts-with-limit', 'commands', {
        tag: TAG,
        summary:
          'Start a session remotely with a limit from its start (a Relative TxProfile in RemoteStartTransaction / RequestStartTransaction), stored with the charger’s answer',
      }),
    )
    .output(setChargingProfileOutput)
    .input(remoteStartWithProfileInput)
    .mutation(({ ctx, input }) =>
      remoteStartWithProfile({
        db: ctx.db,
        bus: busOf(ctx),
        scope: ctx.scope,
        input,
        timeoutMs: ctx.services.commandTimeoutMs,
      }),
    ),
  requestReport: operatorProcedure
    .meta(
      rest('POST', '/chargers/{chargerId}/charging-profile-reports', 'commands', {
        tag: TAG,
        summary: 'Ask the charger to report its installed profiles (GetChargingProfiles); read them by requestId',
      }),
    )
    .output(profilesReportRequestOutput)
    .input(getChargingProfilesInput)
    .mutation(({ ctx, input }) =>
      getChargingProfiles({
        db: ctx.db,
        bus: busOf(ctx),
        scope: ctx.scope,
        input,
        timeoutMs: ctx.services.commandTimeoutMs,
      }),
    ),
});
