import { createHash, randomUUID } from 'node:crypto';
import { writeFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parquetReadObjects } from 'hyparquet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@magma/db';
import { createTestDatabase, type TestDatabase } from '@magma/db/testing';
import { parseCredentialKeys } from '@magma/payments';
import { aConnector, aTenant } from '../tariffs/tariffs.fixtures.ts';
import { tenantScope, vendorScope } from '../tenancy/scope.ts';
import { s3ClientFor, type ExportSettings } from './destination.ts';
import type { Manifest } from './export-objects.ts';
import { uploadFile } from './export-objects.ts';
import { getExportDestination } from './get-export-destination.ts';
import { getExportRun } from './list-export-runs.ts';
import { requestExport } from './request-export.ts';
import { runDueExports } from './run-due-exports.ts';
import { startS3TestServer, type S3TestServer } from './s3-test-server.ts';
import { saveExportDestination } from './save-export-destination.ts';
import { testExportDestination } from './test-export-destination.ts';

// The warehouse export end to end: a real PostgreSQL and a local S3-compatible server that checks
// every request's SigV4 signature. Parquet is read back with another library (hyparquet) and
// compared with the database; tenant B's rows must never reach tenant A's objects.

const creds = { accessKeyId: 'AKIAEXPORTTEST', secretAccessKey: 'export-test-secret-0123456789abcdef', region: 'auto' };
const bucket = 'warehouse';
const settings: ExportSettings = {
  keyring: parseCredentialKeys(`exp:${Buffer.alloc(32, 7).toString('base64')}`),
  allowPrivateAddresses: true,
};

let t: TestDatabase;
let db: Db;
let s3: S3TestServer;
let A: { id: string; chargerId: string };
let B: { id: string; chargerId: string };

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const arrayBufferOf = (b: Buffer) => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;

function manifestOf(key: string | null): Manifest {
  expect(key).toBeTruthy();
  return JSON.parse(s3.objects.get(key!)!.body.toString('utf8')) as Manifest;
}

async function parquetRows(m: Manifest, dataset: string) {
  const obj = m.datasets.find((d) => d.name === dataset)!.objects.find((o) => o.format === 'parquet');
  if (!obj) return [];
  return parquetReadObjects({ file: arrayBufferOf(s3.objects.get(obj.key)!.body) });
}

/** What the worker's tick does: queue due scheduled runs, run the queued ones. */
const tick = () => runDueExports({ db, settings, settleMs: 0, pageSize: 4 });

async function exportNow(tenantId: string) {
  const run = await requestExport({ db, scope: tenantScope(tenantId), input: {} });
  const results = await tick();
  const mine = results.find((r) => r.runId === run.id);
  expect(mine).toBeDefined();
  return mine!;
}

async function aSession(tenantId: string, chargerId: string, { samples = 3, amountMinor = 25_000 } = {}) {
  const payment = await db.payment.create({
    data: {
      tenantId,
      provider: 'RAZORPAY',
      amountMinor,
      capturedMinor: amountMinor,
      providerOrderId: `order_${randomUUID()}`,
    },
  });
  const started = new Date('2026-11-30T10:00:00Z');
  const tx = await db.transaction.create({
    data: {
      tenantId,
      chargerId,
      evseId: 1,
      ocppTransactionId: randomUUID(),
      status: 'COMPLETED',
      startedAt: started,
      stoppedAt: new Date('2026-11-30T11:00:00Z'),
      energyWh: 12_345,
      costMinor: 21_186,
      taxMinor: 3_814,
      pricedAt: new Date('2026-11-30T11:00:01Z'),
      paymentId: payment.id,
      costLines: [
        {
          dimension: 'ENERGY',
          label: 'Day',
          from: started.getTime(),
          to: started.getTime() + 3_600_000,
          quantity: 12_345_000,
          unit: 'mWh',
          unitPriceMinor: 1_700,
          per: 'kWh',
          amountMinor: 20_986,
          taxMinor: 3_778,
          sponsorMinor: 0,
          sponsorId: null,
          free: false,
          elementIndex: 0,
        },
        {
          dimension: 'FLAT',
          label: 'Session fee',
          from: started.getTime(),
          to: started.getTime(),
          quantity: 1,
          unit: 'session',
          unitPriceMinor: 200,
          per: 'session',
          amountMinor: 200,
          taxMinor: 36,
          sponsorMinor: 0,
          sponsorId: null,
          free: false,
          elementIndex: 1,
        },
      ],
    },
  });
  await db.meterSample.createMany({
    data: Array.from({ length: samples }, (_, i) => ({
      tenantId,
      chargerId,
      transactionId: tx.id,
      evseId: 1,
      timestamp: new Date(started.getTime() + i * 60_000),
      value: 1000 + i * 411.5,
      unit: 'Wh',
    })),
  });
  return { tx, payment };
}

