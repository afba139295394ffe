import { randomBytes, webcrypto } from 'node:crypto';
import { tenantScope } from '@magma/core/tenancy';
import {
  deleteInstalledCertificate,
  installCertificate,
  listChargerCertificates,
  localCertificateAuthority,
  renewExpiringCertificates,
  requestInstalledCertificates,
  triggerCertificateRenewal,
  type CertificateAuthority,
} from '@magma/core/certificates';
import { parseCredentialKeys } from '@magma/core/webhooks';
import type { Db } from '@magma/db';
import { createCertificateAuthority, verifyChain } from '@magma/pki';
import * as x509 from '@peculiar/x509';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedCharger } from '../src/simulator/index.ts';
import { simCertificates } from '../src/simulator/certificates.ts';
import { aCharger, connect, startHarness, waitFor, type Harness } from './support.ts';

// SignCertificate → CertificateSigned through the operator's CA, the certificate store operations
// and the renewal job, with real keys (WebCrypto) and real ocpp-rpc chargers.

const keyring = parseCredentialKeys(`k1:${randomBytes(32).toString('base64')}`);

/** The CA needs the harness's database, which exists only once the relay starts. */
function deferredCa() {
  let real: CertificateAuthority | null = null;
  const ca = (): CertificateAuthority =>
    real ??
    (() => {
      throw new Error('CA used before the database');
    })();
  return {
    bind: (db: Db) => (real = localCertificateAuthority({ db, keyring })),
    ca: {
      sign: (a) => ca().sign(a),
      trustAnchors: (t) => ca().trustAnchors(t),
      rootCertificate: (t) => ca().rootCertificate(t),
    } satisfies CertificateAuthority,
  };
}

async function aCsr(cn: string) {
  const keys = (await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, [
    'sign',
    'verify',
  ])) as webcrypto.CryptoKeyPair;
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({
    name: `CN=${cn}, O=Station Maker`,
    keys,
    signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
  });
  return csr.toString('pem');
}

const pems = (chain: string) => chain.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];

