import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { chargerLogFileResponse, listLogRequests, requestLog } from '@magma/core/diagnostics';
import {
  checkLink,
  createFirmwareImage,
  firmwareDownloadResponse,
  firmwareHistory,
  publishFirmware,
  signedLink,
  unpublishFirmware,
  updateFirmware,
  uploadFirmwareImage,
} from '@magma/core/firmware';
import { tenantScope, vendorScope } from '@magma/core/tenancy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedCharger } from '../src/simulator/index.ts';
import { aFirmwareSigner, chunks, startFileServer, type FileServer } from './firmware-files.ts';
import { aCharger, lastCommand, startHarness, waitFor, type Harness } from './support.ts';

// Firmware (L) and log uploads (N) end to end: an operator's signed image in our store, a
// time-limited link the simulated charger (a real ocpp-rpc client) downloads over HTTP and
// verifies, every status it reports stored on the request; Publish/Unpublish on a 2.0.1 local
// controller; GetLog / GetDiagnostics uploading to our signed URL, the file then the operator's.

let h: Harness;
let fs: FileServer;
let signer: Awaited<ReturnType<typeof aFirmwareSigner>>;
const sims: SimulatedCharger[] = [];
const image = randomBytes(300 * 1024);

async function aSimulatedCharger(protocol: 'OCPP16' | 'OCPP201') {
  const c = await aCharger(h.db, { tenantId: h.tenant.id, protocol });
  const sim = new SimulatedCharger({
    url: h.url,
    identity: c.identity,
    protocol: protocol === 'OCPP16' ? 'ocpp1.6' : 'ocpp2.0.1',
    meterIntervalMs: 0,
  });
  sims.push(sim);
  await sim.start();
  await waitFor(() => h.db.charger.findFirst({ where: { id: c.id, online: true } }));
  return { chargerId: c.id, identity: c.identity };
}

const scope = () => tenantScope(h.tenant.id);
const deps = () => ({ db: h.db, bus: h.bus, scope: scope(), files: fs.files, origin: fs.origin });

async function anImage(signature?: string) {
  const { image: row } = await createFirmwareImage({
    db: h.db,
    scope: scope(),
    input: {
      version: `2.${randomBytes(2).toString('hex')}`,
      fileName: 'fw.bin',
      ...(signature ? { signature, signingCertificate: signer.certificate } : {}),
    },
  });
  const outcome = await uploadFirmwareImage({
    db: h.db,
    scope: scope(),
    store: fs.files.store,
    imageId: row.id,
    body: chunks(image),
  });
  return { id: row.id, outcome };
}

const stepsOf = async (chargerId: string, requestId: number) =>
  (await firmwareHistory({ db: h.db, scope: scope(), input: { chargerId } })).requests.find(
    (r) => r.requestId === requestId,
  )!;

beforeAll(async () => {
  h = await startHarness();
  fs = await startFileServer(h.db);
  signer = await aFirmwareSigner();
});
afterAll(async () => {
  for (const s of sims) await s.close();
  await fs?.close();
  await h?.stop();
});

