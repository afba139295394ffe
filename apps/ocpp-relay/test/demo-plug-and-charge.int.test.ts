import { DEMO_CONTRACTS, seedDemo } from '@magma/core';
import { parseCertificate, verifyOcspResponse, ocspHashData } from '@magma/core/plug-and-charge';
import { startTestOcspResponder } from '@magma/core/plug-and-charge/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoFleet, type DemoFleet } from '../src/simulator/index.ts';
import {
  authorizeContract,
  emaidToken,
  getSubCaStatus,
  PNC_VENDOR_ID,
  plugAndChargeSession,
  requestEvCertificate,
  type SimPlugAndCharge,
} from '../src/simulator/plug-and-charge.ts';
import { SimulatedCharger } from '../src/simulator/simulated-charger.ts';
import { PNC_ENABLED_KEY, pncDataTransferReply } from '../src/simulator/pnc-16.ts';
import { startSimPlugAndCharge } from '../src/simulator/sim-ev-contracts.ts';
import { startHarness, waitFor, type Harness } from './support.ts';

// The demo's Plug & Charge as `npm start` runs it: the demo seed trusts the demo PKI and chooses the
// test provider, the relay may ask only the simulated EVs' loopback OCSP responder (private addresses
// otherwise refused, as in npm start), and simulated 2.0.1 demo chargers authorize the EVs' contracts
// through the real relay: Accepted for a valid contract, CertificateRevoked for the revoked one.

let h: Harness;
let pnc: SimPlugAndCharge;
let demoTenantId: string;
let sim: SimulatedCharger;
let fleet: DemoFleet | undefined;

const valid = () => pnc.evs.find((e) => !e.revoked)!;
const revoked = () => pnc.evs.find((e) => e.revoked)!;

beforeAll(async () => {
  pnc = await startSimPlugAndCharge();
  h = await startHarness({
    plugAndCharge: { keyring: null, allowPrivateAddresses: false, allowedResponderUrls: [pnc.ocspUrl] },
  });
  demoTenantId = (await seedDemo({ db: h.db })).tenantId;
  const cp = await h.db.charger.findFirstOrThrow({
    where: { tenantId: demoTenantId, protocol: 'OCPP201' },
    orderBy: { identity: 'asc' },
    include: { _count: { select: { evses: true } } },
  });
  sim = new SimulatedCharger({
    url: `${h.url}/demo`,
    identity: cp.identity,
    protocol: 'ocpp2.0.1',
    password: 'demo-charger-pass',
    connectors: cp._count.evses,
    meterIntervalMs: 0,
  });
  await sim.start();
});

afterAll(async () => {
  await fleet?.close();
  await sim?.close();
  await h?.stop();
  await pnc?.close();
});