describe('OCPP certificate management', () => {
  let h: Harness;
  const deferred = deferredCa();
  beforeAll(async () => {
    h = await startHarness({ certificates: deferred.ca });
    deferred.bind(h.db);
  });
  afterAll(async () => {
    await h?.stop();
  });

  it.each([
    ['ocpp1.6', 'OCPP16'],
    ['ocpp2.0.1', 'OCPP201'],
  ] as const)(
    '%s SignCertificate is Accepted, then CertificateSigned carries a chain that verifies to the operator root',
    async (version, protocol) => {
      const c = await aCharger(h.db, { tenantId: h.tenant.id, protocol });
      const client = await connect(h.url, c.identity, version);
      const received: Record<string, unknown>[] = [];
      client.handle('CertificateSigned', ({ params }) => {
        received.push(params ?? {});
        return Promise.resolve({ status: 'Accepted' });
      });
      const csr = await aCsr(c.identity);
      const reply = await client.call(
        'SignCertificate',
        version === 'ocpp1.6' ? { csr } : { csr, certificateType: 'ChargingStationCertificate' },
      );
      expect(reply).toEqual({ status: 'Accepted' });
      await waitFor(async () => received.length > 0, 10_000);
      const chain = String(received[0]!.certificateChain);
      if (version === 'ocpp2.0.1') expect(received[0]!.certificateType).toBe('ChargingStationCertificate');
      else expect(received[0]).not.toHaveProperty('certificateType');
      const ca = await h.db.certificateAuthority.findUniqueOrThrow({ where: { tenantId: h.tenant.id } });
      const [leaf, ...rest] = pems(chain);
      const verdict = await verifyChain({ leaf: leaf!, intermediates: rest, roots: [ca.rootCertificatePem] });
      expect(verdict).toEqual({ ok: true, commonName: c.identity });
      const subject = new x509.X509Certificate(leaf!).subjectName;
      expect(subject.getField('O')).toEqual(['Acme Charging']);
      // The CA's keys are sealed, not stored in clear.
      expect(JSON.stringify(ca.sealedKeys)).not.toMatch(/MIG|BEGIN/);
      const issued = await waitFor(() =>
        h.db.issuedCertificate.findFirst({ where: { chargerId: c.id, status: 'ACCEPTED' } }),
      );
      expect(issued).toMatchObject({ answer: 'Accepted', certificateType: 'ChargingStationCertificate' });
      await client.close();
    },
  );

  it("refuses a CSR for another charger's identity and sends nothing", async () => {
    const c = await aCharger(h.db, { tenantId: h.tenant.id, protocol: 'OCPP201' });
    const client = await connect(h.url, c.identity, 'ocpp2.0.1');
    let signed = 0;
    client.handle('CertificateSigned', () => {
      signed++;
      return Promise.resolve({ status: 'Accepted' });
    });
    const reply = await client.call('SignCertificate', { csr: await aCsr('SOMEONE-ELSE') });
    expect(reply).toMatchObject({ status: 'Rejected', statusInfo: { reasonCode: 'InvalidCSR' } });
    await new Promise((r) => setTimeout(r, 300));
    expect(signed).toBe(0);
    expect(await h.db.issuedCertificate.count({ where: { chargerId: c.id } })).toBe(0);
    await client.close();
  });

  it.each([
    ['OCPP201', 'CSMSRootCertificate'],
    ['OCPP16', 'CentralSystemRootCertificate'],
  ] as const)(
    '%s: Install, GetInstalledCertificateIds and Delete round trip with the simulator',
    async (protocol, type) => {
      const c = await aCharger(h.db, { tenantId: h.tenant.id, protocol });
      const sim = new SimulatedCharger({
        url: h.url,
        identity: c.identity,
        protocol: protocol === 'OCPP16' ? 'ocpp1.6' : 'ocpp2.0.1',
        meterIntervalMs: 0,
      });
      await sim.start();
      await waitFor(() => h.db.charger.findFirst({ where: { id: c.id, online: true } }));
      const scope = tenantScope(h.tenant.id);
      const deps = { db: h.db, bus: h.bus, scope, ca: deferred.ca };
      const other = await createCertificateAuthority({ organization: 'Manufacturer' });
      expect(
        await installCertificate({ ...deps, input: { chargerId: c.id, certificateType: type, operatorRoot: true } }),
      ).toMatchObject({ answer: 'Accepted' });
      expect(
        await installCertificate({
          ...deps,
          input: {
            chargerId: c.id,
            certificateType: 'ManufacturerRootCertificate',
            certificate: other.root.certificatePem,
          },
        }),
      ).toMatchObject({ answer: 'Accepted' });
      await expect(
        installCertificate({
          ...deps,
          input: { chargerId: c.id, certificateType: type, certificate: 'not a certificate' },
        }),
      ).rejects.toThrow('not an X.509 certificate');
      expect(simCertificates(sim).installed).toHaveLength(2);

      const listed = await requestInstalledCertificates({ ...deps, input: { chargerId: c.id } });
      expect(listed).toMatchObject({ answer: 'Accepted', installed: 2 });
      const view = await listChargerCertificates({ db: h.db, scope, input: { chargerId: c.id } });
      const ca = await h.db.certificateAuthority.findUniqueOrThrow({ where: { tenantId: h.tenant.id } });
      const ours = view.installed.find((i) => i.certificateType === type)!;
      expect(ours.serialNumber).toBe(
        new x509.X509Certificate(ca.rootCertificatePem).serialNumber.toLowerCase().replace(/^0+/, ''),
      );
      expect(ours.issuerNameHash).toMatch(/^[0-9a-f]{64}$/);

      // Another tenant cannot reach the charger's list or delete from it.
      const otherTenant = await h.db.tenant.create({
        data: { slug: `other-${c.identity.toLowerCase()}`.slice(0, 60), name: 'Other' },
      });
      await expect(
        deleteInstalledCertificate({
          ...deps,
          scope: tenantScope(otherTenant.id),
          input: { chargerId: c.id, installedId: ours.id },
        }),
      ).rejects.toThrow(/No such charger/);

      expect(
        await deleteInstalledCertificate({ ...deps, input: { chargerId: c.id, installedId: ours.id } }),
      ).toMatchObject({ answer: 'Accepted' });
      expect(simCertificates(sim).installed.map((i) => i.type)).toEqual(['ManufacturerRootCertificate']);
      const after = await listChargerCertificates({ db: h.db, scope, input: { chargerId: c.id } });
      expect(after.installed.map((i) => i.certificateType)).toEqual(['ManufacturerRootCertificate']);
      await sim.close();
    },
  );

  it.each(['OCPP16', 'OCPP201'] as const)(
    '%s: a renewal trigger (operator, and the job before expiry) makes the simulator send a CSR that is signed and accepted',
    async (protocol) => {
      const c = await aCharger(h.db, { tenantId: h.tenant.id, protocol });
      const sim = new SimulatedCharger({
        url: h.url,
        identity: c.identity,
        protocol: protocol === 'OCPP16' ? 'ocpp1.6' : 'ocpp2.0.1',
        meterIntervalMs: 0,
      });
      await sim.start();
      await waitFor(() => h.db.charger.findFirst({ where: { id: c.id, online: true } }));
      const scope = tenantScope(h.tenant.id);
      const r = await triggerCertificateRenewal({ db: h.db, bus: h.bus, scope, input: { chargerId: c.id } });
      expect(r.answer).toBe('Accepted');
      const first = await waitFor(
        () => h.db.issuedCertificate.findFirst({ where: { chargerId: c.id, status: 'ACCEPTED' } }),
        10_000,
      );
      expect(simCertificates(sim).own.size).toBe(1);

      // Ends in 10 days: the job (30 days before) triggers a renewal once, and the new one is issued.
      await h.db.issuedCertificate.update({
        where: { id: first.id },
        data: { notAfter: new Date(Date.now() + 10 * 86_400_000) },
      });
      const run = await renewExpiringCertificates({ db: h.db, bus: h.bus });
      expect(run.triggered).toBeGreaterThanOrEqual(1);
      await waitFor(
        async () => (await h.db.issuedCertificate.count({ where: { chargerId: c.id, status: 'ACCEPTED' } })) === 2,
        10_000,
      );
      expect(
        (await h.db.issuedCertificate.findUniqueOrThrow({ where: { id: first.id } })).renewalRequestedAt,
      ).not.toBeNull();
      const again = await renewExpiringCertificates({ db: h.db, bus: h.bus });
      expect(again.triggered).toBe(0);
      await sim.close();
    },
  );
});
