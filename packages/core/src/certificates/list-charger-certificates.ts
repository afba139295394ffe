import type { z } from 'zod';
import type { Db } from '@magma/db';
import { scopedDb } from '../tenancy/scoped-db.ts';
import type { Scope } from '../tenancy/scope.ts';
import { certificateCharger } from './charger.ts';
import { chargerCertificatesInput } from './schemas.ts';

/** What the charger page shows: certificates our CA issued to it, and its last reported installed list. */
export async function listChargerCertificates({
  db,
  scope,
  input,
}: {
  db: Db;
  scope: Scope;
  input: z.input<typeof chargerCertificatesInput>;
}) {
  const { chargerId } = chargerCertificatesInput.parse(input);
  const charger = await certificateCharger(db, scope, chargerId);
  const sdb = scopedDb(db, scope);
  const [issued, installed] = await Promise.all([
    sdb.issuedCertificate.findMany({
      where: { chargerId: charger.id },
      orderBy: { createdAt: 'desc' },
      take: 20,
      select: {
        id: true,
        certificateType: true,
        serialNumber: true,
        commonName: true,
        notBefore: true,
        notAfter: true,
        status: true,
        answer: true,
        renewalRequestedAt: true,
        createdAt: true,
      },
    }),
    sdb.installedCertificate.findMany({
      where: { chargerId: charger.id },
      orderBy: [{ certificateType: 'asc' }, { serialNumber: 'asc' }],
      take: 100,
      select: {
        id: true,
        certificateType: true,
        hashAlgorithm: true,
        issuerNameHash: true,
        issuerKeyHash: true,
        serialNumber: true,
        reportedAt: true,
      },
    }),
  ]);
  return { protocol: charger.protocol, issued, installed };
}