// The same on OCPP 1.6, through the DataTransfer messages of the OCA application note "Using ISO
// 15118 Plug & Charge with OCPP 1.6" (vendorId org.openchargealliance.iso15118pnc): a simulated 1.6
// demo charger with ISO15118PnCEnabled sends the 2.0.1 bodies as DataTransfer data and reads the
// 2.0.1 answers from the answer's data; the CSMS's own messages of the note reach its certificate store.
describe('demo Plug & Charge on OCPP 1.6 (DataTransfer)', () => {
  let sim16: SimulatedCharger;
  let chargerId: string;
  beforeAll(async () => {
    const cp = await h.db.charger.findFirstOrThrow({
      where: { tenantId: demoTenantId, protocol: 'OCPP16' },
      orderBy: { identity: 'asc' },
      include: { _count: { select: { evses: true } } },
    });
    chargerId = cp.id;
    sim16 = new SimulatedCharger({
      url: `${h.url}/demo`,
      identity: cp.identity,
      protocol: 'ocpp1.6',
      password: 'demo-charger-pass',
      connectors: cp._count.evses,
      meterIntervalMs: 0,
    });
    sim16.config.set(PNC_ENABLED_KEY, 'true');
    await sim16.start();
  });
  afterAll(async () => {
    await sim16?.close();
  });
  const since = new Date();
  const messages = (action: string) =>
    h.db.chargerMessage.findMany({
      where: { chargerId, action, receivedAt: { gte: since } },
      orderBy: { id: 'asc' },
      select: { payload: true },
    });

  it('a valid contract is Accepted (hash data and certificate) and its 1.6 session starts with the eMAID', async () => {
    const byHash = await plugAndChargeSession(sim16, pnc, valid(), { evseId: 1 });
    expect(byHash).toMatchObject({ status: 'Accepted', certificateStatus: 'Accepted' });
    const tx = await waitFor(() =>
      h.db.transaction.findFirst({
        where: { tenantId: demoTenantId, chargerId, ocppTransactionId: byHash.transactionId! },
        include: { idToken: true },
      }),
    );
    expect(tx.idToken?.token).toBe(emaidToken(valid().emaid));
    await sim16.stopTransaction({ evseId: 1 });
    expect(await authorizeContract(sim16, pnc, valid(), { sendCertificate: true })).toEqual({
      status: 'Accepted',
      certificateStatus: 'Accepted',
    });
    // What went over the wire is the note's DataTransfer, not a 1.6 Authorize.
    const wire = (await messages('Authorize')).map((m) => m.payload as { certificateStatus?: string });
    expect(wire.map((m) => m.certificateStatus)).toEqual(['Accepted', 'Accepted']);
  });

  it('the revoked contract is CertificateRevoked and no 1.6 session starts', async () => {
    const before = await h.db.transaction.count({ where: { chargerId } });
    expect(await plugAndChargeSession(sim16, pnc, revoked(), { evseId: 1 })).toEqual({
      status: 'Invalid',
      certificateStatus: 'CertificateRevoked',
      transactionId: null,
    });
    expect(await authorizeContract(sim16, pnc, revoked(), { sendCertificate: true })).toMatchObject({
      certificateStatus: 'CertificateRevoked',
    });
    expect(await h.db.transaction.count({ where: { chargerId } })).toBe(before);
  });

  it('GetCertificateStatus and Get15118EVCertificate in DataTransfer are answered and kept', async () => {
    const status = await getSubCaStatus(sim16, pnc);
    expect(status.status).toBe('Accepted');
    const check = verifyOcspResponse({
      der: new Uint8Array(Buffer.from(status.ocspResult!, 'base64')),
      certificate: ocspHashData(pnc.pki.subCa.certificate, pnc.pki.root.certificate),
      issuer: parseCertificate(pnc.pki.root.pem),
      now: new Date(),
    });
    expect(check).toMatchObject({ ok: true, status: 'good' });
    const installed = await requestEvCertificate(sim16);
    expect(installed.status).toBe('Accepted');
    expect(JSON.parse(Buffer.from(installed.exiResponse, 'base64').toString('utf8'))).toMatchObject({
      emaid: expect.stringMatching(/^[A-Z]{2}-/),
    });
    expect((await messages('GetCertificateStatus')).map((m) => (m.payload as { status?: string }).status)).toEqual([
      'Accepted',
    ]);
    expect((await messages('Get15118EVCertificate')).map((m) => (m.payload as { status?: string }).status)).toEqual([
      'Accepted',
    ]);
  });

  it("a 1.6 charger without ISO15118PnCEnabled does not know the note's vendor", async () => {
    sim16.config.set(PNC_ENABLED_KEY, 'false');
    try {
      const answer = pncDataTransferReply(sim16, { vendorId: PNC_VENDOR_ID, messageId: 'TriggerMessage', data: '{}' });
      expect(answer).toEqual({ status: 'UnknownVendorId' });
    } finally {
      sim16.config.set(PNC_ENABLED_KEY, 'true');
    }
  });
});

