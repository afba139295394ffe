import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@magma/db/testing';
import { seedDemo } from '../seed/seed-demo.ts';
import { tenantScope, vendorScope } from '../tenancy/scope.ts';
import { getFleetKpis } from './get-fleet-kpis.ts';

// The overview's "Revenue today (excl. GST)" is the sessions' priced value before GST; the ledger
// holds the same money as what drivers and sponsors owe (incl. GST) less the GST posted on it. On
// the demo network's day of history (every session posted as the driver settlement posts it), the
// two agree for the operator and for a vendor.

let t: TestDatabase;
let tenantId: string;
// Friday 20 Nov 2026, 17:30 in Kolkata: the day so far has sessions, and the week is open.
const NOW = new Date('2026-11-20T12:00:00Z');
const DAY_START = new Date('2026-11-19T18:30:00Z');

/** Σ of the day's charging revenue in the ledger: gross owed by drivers and sponsors − GST on it. */
async function ledgerRevenueExclGst(vendorId: string | null) {
  const [row] = await t.db.$queryRaw<[{ gross: bigint | null; gst: bigint | null }]>`
    SELECT
      SUM(CASE WHEN e."sourceKind" IN ('DRIVER_PAYMENT', 'SPONSOR_SHARE', 'ON_ACCOUNT_CHARGE') AND a.kind = 'SESSION_REVENUE'
               THEN -l."amountMinor" ELSE 0 END)::bigint AS gross,
      SUM(CASE WHEN e."sourceKind" = 'GST_ON_CHARGING' AND a.kind = 'GST_OUTPUT' THEN -l."amountMinor" ELSE 0 END)::bigint AS gst
    FROM "JournalEntry" e
    JOIN "JournalLine" l ON l."entryId" = e.id
    JOIN "LedgerAccount" a ON a.id = l."accountId"
    WHERE e."tenantId" = ${tenantId}::uuid AND e."bookedAt" >= ${DAY_START} AND e."bookedAt" < ${NOW}
      AND (${vendorId}::uuid IS NULL OR e."vendorId" = ${vendorId}::uuid)`;
  return { gross: Number(row.gross ?? 0), gst: Number(row.gst ?? 0) };
}

beforeAll(async () => {
  t = await createTestDatabase();
  ({ tenantId } = await seedDemo({ db: t.db, history: { days: 1, now: NOW } }));
});
afterAll(async () => {
  await t?.drop();
});

describe("the overview's revenue and the ledger", () => {
  it('agree on the day so far, for the operator and for a vendor', async () => {
    expect(await t.db.transaction.count({ where: { tenantId, status: 'ACTIVE' } })).toBe(0);
    const operator = await getFleetKpis({ db: t.db, scope: tenantScope(tenantId), now: NOW });
    const ledger = await ledgerRevenueExclGst(null);
    expect(operator.revenueRunningEstimateMinor).toBe(0);
    expect(operator.revenueTodayMinor).toBeGreaterThan(0);
    expect(ledger.gst).toBeGreaterThan(0);
    expect(operator.revenueTodayMinor).toBe(ledger.gross - ledger.gst);

    const vendor = await t.db.vendor.findFirstOrThrow({ where: { tenantId, name: 'Sunrise Malls' } });
    const own = await getFleetKpis({ db: t.db, scope: vendorScope(tenantId, vendor.id), now: NOW });
    const vendorLedger = await ledgerRevenueExclGst(vendor.id);
    expect(own.revenueTodayMinor).toBeGreaterThan(0);
    expect(own.revenueTodayMinor).toBeLessThan(operator.revenueTodayMinor);
    expect(own.revenueTodayMinor).toBe(vendorLedger.gross - vendorLedger.gst);
  });
});
