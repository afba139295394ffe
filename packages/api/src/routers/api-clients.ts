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
import { rest } from '../openapi/meta.ts';
import { apiClientOutput, apiClientSecretOutput, apiClientsOutput } from '../openapi/schemas/integrations.ts';
import { adminProcedure, createTRPCRouter, protectedProcedure } from '../trpc.ts';

// Settings → Developers: OAuth clients (operator admins) and each member's personal API tokens.
// A secret or token is in the answer of the call that made it, once, and stored only hashed.
// Personal tokens are a signed-in member's own and stay off REST: a client-credentials token has
// no member to own one, and a token minting tokens would outlive its own revocation.
const WRITE_NOTE =
  'api-clients:write can make a client with any scope: grant it only to a credential trusted with the whole tenant.';

export const apiClientsRouter = createTRPCRouter({
  list: adminProcedure
    .meta(rest('GET', '/api-clients', 'api-clients', { summary: 'OAuth clients (secrets never returned)' }))
    .output(apiClientsOutput)
    .query(({ ctx }) => listApiClients({ db: ctx.db, scope: ctx.scope })),
  create: adminProcedure
    .meta(
      rest('POST', '/api-clients', 'api-clients', {
        summary: 'Create an OAuth client (client credentials); its secret is in this answer only',
        description: WRITE_NOTE,
        idempotent: true,
      }),
    )
    .output(apiClientSecretOutput)
    .input(createApiClientInput)
    .mutation(({ ctx, input }) => createApiClient({ db: ctx.db, scope: ctx.scope, input })),
  rotateSecret: adminProcedure
    .meta(
      rest('POST', '/api-clients/{id}/secret-rotations', 'api-clients', {
        summary: 'New client secret; the old one keeps working for overlapMs (0: ends now)',
        description: WRITE_NOTE,
        idempotent: true,
      }),
    )
    .output(apiClientSecretOutput)
    .input(rotateApiClientSecretInput)
    .mutation(({ ctx, input }) => rotateApiClientSecret({ db: ctx.db, scope: ctx.scope, input })),
  setEnabled: adminProcedure
    .meta(
      rest('PUT', '/api-clients/{id}/enabled', 'api-clients', {
        summary: 'Disable a client (its tokens stop at once) or enable it again',
      }),
    )
    .output(apiClientOutput)
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