beforeAll(async () => {
  t = await createTestDatabase();
  db = t.db;
  s3 = await startS3TestServer({ bucket, ...creds });
  for (const which of ['A', 'B'] as const) {
    const tenant = await aTenant(db);
    const { charger } = await aConnector(db, { tenantId: tenant.id });
    const ids = { id: tenant.id, chargerId: charger.id };
    if (which === 'A') A = ids;
    else B = ids;
    await saveExportDestination({
      db,
      scope: tenantScope(tenant.id),
      settings,
      input: {
        endpointUrl: s3.endpoint,
        region: creds.region,
        bucket,
        accessKeyId: creds.accessKeyId,
        secretAccessKey: creds.secretAccessKey,
        prefix: 'exports',
        format: 'BOTH',
        schedule: 'DAILY',
      },
    });
  }
  // Tenant A: 3 sessions (11 meter samples, 6 priced lines), 3 payments, a closed week's 2 statements.
  await aSession(A.id, A.chargerId, { samples: 5 });
  await aSession(A.id, A.chargerId, { samples: 4, amountMinor: 99_999 });
  await aSession(A.id, A.chargerId, { samples: 2 });
  const week = await db.settlementWeek.create({
    data: {
      tenantId: A.id,
      weekStart: new Date('2026-11-23T00:00:00Z'),
      weekEnd: new Date('2026-11-30T00:00:00Z'),
      status: 'CLOSED',
    },
  });
  for (const vendorId of [randomUUID(), randomUUID()])
    await db.settlementStatement.create({
      data: {
        tenantId: A.id,
        weekId: week.id,
        vendorId,
        sessions: 2,
        energyWh: 24_690,
        grossMinor: 42_372,
        gstMinor: 7_628,
        netPayableMinor: 38_000,
      },
    });
  // Tenant B: its own session in the same bucket.
  await aSession(B.id, B.chargerId, { samples: 3, amountMinor: 77_777 });
});

afterAll(async () => {
  await s3?.close();
  await t?.drop();
});

