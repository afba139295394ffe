import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@magma/db/testing';
import { exportSessionsCsv } from '@magma/core/sessions';
import { tenantScope, type Scope } from '@magma/core/tenancy';
import { csvStreamResponse } from './csv-stream.ts';

// An export that fails part-way must not reach the client as a complete file. The failure is a
// real one: the table the export reads is renamed away while the download is under way.

let t: TestDatabase;
let scope: Scope;

beforeAll(async () => {
  t = await createTestDatabase();
  const tenant = await t.db.tenant.create({
    data: { slug: 'csv', name: 'CSV', plan: 'OPERATOR_CSMS', themeKey: 'magma' },
  });
  scope = tenantScope(tenant.id);
  const charger = await t.db.charger.create({ data: { tenantId: tenant.id, identity: 'CP-CSV' } });
  await t.db.transaction.createMany({
    data: Array.from({ length: 10 }, (_, i) => ({
      tenantId: tenant.id,
      chargerId: charger.id,
      evseId: 1,
      ocppTransactionId: `tx-${i}`,
      startedAt: new Date(Date.UTC(2026, 0, 1, 0, i)),
    })),
  });
});
afterAll(async () => t?.drop());

const exportOf = (batchSize: number) => exportSessionsCsv({ db: t.db, scope, input: {}, batchSize });
const quiet = () => {};
const KOLKATA = 'Asia/Kolkata';

async function withTransactionTableGone<T>(fn: () => Promise<T>): Promise<T> {
  await t.db.$executeRawUnsafe('ALTER TABLE "Transaction" RENAME TO "Transaction_gone"');
  try {
    return await fn();
  } finally {
    await t.db.$executeRawUnsafe('ALTER TABLE "Transaction_gone" RENAME TO "Transaction"');
  }
}

describe('CSV export streaming', () => {
  it('streams every row of a healthy export', async () => {
    const res = await csvStreamResponse(exportOf(3), { filename: 'sessions', timeZone: KOLKATA, onError: quiet });
    expect(res.status).toBe(200);
    expect((await res.text()).trim().split('\r\n')).toHaveLength(11);
  });

  it("names the file with the tenant's local date-time, the next day in Kolkata at 20:00 UTC", async () => {
    const res = await csvStreamResponse(exportOf(3), {
      filename: 'sessions',
      timeZone: KOLKATA,
      now: new Date('2026-12-06T20:00:00Z'),
      onError: quiet,
    });
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="sessions-2026-12-07-01-30+0530.csv"');
    const [, first] = (await res.text()).split('\r\n');
    // The values are in the same zone, with the offset stated: the sessions began 2026-01-01 00:0x UTC.
    expect(first).toMatch(/,2026-01-01 05:3\d:00 \+05:30,/);
  });

  it('answers 500 without a file when the first query fails', async () => {
    const errors: unknown[] = [];
    const res = await withTransactionTableGone(() =>
      csvStreamResponse(exportOf(3), { filename: 'sessions', timeZone: KOLKATA, onError: (e) => errors.push(e) }),
    );
    expect(res.status).toBe(500);
    expect(await res.text()).toBe('The export failed');
    expect(String(errors[0])).toMatch(/Transaction/);
  });

  it('breaks the transfer when a later batch fails, so the download is not complete', async () => {
    const errors: unknown[] = [];
    const res = await csvStreamResponse(exportOf(3), {
      filename: 'sessions',
      timeZone: KOLKATA,
      onError: (e) => errors.push(e),
    });
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    expect(first).toMatch(/^session_id,/);
    await withTransactionTableGone(async () => {
      let read = '';
      const drained = (async () => {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) return 'ended';
          read += new TextDecoder().decode(value);
        }
      })();
      await expect(drained).rejects.toThrow();
      expect(read.split('\r\n').length - 1).toBeLessThan(10);
    });
    expect(errors).toHaveLength(1);
  });
});
