import {
  chargerFields,
  chargerIdInput,
  chargerRegistrationInput,
  clearChargerPassword,
  clearChargerPasswordInput,
  createCharger,
  getCharger,
  getOnboarding,
  importChargersCsv,
  importChargersInput,
  listChargers,
  listChargersInput,
  setChargerPassword,
  setChargerPasswordInput,
  setChargerRegistration,
  setUnknownChargerPolicy,
  unknownChargerPolicyInput,
  updateCharger,
  updateChargerInput,
} from '../core.ts';
import { listFleetChargers, listFleetChargersInput } from '@magma/core/fleet';
import { adminProcedure, createTRPCRouter, protectedProcedure } from '../trpc.ts';
import { rest } from '../openapi/meta.ts';
import {
  chargerImportOutput,
  chargerListOutput,
  chargerOutput,
  chargerPageOutput,
  chargerRecordOutput,
  clearPasswordOutput,
  onboardingOutput,
  registrationOutput,
  setPasswordOutput,
  unknownPolicyOutput,
} from '../openapi/schemas/charger.ts';

export const chargerRouter = createTRPCRouter({
  /** The dashboard's list (one call, up to `limit`); REST serves the same rows a page at a time (page). */
  list: protectedProcedure
    .output(chargerListOutput)
    .input(listChargersInput)
    .query(({ ctx, input }) => listChargers({ db: ctx.db, scope: ctx.scope, input })),
  page: protectedProcedure
    .meta(
      rest('GET', '/chargers', 'chargers', {
        summary:
          'List chargers with their connectors, filtered (site, city, model, firmware, protocol, state, online) and sorted (identity, site, state, lastSeen; - for descending), a page at a time (cursor: the previous page’s nextCursor)',
      }),
    )
    .output(chargerPageOutput)
    .input(listFleetChargersInput.default({ sort: 'identity', limit: 50 }))
    .query(({ ctx, input }) => listFleetChargers({ db: ctx.db, scope: ctx.scope, input })),
  get: protectedProcedure
    .meta(rest('GET', '/chargers/{id}', 'chargers', { summary: 'One charger' }))
    .output(chargerOutput)
    .input(chargerIdInput)
    .query(({ ctx, input }) => getCharger({ db: ctx.db, scope: ctx.scope, input })),
  create: adminProcedure
    .meta(rest('POST', '/chargers', 'chargers', { summary: 'Register a charger', idempotent: true }))
    .output(chargerRecordOutput)
    .input(chargerFields)
    .mutation(({ ctx, input }) => createCharger({ db: ctx.db, scope: ctx.scope, input })),
  update: adminProcedure
    .meta(rest('PATCH', '/chargers/{id}', 'chargers', { summary: 'Change a charger (body: { patch })' }))
    .output(chargerRecordOutput)
    .input(updateChargerInput)
    .mutation(({ ctx, input }) => updateCharger({ db: ctx.db, scope: ctx.scope, input })),
  /** Onboarding: the policy for unknown identities and the chargers waiting for a decision. */
  onboarding: adminProcedure
    .meta(
      rest('GET', '/charger-onboarding', 'chargers', {
        summary: 'Unknown-charger policy and chargers waiting for a decision',
      }),
    )
    .output(onboardingOutput)
    .query(({ ctx }) => getOnboarding({ db: ctx.db, scope: ctx.scope })),
  setUnknownPolicy: adminProcedure
    .meta(
      rest('PUT', '/charger-onboarding/policy', 'chargers', {
        summary: 'Set the policy for unknown charger identities',
      }),
    )
    .output(unknownPolicyOutput)
    .input(unknownChargerPolicyInput)
    .mutation(({ ctx, input }) => setUnknownChargerPolicy({ db: ctx.db, scope: ctx.scope, input })),
  setRegistration: adminProcedure
    .meta(
      rest('PUT', '/chargers/{chargerId}/registration', 'chargers', { summary: 'Accept or reject a waiting charger' }),
    )
    .output(registrationOutput)
    .input(chargerRegistrationInput)
    .mutation(({ ctx, input }) => setChargerRegistration({ db: ctx.db, scope: ctx.scope, input })),
  import: adminProcedure
    .meta(rest('POST', '/chargers/import', 'chargers', { summary: 'Import chargers from CSV', idempotent: true }))
    .output(chargerImportOutput)
    .input(importChargersInput)
    .mutation(({ ctx, input }) => importChargersCsv({ db: ctx.db, scope: ctx.scope, input })),
  /** A new Basic-auth password (typed or generated), returned once. */
  setPassword: adminProcedure
    .meta(
      rest('PUT', '/chargers/{chargerId}/password', 'chargers', {
        summary: 'Set or generate the charger Basic-auth password (returned once)',
      }),
    )
    .output(setPasswordOutput)
    .input(setChargerPasswordInput)
    .mutation(({ ctx, input }) => setChargerPassword({ db: ctx.db, scope: ctx.scope, input })),
  clearPassword: adminProcedure
    .meta(
      rest('DELETE', '/chargers/{chargerId}/password', 'chargers', {
        summary: 'Remove the charger Basic-auth password',
      }),
    )
    .output(clearPasswordOutput)
    .input(clearChargerPasswordInput)
    .mutation(({ ctx, input }) => clearChargerPassword({ db: ctx.db, scope: ctx.scope, input })),
});
