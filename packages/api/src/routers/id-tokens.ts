import {
  createIdToken,
  createIdTokenInput,
  importIdTokensCsv,
  importIdTokensInput,
  listIdTokens,
  listIdTokensInput,
  updateIdToken,
  updateIdTokenInput,
} from '@magma/core/id-tokens';
import { adminProcedure, createTRPCRouter, protectedProcedure } from '../trpc.ts';

export const idTokensRouter = createTRPCRouter({
  list: protectedProcedure
    .input(listIdTokensInput.optional())
    .query(({ ctx, input }) => listIdTokens({ db: ctx.db, scope: ctx.scope, input })),
  create: adminProcedure
    .input(createIdTokenInput)
    .mutation(({ ctx, input }) => createIdToken({ db: ctx.db, scope: ctx.scope, input })),
  import: adminProcedure
    .input(importIdTokensInput)
    .mutation(({ ctx, input }) => importIdTokensCsv({ db: ctx.db, scope: ctx.scope, input })),
  update: adminProcedure
    .input(updateIdTokenInput)
    .mutation(({ ctx, input }) => updateIdToken({ db: ctx.db, scope: ctx.scope, input })),
});
