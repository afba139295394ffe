import {
  createApiClient,
  createApiClientInput,
  createPersonalToken,
  createPersonalTokenInput,
  listApiClients,
  listPersonalTokens,
  revokePersonalToken,
  revokePersonalTokenInput,
  rotateApiClientSecret,
  rotateApiClientSecretInput,
  setApiClientEnabled,
  setApiClientEnabledInput,
} from '@magma/core/oauth';
import { adminProcedure, createTRPCRouter, protectedProcedure } from '../trpc.ts';

// Settings → Developers: OAuth clients (operator admins) and each member's personal API tokens.
// A secret or token is in the answer of the call that made it, once, and stored only hashed.
export const apiClientsRouter = createTRPCRouter({
  list: adminProcedure.query(({ ctx }) => listApiClients({ db: ctx.db, scope: ctx.scope })),
  create: adminProcedure
    .input(createApiClientInput)
    .mutation(({ ctx, input }) => createApiClient({ db: ctx.db, scope: ctx.scope, input })),
  rotateSecret: adminProcedure
    .input(rotateApiClientSecretInput)
    .mutation(({ ctx, input }) => rotateApiClientSecret({ db: ctx.db, scope: ctx.scope, input })),
  setEnabled: adminProcedure
    .input(setApiClientEnabledInput)
    .mutation(({ ctx, input }) => setApiClientEnabled({ db: ctx.db, scope: ctx.scope, input })),
  listPersonalTokens: protectedProcedure.query(({ ctx }) => listPersonalTokens({ db: ctx.db, scope: ctx.scope })),
  createPersonalToken: protectedProcedure
    .input(createPersonalTokenInput)
    .mutation(({ ctx, input }) => createPersonalToken({ db: ctx.db, scope: ctx.scope, input })),
  revokePersonalToken: protectedProcedure
    .input(revokePersonalTokenInput)
    .mutation(({ ctx, input }) => revokePersonalToken({ db: ctx.db, scope: ctx.scope, input })),
});
