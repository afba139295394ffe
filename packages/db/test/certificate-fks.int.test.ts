import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../src/testing.ts';

// The certificate tables (pki.prisma) hold a foreign key to Charger, on delete cascade like the
// device-model tables: a charger's issued and installed certificates go with it, and no row can
// name a charger that does not exist.

let t: TestDatabase;
let tenantId: string;

beforeAll(async () => {
  t = await createTestDatabase();
  tenantId = (await t.db.tenant.create({ data: { slug: `fk-${randomUUID().slice(0, 8)}`, name: 'FK' } })).id;
});
afterAll(async () => t?.drop());

const issued = (chargerId: string) => ({
  tenantId,
  chargerId,
  certificateType: 'ChargingStationCertificate',
  serialNumber: randomUUID(),
  commonName: 'CP-1',
  notBefore: new Date(),
  notAfter: new Date(Date.now() + 86_400_000),
  certificatePem: '-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----',
  csrPem: '-----BEGIN CERTIFICATE REQUEST-----\n-----END CERTIFICATE REQUEST-----',
});
const installed = (chargerId: string) => ({
  tenantId,
  chargerId,
  certificateType: 'V2GRootCertificate',
  hashAlgorithm: 'SHA256',
  issuerNameHash: 'aa',
  issuerKeyHash: 'bb',
  serialNumber: randomUUID().slice(0, 8),
});

describe('certificate tables → Charger', () => {
  it("removes a charger's issued and installed certificates with it, and only its own", async () => {
    const [gone, kept] = await Promise.all(
      ['CP-GONE', 'CP-KEPT'].map((identity) =>
        t.db.charger.create({ data: { tenantId, identity, protocol: 'OCPP201' } }),
      ),
    );
    for (const c of [gone!, kept!]) {
      await t.db.issuedCertificate.create({ data: issued(c.id) });
      await t.db.installedCertificate.create({ data: installed(c.id) });
    }
    await t.db.charger.delete({ where: { id: gone!.id } });
    expect(await t.db.issuedCertificate.count({ where: { chargerId: gone!.id } })).toBe(0);
    expect(await t.db.installedCertificate.count({ where: { chargerId: gone!.id } })).toBe(0);
    expect(await t.db.issuedCertificate.count({ where: { chargerId: kept!.id } })).toBe(1);
    expect(await t.db.installedCertificate.count({ where: { chargerId: kept!.id } })).toBe(1);
  });

  it('refuses a certificate row for a charger that does not exist', async () => {
    await expect(t.db.issuedCertificate.create({ data: issued(randomUUID()) })).rejects.toThrow(/foreign key/i);
    await expect(t.db.installedCertificate.create({ data: installed(randomUUID()) })).rejects.toThrow(/foreign key/i);
  });
});
