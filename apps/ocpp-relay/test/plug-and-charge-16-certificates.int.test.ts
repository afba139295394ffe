import { randomBytes } from 'node:crypto';
import {
  deleteInstalledCertificate,
  installCertificate,
  listChargerCertificates,
  requestInstalledCertificates,
  localCertificateAuthority,
  triggerCertificateRenewal,
  type CertificateAuthority,
} from '@magma/core/certificates';
import { tenantScope } from '@magma/core/tenancy';
import { parseCredentialKeys } from '@magma/core/webhooks';
import type { Db } from '@magma/db';
import { X509Certificate } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simCertificates } from '../src/simulator/certificates.ts';
import { PNC_ENABLED_KEY } from '../src/simulator/pnc-16.ts';
import { SimulatedCharger } from '../src/simulator/simulated-charger.ts';
import { aCharger, startHarness, waitFor, type Harness } from './support.ts';

// The CSMS's side of the OCA application note "Using ISO 15118 Plug & Charge with OCPP 1.6" for a
// charger's ISO 15118 certificates: the operator's 2.0.1 actions (InstallCertificate of a V2G or MO
// root, the V2G certificate's renewal) reach a 1.6 charger as the note's DataTransfer, the charger's
// SignCertificate in DataTransfer is signed by the operator's CA and its certificate goes back in
// the note's CertificateSigned. A 1.6 charger without Plug & Charge answers UnknownVendorId.

const keyring = parseCredentialKeys(`k1:${randomBytes(32).toString('base64')}`);

let h: Harness;
let real: CertificateAuthority | null = null;
const ca: CertificateAuthority = {
  sign: (a) => real!.sign(a),
  trustAnchors: (t) => real!.trustAnchors(t),
  rootCertificate: (t) => real!.rootCertificate(t),
};
const bind = (db: Db) => (real = localCertificateAuthority({ db, keyring }));

beforeAll(async () => {
  h = await startHarness({ certificates: ca });
  bind(h.db);
});
afterAll(async () => {
  await h?.stop();
});

async function a16({ pnc }: { pnc: boolean }) {
  const c = await aCharger(h.db, { tenantId: h.tenant.id, protocol: 'OCPP16' });
  const sim = new SimulatedCharger({ url: h.url, identity: c.identity, protocol: 'ocpp1.6', meterIntervalMs: 0 });
  if (pnc) sim.config.set(PNC_ENABLED_KEY, 'true');
  await sim.start();
  return { chargerId: c.id, sim };
}
const deps = () => ({ db: h.db, bus: h.bus, scope: tenantScope(h.tenant.id), ca });
const pncCommands = (chargerId: string) =>
  h.db.chargerCommand
    .findMany({ where: { chargerId, action: 'DataTransfer' }, orderBy: { requestedAt: 'asc' } })
    .then((rows) => rows.map((r) => r.payload as { vendorId: string; messageId: string; data: string }));

describe('1.6 Plug & Charge certificates (OCA application note)', () => {
  it('InstallCertificate of a V2G root goes in DataTransfer and the charger keeps it; the 1.6 roots stay native', async () => {
    const { chargerId, sim } = await a16({ pnc: true });
    const r = await installCertificate({
      ...deps(),
      input: { chargerId, certificateType: 'V2GRootCertificate', operatorRoot: true },
    });
    expect(r.answer).toBe('Accepted');
    const [sent] = await pncCommands(chargerId);
    expect(sent).toMatchObject({ vendorId: 'org.openchargealliance.iso15118pnc', messageId: 'InstallCertificate' });
    expect(JSON.parse(sent!.data)).toMatchObject({ certificateType: 'V2GRootCertificate' });
    expect(simCertificates(sim).installed.map((c) => c.type)).toEqual(['V2GRootCertificate']);

    const native = await installCertificate({
      ...deps(),
      input: { chargerId, certificateType: 'CentralSystemRootCertificate', operatorRoot: true },
    });
    expect(native.answer).toBe('Accepted');
    expect(await h.db.chargerCommand.count({ where: { chargerId, action: 'InstallCertificate' } })).toBe(1);

    // The charger's list: the 1.6 types natively, its ISO 15118 ones through the note.
    const listed = await requestInstalledCertificates({ ...deps(), input: { chargerId } });
    expect(listed).toMatchObject({ answer: 'Accepted', installed: 2 });
    expect((await pncCommands(chargerId)).map((p) => p.messageId)).toEqual([
      'InstallCertificate',
      'GetInstalledCertificateIds',
    ]);
    const view = await listChargerCertificates({ db: h.db, scope: tenantScope(h.tenant.id), input: { chargerId } });
    expect(view.installed.map((i) => i.certificateType).sort()).toEqual([
      'CentralSystemRootCertificate',
      'V2GRootCertificate',
    ]);
    const v2g = view.installed.find((i) => i.certificateType === 'V2GRootCertificate')!;
    const deleted = await deleteInstalledCertificate({ ...deps(), input: { chargerId, installedId: v2g.id } });
    expect(deleted.answer).toBe('Accepted');
    expect((await pncCommands(chargerId)).at(-1)?.messageId).toBe('DeleteCertificate');
    expect(simCertificates(sim).installed.map((c) => c.type)).toEqual(['CentralSystemRootCertificate']);
    await sim.close();
  });

  it("the V2G certificate's renewal: TriggerMessage, the charger's SignCertificate and CertificateSigned, all in DataTransfer", async () => {
    const { chargerId, sim } = await a16({ pnc: true });
    const r = await triggerCertificateRenewal({
      ...deps(),
      input: { chargerId, certificateType: 'V2GCertificate' },
    });
    expect(r.answer).toBe('Accepted');
    const issued = await waitFor(
      () => h.db.issuedCertificate.findFirst({ where: { chargerId, status: 'ACCEPTED' } }),
      10_000,
    );
    expect(issued.certificateType).toBe('V2GCertificate');
    expect((await pncCommands(chargerId)).map((p) => p.messageId)).toEqual(['TriggerMessage', 'CertificateSigned']);
    const chain = simCertificates(sim).own.get('V2GCertificate')!;
    const first = chain.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/)![0];
    expect(new X509Certificate(first).subject).toContain(`CN=${sim.identity}`);
    const asked = await h.db.chargerMessage.findFirst({ where: { chargerId, action: 'SignCertificate' } });
    expect(asked?.payload).toMatchObject({ certificateType: 'V2GCertificate' });
    await sim.close();
  });

  it('a 1.6 charger without Plug & Charge answers UnknownVendorId, which is the outcome shown', async () => {
    const { chargerId, sim } = await a16({ pnc: false });
    const r = await installCertificate({
      ...deps(),
      input: { chargerId, certificateType: 'MORootCertificate', operatorRoot: true },
    });
    expect(r.answer).toBe('UnknownVendorId');
    expect(
      (await triggerCertificateRenewal({ ...deps(), input: { chargerId, certificateType: 'V2GCertificate' } })).answer,
    ).toBe('UnknownVendorId');
    expect(simCertificates(sim).installed).toHaveLength(0);
    // Its report is the 1.6 types only: the note's UnknownVendorId means none, not a failure.
    expect(await requestInstalledCertificates({ ...deps(), input: { chargerId } })).toMatchObject({
      answer: 'Accepted',
      installed: 0,
    });
    await sim.close();
  });
});