describe('warehouse export', () => {
  it('tests the connection with the stored (sealed) credentials, and says why when they are wrong', async () => {
    expect(await testExportDestination({ db, scope: tenantScope(A.id), settings })).toMatchObject({ ok: true });
    const shown = await getExportDestination({ db, scope: tenantScope(A.id) });
    expect(shown?.secretLast4).toBe('cdef');
    expect(JSON.stringify(shown)).not.toContain(creds.secretAccessKey);
    const stored = await db.exportDestination.findUniqueOrThrow({ where: { tenantId: A.id } });
    expect(JSON.stringify(stored.secretSealed)).not.toContain(creds.secretAccessKey);

    const wrongTenant = (await aTenant(db)).id;
    await saveExportDestination({
      db,
      scope: tenantScope(wrongTenant),
      settings,
      input: {
        endpointUrl: s3.endpoint,
        region: creds.region,
        bucket,
        accessKeyId: creds.accessKeyId,
        secretAccessKey: 'not-the-secret-key',
        enabled: false,
      },
    });
    const refused = await testExportDestination({ db, scope: tenantScope(wrongTenant), settings });
    expect(refused.ok).toBe(false);
    expect(refused.message).toMatch(/SignatureDoesNotMatch|403/);
    expect(s3.rejected.at(-1)).toMatch(/signature does not match/);
  });

  it('refuses staff and vendor users, and private endpoints unless allowed', async () => {
    await expect(getExportDestination({ db, scope: tenantScope(A.id, 'OPERATOR_STAFF') })).rejects.toThrow();
    await expect(requestExport({ db, scope: vendorScope(A.id, randomUUID()), input: {} })).rejects.toThrow();
    await expect(
      saveExportDestination({
        db,
        scope: tenantScope(A.id),
        settings: { ...settings, allowPrivateAddresses: false },
        input: { endpointUrl: 'http://127.0.0.1:9/', region: 'auto', bucket, accessKeyId: 'x', secretAccessKey: 'y' },
      }),
    ).rejects.toThrow(/private/);
  });

  it('first run: every row of the tenant in Parquet and CSV, equal to the database, listed in the manifest', async () => {
    await requestExport({ db, scope: tenantScope(B.id), input: {} });
    const result = await exportNow(A.id);
    expect(result).toMatchObject({ status: 'SUCCEEDED', error: null });
    expect(s3.rejected.filter((r) => !r.includes('signature does not match'))).toEqual([]);
    const m = manifestOf(result.manifestKey);
    expect(m).toMatchObject({ schemaVersion: 1, tenantId: A.id, trigger: 'MANUAL' });
    expect(Object.fromEntries(m.datasets.map((d) => [d.name, d.rows]))).toEqual({
      sessions: 3,
      priced_lines: 6,
      meter_samples: 11,
      payments: 3,
      settlements: 2,
    });
    for (const d of m.datasets)
      for (const o of d.objects) {
        const stored = s3.objects.get(o.key)!;
        expect(o.key.startsWith(`exports/tenant=${A.id}/${d.name}/`)).toBe(true);
        expect({ sha256: sha(stored.body), bytes: stored.body.length }).toEqual({ sha256: o.sha256, bytes: o.bytes });
      }

    const sessions = await parquetRows(m, 'sessions');
    const txs = await db.transaction.findMany({
      where: { tenantId: A.id },
      orderBy: [{ updatedAt: 'asc' }, { id: 'asc' }],
    });
    expect(
      sessions.map((r) => [
        r.id,
        r.tenant_id,
        r.cost_minor,
        r.tax_minor,
        r.currency,
        (r.started_at as Date).toISOString(),
      ]),
    ).toEqual(
      txs.map((x) => [x.id, A.id, BigInt(x.costMinor!), BigInt(x.taxMinor!), 'INR', x.startedAt.toISOString()]),
    );
    const samples = await parquetRows(m, 'meter_samples');
    const dbSamples = await db.meterSample.findMany({ where: { tenantId: A.id }, orderBy: { id: 'asc' } });
    expect(samples.map((r) => [r.id, r.value, (r.sampled_at as Date).getTime()])).toEqual(
      dbSamples.map((s) => [s.id, s.value, s.timestamp.getTime()]),
    );
    const payments = await parquetRows(m, 'payments');
    expect(payments.map((p) => p.amount_minor).sort()).toEqual([25_000n, 25_000n, 99_999n]);
    expect(Object.keys(payments[0]!)).not.toContain('email');
    const lines = await parquetRows(m, 'priced_lines');
    expect(lines.reduce((s, l) => s + (l.amount_minor as bigint) + (l.tax_minor as bigint), 0n)).toBe(
      3n * (20_986n + 3_778n + 200n + 36n),
    );
    const statements = await parquetRows(m, 'settlements');
    expect(statements.map((s) => [s.net_payable_minor, s.currency])).toEqual([
      [38_000n, 'INR'],
      [38_000n, 'INR'],
    ]);

    const csv = m.datasets.find((d) => d.name === 'meter_samples')!.objects.find((o) => o.format === 'csv')!;
    // No value of this dataset holds a comma or a quote, so a plain split reads it.
    const [header, ...csvLines] = s3.objects.get(csv.key)!.body.toString('utf8').trim().split('\n');
    const cols = header!.split(',');
    const csvRows = csvLines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i], v])));
    expect(csvRows.map((r) => [r.id, r.sampled_at, r.tenant_id])).toEqual(
      dbSamples.map((s) => [String(s.id), s.timestamp.toISOString(), A.id]),
    );

    // Tenant B's rows are in B's own objects only.
    const bIds = [B.id, ...(await db.transaction.findMany({ where: { tenantId: B.id } })).map((x) => x.id)];
    for (const key of s3.keys(`exports/tenant=${A.id}/`)) {
      const text = s3.objects.get(key)!.body.toString('latin1');
      for (const id of bIds) expect(text, key).not.toContain(id);
    }
    expect(s3.keys(`exports/tenant=${B.id}/`).length).toBeGreaterThan(0);
  });

  it('second run without new rows exports nothing new: an empty manifest, same watermarks', async () => {
    const before = (await db.exportDestination.findUniqueOrThrow({ where: { tenantId: A.id } })).watermarks;
    const objectsBefore = s3.keys(`exports/tenant=${A.id}/`).filter((k) => !k.includes('/manifests/'));
    const result = await exportNow(A.id);
    const m = manifestOf(result.manifestKey);
    expect(m.datasets.map((d) => [d.rows, d.objects.length])).toEqual(Array(5).fill([0, 0]));
    expect(s3.keys(`exports/tenant=${A.id}/`).filter((k) => !k.includes('/manifests/'))).toEqual(objectsBefore);
    expect((await db.exportDestination.findUniqueOrThrow({ where: { tenantId: A.id } })).watermarks).toEqual(before);
  });

  it('new and changed rows: only they are exported', async () => {
    const changed = await db.transaction.findFirstOrThrow({ where: { tenantId: A.id } });
    await db.transaction.update({ where: { id: changed.id }, data: { stopReason: 'EVDisconnected' } });
    const { tx } = await aSession(A.id, A.chargerId, { samples: 1 });
    const result = await exportNow(A.id);
    const m = manifestOf(result.manifestKey);
    expect(Object.fromEntries(m.datasets.map((d) => [d.name, d.rows]))).toMatchObject({
      sessions: 2,
      meter_samples: 1,
      payments: 1,
      settlements: 0,
    });
    expect((await parquetRows(m, 'sessions')).map((r) => r.id)).toEqual([changed.id, tx.id]);
    const run = await getExportRun({ db, scope: tenantScope(A.id), id: result.runId });
    expect(run).toMatchObject({ status: 'SUCCEEDED', datasetsDone: 5, rowsTotal: 6, rowsExported: 6 });
  });

  it('a failed upload leaves the watermarks where they were; the next run exports the same rows', async () => {
    await aSession(A.id, A.chargerId, { samples: 6 });
    const before = (await db.exportDestination.findUniqueOrThrow({ where: { tenantId: A.id } })).watermarks;
    s3.failWrites((key) => key.includes('/meter_samples/'));
    const failed = await exportNow(A.id);
    s3.failWrites(null);
    expect(failed).toMatchObject({ status: 'FAILED', manifestKey: null });
    expect(failed.error).toMatch(/InternalError|500/);
    expect((await getExportRun({ db, scope: tenantScope(A.id), id: failed.runId })).status).toBe('FAILED');
    expect((await db.exportDestination.findUniqueOrThrow({ where: { tenantId: A.id } })).watermarks).toEqual(before);

    const retried = await exportNow(A.id);
    expect(retried.status).toBe('SUCCEEDED');
    const m = manifestOf(retried.manifestKey);
    expect(m.datasets.find((d) => d.name === 'meter_samples')!.rows).toBe(6);
    expect(m.datasets.find((d) => d.name === 'sessions')!.rows).toBe(1);
  });

  it('the worker queues a scheduled run when the slot comes, once, and none while one is pending', async () => {
    await db.exportDestination.update({ where: { tenantId: B.id }, data: { nextRunAt: new Date(Date.now() - 1000) } });
    const [first, second] = await Promise.all([tick(), tick()]);
    const bRuns = [...first, ...second].filter((r) => r.tenantId === B.id);
    expect(bRuns).toHaveLength(1);
    const next = (await db.exportDestination.findUniqueOrThrow({ where: { tenantId: B.id } })).nextRunAt;
    expect(next.getTime()).toBeGreaterThan(Date.now());
    expect(next.toISOString()).toMatch(/T00:00:00\.000Z$/);
  });

  it('a large object goes up as a multipart upload, each part signed', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'magma-export-test-'));
    try {
      const body = Buffer.alloc(9 * 1024 * 1024, 'magma-');
      const path = join(dir, 'big.csv');
      await writeFile(path, body);
      const client = s3ClientFor(
        { endpointUrl: s3.endpoint, bucket, prefix: '', forcePathStyle: true, ...creds },
        settings,
      );
      await uploadFile({ s3: client, bucket, key: 'big/part.csv', path, format: 'csv', sha256: sha(body) });
      client.destroy();
      expect(sha(s3.objects.get('big/part.csv')!.body)).toBe(sha(body));
      expect(s3.log.filter((l) => l.startsWith('PUT big/part.csv?') && l.includes('partNumber='))).toHaveLength(2);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