describe('demo Plug & Charge', () => {
  it('the demo seed trusts the demo PKI, chooses the test provider and has the contracts as id tokens', async () => {
    const anchors = await h.db.contractTrustAnchor.findMany({ where: { tenantId: demoTenantId } });
    expect(anchors.map((a) => a.isRoot).sort()).toEqual([false, true]);
    expect(await h.db.plugAndChargeSettings.findFirst({ where: { tenantId: demoTenantId } })).toMatchObject({
      provider: 'TEST',
    });
    const tokens = await h.db.idToken.findMany({
      where: { tenantId: demoTenantId, type: 'CONTRACT' },
      select: { token: true, status: true },
    });
    expect(tokens.map((t) => t.token).sort()).toEqual(DEMO_CONTRACTS.map((c) => emaidToken(c.emaid)).sort());
    // Seeding again changes nothing.
    await seedDemo({ db: h.db });
    expect(await h.db.contractTrustAnchor.count({ where: { tenantId: demoTenantId } })).toBe(2);
  });

  it('a valid contract is Accepted (hash data and certificate) and its session starts with the eMAID', async () => {
    const byHash = await plugAndChargeSession(sim, pnc, valid(), { evseId: 1 });
    expect(byHash).toMatchObject({ status: 'Accepted', certificateStatus: 'Accepted' });
    expect(byHash.transactionId).toBeTruthy();
    const tx = await waitFor(() =>
      h.db.transaction.findFirst({
        where: { tenantId: demoTenantId, ocppTransactionId: byHash.transactionId! },
        include: { idToken: true },
      }),
    );
    expect(tx.idToken?.token).toBe(emaidToken(valid().emaid));
    await sim.stopTransaction({ evseId: 1 });

    expect(await authorizeContract(sim, pnc, valid(), { sendCertificate: true })).toEqual({
      status: 'Accepted',
      certificateStatus: 'Accepted',
    });
  });

  it('the revoked contract is CertificateRevoked (signed OCSP answer) and no session starts', async () => {
    const before = await h.db.transaction.count({ where: { tenantId: demoTenantId } });
    const r = await plugAndChargeSession(sim, pnc, revoked(), { evseId: 1 });
    expect(r).toEqual({ status: 'Invalid', certificateStatus: 'CertificateRevoked', transactionId: null });
    expect(await authorizeContract(sim, pnc, revoked(), { sendCertificate: true })).toMatchObject({
      certificateStatus: 'CertificateRevoked',
    });
    expect(await h.db.transaction.count({ where: { tenantId: demoTenantId } })).toBe(before);
  });

  it('GetCertificateStatus gives a verifiable OCSP answer; Get15118EVCertificate is answered by the test provider', async () => {
    const status = await getSubCaStatus(sim, pnc);
    expect(status.status).toBe('Accepted');
    const check = verifyOcspResponse({
      der: new Uint8Array(Buffer.from(status.ocspResult!, 'base64')),
      certificate: ocspHashData(pnc.pki.subCa.certificate, pnc.pki.root.certificate),
      issuer: parseCertificate(pnc.pki.root.pem),
      now: new Date(),
    });
    expect(check).toMatchObject({ ok: true, status: 'good' });

    const installed = await requestEvCertificate(sim);
    expect(installed.status).toBe('Accepted');
    const doc = JSON.parse(Buffer.from(installed.exiResponse, 'base64').toString('utf8')) as { emaid: string };
    expect(doc.emaid).toMatch(/^[A-Z]{2}-/);
  });

  it('only the allowed responder URL is asked: a contract naming another loopback responder is not Accepted', async () => {
    const other = await startTestOcspResponder();
    try {
      other.serve(pnc.pki);
      // A contract never checked before (no OCSP answer kept for it), its hash data naming the other URL.
      const fresh = await pnc.pki.issueContract({ emaid: 'IN-MGM-C00000099-D' });
      const answer = (await sim.call('Authorize', {
        idToken: { idToken: 'INMGMC00000099D', type: 'eMAID' },
        iso15118CertificateHashData: [
          { ...ocspHashData(fresh.certificate, pnc.pki.subCa.certificate), responderURL: other.url },
        ],
      })) as { certificateStatus?: string };
      expect(answer.certificateStatus).toBe('CertChainError');
      expect(other.requests()).toBe(0);
    } finally {
      await other.close();
    }
  });

  it('the demo fleet shows both on its Plug & Charge chargers: Accepted and CertificateRevoked in the message log', async () => {
    await sim.close();
    const since = new Date();
    const chargerIds = new Map(
      (await h.db.charger.findMany({ where: { tenantId: demoTenantId }, select: { id: true, identity: true } })).map(
        (c) => [c.identity, c.id],
      ),
    );
    fleet = await startDemoFleet({
      db: h.db,
      url: h.url,
      sessions: 3,
      meterIntervalMs: 0,
      instanceId: h.relay.instanceId,
      plugAndCharge: pnc,
    });
    const seen = await waitFor(async () => {
      const rows = await h.db.chargerMessage.findMany({
        where: { tenantId: demoTenantId, action: 'Authorize', receivedAt: { gte: since } },
        select: { payload: true },
      });
      const statuses = new Set(rows.map((r) => (r.payload as { certificateStatus?: string }).certificateStatus));
      return statuses.has('Accepted') && statuses.has('CertificateRevoked') ? statuses : null;
    }, 20_000);
    expect([...seen]).toEqual(expect.arrayContaining(['Accepted', 'CertificateRevoked']));
    const messages = await h.db.chargerMessage.findMany({
      where: { tenantId: demoTenantId, action: { in: ['GetCertificateStatus', 'Get15118EVCertificate'] } },
      select: { action: true, payload: true },
    });
    expect(
      messages.filter((m) => (m.payload as { status?: string }).status === 'Accepted').map((m) => m.action),
    ).toEqual(expect.arrayContaining(['GetCertificateStatus', 'Get15118EVCertificate']));
    // A 1.6 Plug & Charge charger of the fleet did the same through DataTransfer.
    const from16 = await waitFor(async () => {
      const rows = await h.db.chargerMessage.findMany({
        where: {
          tenantId: demoTenantId,
          receivedAt: { gte: since },
          action: { in: ['Authorize', 'GetCertificateStatus', 'Get15118EVCertificate'] },
          chargerId: {
            in: fleet!.chargers.filter((c) => c.protocol === 'ocpp1.6').map((c) => chargerIds.get(c.identity)!),
          },
        },
        select: { action: true, payload: true },
      });
      const ok = rows.filter((r) => {
        const p = r.payload as { status?: string; certificateStatus?: string };
        return (p.certificateStatus ?? p.status) === 'Accepted';
      });
      return new Set(ok.map((r) => r.action)).size === 3 ? ok : null;
    }, 20_000);
    expect(new Set(from16.map((r) => r.action))).toEqual(
      new Set(['Authorize', 'GetCertificateStatus', 'Get15118EVCertificate']),
    );
  });
});
