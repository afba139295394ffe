import { z } from 'zod';
import type { Bus } from '@magma/core/bus';
import {
  chargerCertificatesInput,
  deleteInstalledCertificate,
  deleteInstalledCertificateInput,
  installCertificate,
  installCertificateInput,
  listChargerCertificates,
  localCertificateAuthority,
  requestInstalledCertificates,
  requestInstalledCertificatesInput,
  triggerCertificateRenewal,
  triggerCertificateRenewalInput,
} from '@magma/core/certificates';
import type { Scope } from '@magma/core/tenancy';
import type { WebhookSettings } from '@magma/core/webhooks';
import type { Db } from '@magma/db';
import { AppError } from '../core.ts';
import { rest } from '../openapi/meta.ts';
import { createTRPCRouter, operatorProcedure } from '../trpc.ts';

// A charger's certificates (issue #20, A and M): what the operator's CA issued to it, what it
// reports as installed, and the operator's actions on them. Operators only; the use cases in
// @magma/core/certificates. The CA's keys are sealed with the same keys as webhook secrets.

const command = z.object({
  id: z.uuid(),
  action: z.string(),
  status: z.string(),
  response: z.unknown(),
  error: z.string().nullable(),
});
const answered = z.object({ command, answer: z.string() });
const listOutput = z.object({
  protocol: z.enum(['OCPP16', 'OCPP201']),
  issued: z.array(
    z.object({
      id: z.uuid(),
      certificateType: z.string(),
      serialNumber: z.string(),
      commonName: z.string(),
      notBefore: z.date(),
      notAfter: z.date(),
      status: z.string(),
      answer: z.string().nullable(),
      renewalRequestedAt: z.date().nullable(),
      createdAt: z.date(),
    }),
  ),
  installed: z.array(
    z.object({
      id: z.uuid(),
      certificateType: z.string(),
      hashAlgorithm: z.string(),
      issuerNameHash: z.string(),
      issuerKeyHash: z.string(),
      serialNumber: z.string(),
      reportedAt: z.date(),
    }),
  ),
});

type Ctx = {
  db: Db;
  scope: Scope;
  services: { bus?: Bus; commandTimeoutMs?: number; webhooks?: WebhookSettings };
};
function deps(ctx: Ctx) {
  const bus = ctx.services.bus;
  if (!bus) throw new AppError('UPSTREAM', 'Charger commands are unavailable: this server has no message bus');
  return { db: ctx.db, bus, scope: ctx.scope, timeoutMs: ctx.services.commandTimeoutMs };
}

export const certificatesRouter = createTRPCRouter({
  list: operatorProcedure
    .meta(
      rest('GET', '/chargers/{chargerId}/certificates', 'chargers', {
        summary:
          "A charger's certificates: issued by the operator's CA (with the charger's answer) and last reported installed",
      }),
    )
    .input(chargerCertificatesInput)
    .output(listOutput)
    .query(({ ctx, input }) => listChargerCertificates({ db: ctx.db, scope: ctx.scope, input })),
  install: operatorProcedure
    .meta(
      rest('POST', '/chargers/{chargerId}/certificates/installed', 'chargers', {
        summary: "InstallCertificate: a root certificate in PEM, or the operator CA's root, for the charger to trust",
      }),
    )
    .input(installCertificateInput)
    .output(answered)
    .mutation(({ ctx, input }) =>
      installCertificate({
        ...deps(ctx),
        ca: localCertificateAuthority({ db: ctx.db, keyring: ctx.services.webhooks?.keyring ?? null }),
        input,
      }),
    ),
  report: operatorProcedure
    .meta(
      rest('POST', '/chargers/{chargerId}/certificates/installed/report', 'chargers', {
        summary: 'GetInstalledCertificateIds: asks the charger for its installed certificates and stores the list',
      }),
    )
    .input(requestInstalledCertificatesInput)
    .output(z.object({ commands: z.array(command), answer: z.string(), installed: z.number().int() }))
    .mutation(({ ctx, input }) => requestInstalledCertificates({ ...deps(ctx), input })),
  delete: operatorProcedure
    .meta(
      rest('DELETE', '/chargers/{chargerId}/certificates/installed/{installedId}', 'chargers', {
        summary: 'DeleteCertificate: removes one certificate of the reported list from the charger',
      }),
    )
    .input(deleteInstalledCertificateInput)
    .output(answered)
    .mutation(({ ctx, input }) => deleteInstalledCertificate({ ...deps(ctx), input })),
  renew: operatorProcedure
    .meta(
      rest('POST', '/chargers/{chargerId}/certificates/renewal', 'chargers', {
        summary:
          'Starts a renewal: TriggerMessage SignChargingStationCertificate / SignV2GCertificate (1.6: ExtendedTriggerMessage SignChargePointCertificate)',
      }),
    )
    .input(triggerCertificateRenewalInput)
    .output(answered)
    .mutation(({ ctx, input }) => triggerCertificateRenewal({ ...deps(ctx), input })),
});
