import { z } from 'zod';
import {
  addTrustAnchors,
  addTrustAnchorsInput,
  getPlugAndChargeSettings,
  listTrustAnchors,
  PROVIDER_KINDS,
  removeTrustAnchor,
  savePlugAndChargeSettings,
  savePlugAndChargeSettingsInput,
  type PlugAndChargeOptions,
} from '@magma/core/plug-and-charge';
import type { ApiServices } from '../context.ts';
import { rest } from '../openapi/meta.ts';
import { dateTime } from '../openapi/schemas/common.ts';
import { adminProcedure, createTRPCRouter } from '../trpc.ts';

// Settings → Plug & Charge: the contract certificate authorities an operator trusts (V2G root, MO
// roots and sub-CAs, as PEM) and its contract certificate provider (none, the test PKI, or Hubject
// with OAuth client credentials whose secret goes in and never comes back, only its last four
// characters). Operator admins only; the use cases check the scope again.

const optionsOf = (s: ApiServices): PlugAndChargeOptions => ({
  keyring: s.paymentGateways?.config.keyring ?? s.webhooks?.keyring ?? null,
  allowPrivateAddresses: s.webhooks?.allowPrivateAddresses ?? false,
});

const settingsOutput = z.object({
  provider: z.enum(PROVIDER_KINDS),
  hubjectBaseUrl: z.string().nullable(),
  hubjectTokenUrl: z.string().nullable(),
  hubjectClientId: z.string().nullable(),
  hubjectSecretLast4: z.string().nullable(),
  updatedAt: dateTime.nullable(),
});

const anchorOutput = z.object({
  id: z.string(),
  label: z.string(),
  subject: z.string(),
  fingerprint: z.string(),
  isRoot: z.boolean(),
  notAfter: dateTime,
  createdAt: dateTime,
});

const tag = { tag: 'plug-and-charge' } as const;

export const plugAndChargeRouter = createTRPCRouter({
  settings: adminProcedure
    .meta(rest('GET', '/plug-and-charge/settings', 'tenant', { ...tag, summary: 'The contract certificate provider' }))
    .output(settingsOutput)
    .query(({ ctx }) => getPlugAndChargeSettings({ db: ctx.db, scope: ctx.scope })),
  saveSettings: adminProcedure
    .meta(
      rest('PUT', '/plug-and-charge/settings', 'tenant', {
        ...tag,
        summary: 'Choose the contract certificate provider (the Hubject secret is kept when left out)',
      }),
    )
    .input(savePlugAndChargeSettingsInput)
    .output(settingsOutput)
    .mutation(({ ctx, input }) =>
      savePlugAndChargeSettings({ db: ctx.db, scope: ctx.scope, options: optionsOf(ctx.services), input }),
    ),
  trustAnchors: adminProcedure
    .meta(
      rest('GET', '/plug-and-charge/trust-anchors', 'tenant', {
        ...tag,
        summary: 'Trusted contract certificate authorities',
      }),
    )
    .output(z.array(anchorOutput))
    .query(({ ctx }) => listTrustAnchors({ db: ctx.db, scope: ctx.scope })),
  addTrustAnchors: adminProcedure
    .meta(
      rest('POST', '/plug-and-charge/trust-anchors', 'tenant', {
        ...tag,
        summary: 'Trust the certificates of a PEM bundle (V2G root, MO root, MO sub-CA)',
      }),
    )
    .input(addTrustAnchorsInput)
    .output(z.array(anchorOutput))
    .mutation(({ ctx, input }) => addTrustAnchors({ db: ctx.db, scope: ctx.scope, input })),
  removeTrustAnchor: adminProcedure
    .meta(
      rest('DELETE', '/plug-and-charge/trust-anchors/{id}', 'tenant', {
        ...tag,
        summary: 'Stop trusting a certificate',
      }),
    )
    .input(z.object({ id: z.uuid() }))
    .output(z.object({ removed: z.literal(true) }))
    .mutation(({ ctx, input }) =>
      removeTrustAnchor({ db: ctx.db, scope: ctx.scope, id: input.id }).then(() => ({ removed: true as const })),
    ),
});
