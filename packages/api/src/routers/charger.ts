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
import { adminProcedure, createTRPCRouter, protectedProcedure } from '../trpc.ts';

export const chargerRouter = createTRPCRouter({
  list: protectedProcedure
    .input(listChargersInput)
    .query(({ ctx, input }) => listChargers({ db: ctx.db, scope: ctx.scope, input })),
  get: protectedProcedure
    .input(chargerIdInput)
    .query(({ ctx, input }) => getCharger({ db: ctx.db, scope: ctx.scope, input })),
  create: adminProcedure
    .input(chargerFields)
    .mutation(({ ctx, input }) => createCharger({ db: ctx.db, scope: ctx.scope, input })),
  update: adminProcedure
    .input(updateChargerInput)
    .mutation(({ ctx, input }) => updateCharger({ db: ctx.db, scope: ctx.scope, input })),
  /** Onboarding: the policy for unknown identities and the chargers waiting for a decision. */
  onboarding: adminProcedure.query(({ ctx }) => getOnboarding({ db: ctx.db, scope: ctx.scope })),
  setUnknownPolicy: adminProcedure
    .input(unknownChargerPolicyInput)
    .mutation(({ ctx, input }) => setUnknownChargerPolicy({ db: ctx.db, scope: ctx.scope, input })),
  setRegistration: adminProcedure
    .input(chargerRegistrationInput)
    .mutation(({ ctx, input }) => setChargerRegistration({ db: ctx.db, scope: ctx.scope, input })),
  import: adminProcedure
    .input(importChargersInput)
    .mutation(({ ctx, input }) => importChargersCsv({ db: ctx.db, scope: ctx.scope, input })),
  /** A new Basic-auth password (typed or generated), returned once. */
  setPassword: adminProcedure
    .input(setChargerPasswordInput)
    .mutation(({ ctx, input }) => setChargerPassword({ db: ctx.db, scope: ctx.scope, input })),
  clearPassword: adminProcedure
    .input(clearChargerPasswordInput)
    .mutation(({ ctx, input }) => clearChargerPassword({ db: ctx.db, scope: ctx.scope, input })),
});