describe('firmware images', () => {
  it('a signature that is not the file’s is refused at upload: nothing stored, nothing offered', async () => {
    const { id, outcome } = await anImage(signer.sign(Buffer.from('another file')));
    expect(outcome).toMatchObject({ status: 'REJECTED', problem: expect.stringMatching(/signature does not verify/) });
    const row = await h.db.firmwareImage.findUniqueOrThrow({ where: { id } });
    expect(await fs.files.store.size(row.storageKey)).toBeNull();
    const charger = await aSimulatedCharger('OCPP201');
    await expect(
      updateFirmware({ ...deps(), input: { chargerId: charger.chargerId, imageId: id } }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('a signature without its certificate, or a certificate that is not one, is refused before any upload', async () => {
    await expect(
      createFirmwareImage({ db: h.db, scope: scope(), input: { version: '1', fileName: 'a.bin', signature: 'AAAA' } }),
    ).rejects.toMatchObject({ code: 'BAD_INPUT' });
    await expect(
      createFirmwareImage({
        db: h.db,
        scope: scope(),
        input: {
          version: '1',
          fileName: 'a.bin',
          signature: 'AAAA',
          signingCertificate: '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----',
        },
      }),
    ).rejects.toMatchObject({ code: 'BAD_INPUT' });
  });

  it('an expired or forged link is 403; a live one serves the file, and a byte range of it', async () => {
    const { id } = await anImage(signer.sign(image));
    const at = (expiresAt: Date) =>
      signedLink({ key: fs.files.linkKey, purpose: 'firmware', origin: fs.origin, id, expiresAt, fileName: 'fw.bin' });
    const expired = await fetch(at(new Date(Date.now() - 1000)));
    expect([expired.status, await expired.text()]).toEqual([403, 'This link has expired']);
    const live = at(new Date(Date.now() + 60_000));
    const forged = live.replace(/\/([A-Za-z0-9_-]{32})\//, (_, s: string) => `/${s.slice(1)}A/`);
    expect((await fetch(forged)).status).toBe(403);
    // A link for one image does not open another (the id is under the signature).
    const { id: other } = await anImage();
    expect((await fetch(live.replace(id, other))).status).toBe(403);
    const whole = await fetch(live);
    expect(whole.status).toBe(200);
    expect(Buffer.from(await whole.arrayBuffer()).equals(image)).toBe(true);
    const part = await fetch(live, { headers: { range: 'bytes=10-19' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 10-19/${image.length}`);
    expect(Buffer.from(await part.arrayBuffer()).equals(image.subarray(10, 20))).toBe(true);
    const [, , idSeg, exp, sig] = new URL(live).pathname.split('/').slice(1);
    expect(checkLink({ key: fs.files.linkKey, purpose: 'log', id: idSeg!, exp: exp!, sig: sig! })).toEqual({
      ok: false,
      reason: 'forged',
    });
    const late = await firmwareDownloadResponse({
      db: h.db,
      files: fs.files,
      segments: [idSeg!, exp!, sig!],
      request: new Request(live),
      now: new Date(Date.now() + 3_600_000),
    });
    expect(late.status).toBe(403);
  });
});

describe.each([
  ['OCPP201', 'UpdateFirmware', 'FirmwareStatusNotification'],
  ['OCPP16', 'SignedUpdateFirmware', 'SignedFirmwareStatusNotification'],
] as const)('a signed firmware update to an %s charger', (protocol, action, notification) => {
  it(`goes as ${action}; the charger downloads our link, verifies and installs, each step stored`, async () => {
    const charger = await aSimulatedCharger(protocol);
    const { id } = await anImage(signer.sign(image));
    const before = fs.requests.length;
    const result = await updateFirmware({
      ...deps(),
      input: { chargerId: charger.chargerId, imageId: id, retries: 2, retryInterval: 30 },
    });
    expect(result.answer).toBe('Accepted');
    expect(result.command.action).toBe(action);
    const sent = lastCommand(sims.at(-1)!)!.params as { firmware: Record<string, string>; retries: number };
    expect(sent.retries).toBe(2);
    const stored = await h.db.firmwareImage.findUniqueOrThrow({ where: { id } });
    expect(sent.firmware).toMatchObject({ signature: stored.signature, signingCertificate: signer.certificate });
    expect(sent.firmware.location).toMatch(
      new RegExp(`^${fs.origin}/api/firmware/${id}/\\d+/[A-Za-z0-9_-]{32}/fw.bin$`),
    );
    const done = await waitFor(async () => {
      const r = await stepsOf(charger.chargerId, result.requestId);
      return r.finishedAt && r;
    }, 10_000);
    expect(done.steps.map((s) => s.status)).toEqual([
      'Downloading',
      'Downloaded',
      'SignatureVerified',
      'Installing',
      'Installed',
    ]);
    expect(new Set(done.steps.map((s) => s.action))).toEqual(new Set([notification]));
    expect(done).toMatchObject({ status: 'Installed', signed: true, answer: 'Accepted', location: null });
    expect(fs.requests.slice(before)).toContainEqual(expect.objectContaining({ method: 'GET', status: 200 }));
    expect((await h.db.charger.findUniqueOrThrow({ where: { id: charger.chargerId } })).firmwareStatus).toBe(
      'Installed',
    );
  });
});

it('1.6 UpdateFirmware (unsigned) is matched to its request without a request id; an expired link fails the download', async () => {
  const charger = await aSimulatedCharger('OCPP16');
  const { id } = await anImage();
  const ok = await updateFirmware({ ...deps(), input: { chargerId: charger.chargerId, imageId: id } });
  expect(ok.command.action).toBe('UpdateFirmware');
  expect(lastCommand(sims.at(-1)!)!.params).toEqual({
    location: expect.stringContaining(`/api/firmware/${id}/`),
    retrieveDate: expect.any(String),
  });
  const done = await waitFor(async () => {
    const r = await stepsOf(charger.chargerId, ok.requestId);
    return r.finishedAt && r;
  }, 10_000);
  expect(done.steps.map((s) => s.status)).toEqual(['Downloading', 'Downloaded', 'Installing', 'Installed']);
  // An operator's URL is sent as given: here a link of ours that has expired, which the server refuses.
  const location = signedLink({
    key: fs.files.linkKey,
    purpose: 'firmware',
    origin: fs.origin,
    id,
    expiresAt: new Date(Date.now() - 1000),
  });
  const late = await updateFirmware({ ...deps(), input: { chargerId: charger.chargerId, location } });
  const failed = await waitFor(async () => {
    const r = await stepsOf(charger.chargerId, late.requestId);
    return r.finishedAt && r;
  }, 10_000);
  expect(failed.steps.map((s) => s.status)).toEqual(['Downloading', 'DownloadFailed']);
  expect(fs.requests.at(-1)).toMatchObject({ method: 'GET', status: 403 });
});

it('PublishFirmware and UnpublishFirmware on a 2.0.1 local controller', async () => {
  const charger = await aSimulatedCharger('OCPP201');
  const { id } = await anImage();
  const published = await publishFirmware({ ...deps(), input: { chargerId: charger.chargerId, imageId: id } });
  expect(published).toMatchObject({ answer: 'Accepted', checksum: expect.stringMatching(/^[0-9a-f]{32}$/) });
  const done = await waitFor(async () => {
    const r = await stepsOf(charger.chargerId, published.requestId);
    return r.finishedAt && r;
  }, 10_000);
  expect(done).toMatchObject({ kind: 'PUBLISH', status: 'Published' });
  expect(done.steps.map((s) => s.status)).toEqual(['Downloading', 'Downloaded', 'ChecksumVerified', 'Published']);
  const input = { chargerId: charger.chargerId, requestId: published.requestId };
  expect((await unpublishFirmware({ ...deps(), input })).answer).toBe('Unpublished');
  expect((await stepsOf(charger.chargerId, published.requestId)).unpublishedAt).toBeInstanceOf(Date);
  expect((await unpublishFirmware({ ...deps(), input })).answer).toBe('NoFirmware');
  const v16 = await aSimulatedCharger('OCPP16');
  await expect(publishFirmware({ ...deps(), input: { chargerId: v16.chargerId, imageId: id } })).rejects.toMatchObject({
    code: 'BAD_INPUT',
  });
});

describe.each([
  ['OCPP201', 'SecurityLog', 'GetLog'],
  ['OCPP201', 'DiagnosticsLog', 'GetLog'],
  ['OCPP16', 'DiagnosticsLog', 'GetDiagnostics'],
] as const)('%s %s', (protocol, logType, action) => {
  it(`${action}: the charger uploads to our signed URL, the operator downloads it; no one else can`, async () => {
    const charger = await aSimulatedCharger(protocol);
    const result = await requestLog({ ...deps(), input: { chargerId: charger.chargerId, logType } });
    expect(result).toMatchObject({ answer: 'Accepted', command: { action } });
    const log = await waitFor(async () => {
      const { requests } = await listLogRequests({ db: h.db, scope: scope(), input: { chargerId: charger.chargerId } });
      const r = requests.find((q) => q.requestId === result.requestId);
      return r?.status === 'Uploaded' && r;
    }, 10_000);
    expect(log.steps.map((s) => s.status)).toEqual(['Uploading', 'Uploaded']);
    expect(log.file).toMatchObject({ name: expect.stringMatching(/\.txt$/), url: `/api/charger-logs/${log.id}` });
    const res = await chargerLogFileResponse({ db: h.db, scope: scope(), files: fs.files, id: log.id });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain(`${charger.identity} simulated charger log`);
    const other = await h.db.tenant.create({
      data: { slug: `other-${randomBytes(3).toString('hex')}`, name: 'Other' },
    });
    const vendor = await h.db.vendor.create({
      data: { tenantId: h.tenant.id, name: 'Site owner', legalName: 'Site owner' },
    });
    for (const s of [tenantScope(other.id), vendorScope(h.tenant.id, vendor.id), null])
      expect((await chargerLogFileResponse({ db: h.db, scope: s, files: fs.files, id: log.id })).status).toBe(404);
  });
});

it('a log upload with a forged link is 403 and one over the cap is 413; neither replaces the stored file', async () => {
  const charger = await aSimulatedCharger('OCPP201');
  const result = await requestLog({ ...deps(), input: { chargerId: charger.chargerId, logType: 'DiagnosticsLog' } });
  const row = await waitFor(() =>
    h.db.chargerLogRequest.findFirst({ where: { requestId: result.requestId, uploadedAt: { not: null } } }),
  );
  const link = signedLink({
    key: fs.files.linkKey,
    purpose: 'log',
    origin: fs.origin,
    id: row.id,
    expiresAt: new Date(Date.now() + 60_000),
  });
  const forged = signedLink({
    key: randomBytes(32),
    purpose: 'log',
    origin: fs.origin,
    id: row.id,
    expiresAt: new Date(Date.now() + 60_000),
  });
  expect((await fetch(forged, { method: 'PUT', body: 'x' })).status).toBe(403);
  // The test server's cap is 64 KiB (the web app's is MAX_LOG_BYTES): announced, or only streamed.
  expect((await fetch(link, { method: 'PUT', body: new Uint8Array(65 * 1024) })).status).toBe(413);
  expect(
    (
      await fetch(link, {
        method: 'PUT',
        body: Readable.toWeb(Readable.from(chunks(randomBytes(200 * 1024), 8192))),
        duplex: 'half',
      } as RequestInit)
    ).status,
  ).toBe(413);
  const after = await h.db.chargerLogRequest.findUniqueOrThrow({ where: { id: row.id } });
  expect(after).toMatchObject({ fileSize: row.fileSize, uploadedAt: row.uploadedAt });
  const res = await chargerLogFileResponse({ db: h.db, scope: scope(), files: fs.files, id: row.id });
  expect(await res.text()).toContain('simulated charger log');
});

it('firmware history and log requests are the operator’s: another tenant and a vendor get NOT_FOUND', async () => {
  const charger = await aSimulatedCharger('OCPP201');
  const other = await h.db.tenant.create({ data: { slug: `o-${randomBytes(3).toString('hex')}`, name: 'Other' } });
  const vendor = await h.db.vendor.create({ data: { tenantId: h.tenant.id, name: 'V', legalName: 'V' } });
  for (const s of [tenantScope(other.id), vendorScope(h.tenant.id, vendor.id)]) {
    await expect(
      firmwareHistory({ db: h.db, scope: s, input: { chargerId: charger.chargerId } }),
    ).rejects.toMatchObject({
      code: expect.stringMatching(/NOT_FOUND|FORBIDDEN/),
    });
    await expect(
      listLogRequests({ db: h.db, scope: s, input: { chargerId: charger.chargerId } }),
    ).rejects.toMatchObject({
      code: expect.stringMatching(/NOT_FOUND|FORBIDDEN/),
    });
  }
});
