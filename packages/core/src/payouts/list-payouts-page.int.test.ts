import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@magma/db/testing';
import { AppError } from '../errors/app-error.ts';
import { demoFleet, type DemoFleet } from '../fleet/test-builders.ts';
import { exportPayoutsCsv, listPayoutsPage, sumPayouts } from './list-payouts-page.ts';

let t: TestDatabase;
let fleet: DemoFleet;
let runId: string;
const ids: string[] = [];

beforeAll(async () => {
  t = await createTestDatabase();
  fleet = await demoFleet(t.db);
  const run = await t.db.payoutRun.create({ data: { tenantId: fleet.tenantId, rail: 'OFFLINE' } });
  runId = run.id;
  // Payouts i = 0..9, a day apart from 1 Nov: Sunrise's on even days, amounts 100.50 × (i + 1) rupees.
  for (let i = 0; i < 10; i++) {
    const p = await t.db.payout.create({
      data: {
        tenantId: fleet.tenantId,
        runId,
        vendorId: i % 2 === 0 ? fleet.sunrise.vendorId! : fleet.highway.vendorId!,
        amountMinor: BigInt(10050 * (i + 1)),
        rail: 'OFFLINE',
        idempotencyKey: `pg-${runId}-${i}`,
        status: i < 3 ? 'FAILED' : 'PROCESSED',
        utr: i < 3 ? null : `UTR00000000${i}`,
        createdAt: new Date(Date.UTC(2026, 10, 1 + i, 20, 0)),
      },
    });
    ids.push(p.id);
  }
});
afterAll(async () => t.drop());

type Input = NonNullable<Parameters<typeof listPayoutsPage>[0]['input']>;

async function walk(input: Input, scope = fleet.operator) {
  const pages: string[][] = [];
  let cursor: string | undefined;
  do {
    const page = await listPayoutsPage({ db: t.db, scope, input: { runId, ...input, cursor } });
    pages.push(page.items.map((p) => String(ids.indexOf(p.id))));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return pages;
}

describe('the Payouts list at fleet scale', () => {
  it('pages newest first and back again', async () => {
    expect(await walk({ limit: 4 })).toEqual([
      ['9', '8', '7', '6'],
      ['5', '4', '3', '2'],
      ['1', '0'],
    ]);
    const p1 = await listPayoutsPage({ db: t.db, scope: fleet.operator, input: { runId, limit: 4 } });
    const p2 = await listPayoutsPage({
      db: t.db,
      scope: fleet.operator,
      input: { runId, limit: 4, cursor: p1.nextCursor! },
    });
    const p3 = await listPayoutsPage({
      db: t.db,
      scope: fleet.operator,
      input: { runId, limit: 4, cursor: p2.nextCursor! },
    });
    expect([p1.hasPrevious, p2.hasPrevious, p3.hasPrevious]).toEqual([false, true, true]);
    expect(p2.previousCursor).toBeNull();
    const back = await listPayoutsPage({
      db: t.db,
      scope: fleet.operator,
      input: { runId, limit: 4, cursor: p3.previousCursor! },
    });
    expect(back.items.map((p) => p.id)).toEqual(p2.items.map((p) => p.id));
  });

  it('sorts by amount (a BigInt column) across pages', async () => {
    expect((await walk({ limit: 3, sort: '-amount' })).flat()).toEqual([
      '9',
      '8',
      '7',
      '6',
      '5',
      '4',
      '3',
      '2',
      '1',
      '0',
    ]);
    expect((await walk({ limit: 3, sort: 'amount' }))[0]).toEqual(['0', '1', '2']);
  });

  it.each([
    [{ status: 'FAILED' }, ['2', '1', '0']],
    // Kolkata's 4 to 6 Nov (the page turns days into instants): payout 2 was made 3 Nov 20:00 UTC,
    // 4 Nov 01:30 there; payout 5 on 7 Nov 01:30 there, past the range.
    [{ from: '2026-11-03T18:30:00.000Z', to: '2026-11-06T18:30:00.000Z' }, ['4', '3', '2']],
  ] as const)('filters %j', async (filter, expected) => {
    expect((await walk({ limit: 50, ...filter })).flat()).toEqual(expected);
  });

  it('filters by vendor for an operator; a vendor user sees only its own, with totals to match', async () => {
    expect((await walk({ vendorId: fleet.highway.vendorId! })).flat()).toEqual(['9', '7', '5', '3', '1']);
    expect((await walk({ vendorId: fleet.highway.vendorId! }, fleet.sunrise)).flat()).toEqual([
      '8',
      '6',
      '4',
      '2',
      '0',
    ]);
    expect(await sumPayouts({ db: t.db, scope: fleet.sunrise, input: { runId } })).toEqual({
      payouts: 5,
      amountMinor: 10050 * (1 + 3 + 5 + 7 + 9),
    });
  });

  it('refuses an empty date range', async () => {
    await expect(
      listPayoutsPage({
        db: t.db,
        scope: fleet.operator,
        input: { from: '2026-11-05T00:00:00Z', to: '2026-11-01T00:00:00Z' },
      }),
    ).rejects.toSatisfy((e: unknown) => AppError.is(e) && e.code === 'BAD_INPUT');
  });

  it('exports CSV with rupees to two decimals and times in the tenant’s zone', async () => {
    let s = '';
    for await (const c of exportPayoutsCsv({
      db: t.db,
      scope: fleet.operator,
      input: { runId, sort: 'amount', status: '' },
      batchSize: 3,
    }))
      s += c;
    const lines = s.split('\r\n').filter(Boolean);
    expect(lines).toHaveLength(11);
    expect(lines[0]).toBe(
      'payout_id,created_at,vendor,amount_inr,amount_paise,currency,rail,status,utr,failure_reason,updated_at,run_id',
    );
    expect(lines[1]!.split(',').slice(0, 8)).toEqual([
      ids[0],
      '2026-11-02 01:30:00 +05:30',
      'Sunrise Malls',
      '100.50',
      '10050',
      'INR',
      'OFFLINE',
      'FAILED',
    ]);
    expect(lines[10]!.split(',')[3]).toBe('1005.00');
  });
});
