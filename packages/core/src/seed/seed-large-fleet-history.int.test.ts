import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@magma/db/testing';
import { listIdTokensPage } from '../id-tokens/list-id-tokens-page.ts';
import { listPayoutsPage } from '../payouts/list-payouts-page.ts';
import { listSessions } from '../sessions/list-sessions.ts';
import { tenantScope } from '../tenancy/scope.ts';
import { seedLargeFleet } from './seed-large-fleet.ts';
import { seedLargeFleetHistory } from './seed-large-fleet-history.ts';

// The benchmark's list history: exactly the counts asked for, on the tenant's own chargers and
// vendors, in the shapes the lists read (30 days of sessions, cards in every status, weekly runs).

let t: TestDatabase;
let tenantId: string;

beforeAll(async () => {
  t = await createTestDatabase();
  tenantId = (await t.db.tenant.create({ data: { slug: 'big-history', name: 'Big History' } })).id;
  await t.db.vendor.createMany({
    data: [
      { tenantId, name: 'Sunrise Malls', legalName: 'Sunrise Malls Pvt Ltd' },
      { tenantId, name: 'Highway Stops', legalName: 'Highway Stops LLP' },
    ],
  });
  await seedLargeFleet({ db: t.db, tenantId, connectors: 200 });
});
afterAll(async () => t?.drop());

describe('seedLargeFleetHistory', () => {
  it('adds the sessions, cards and payouts the lists page through', async () => {
    const made = await seedLargeFleetHistory({ db: t.db, tenantId, sessions: 1000, cards: 120, payouts: 70 });
    expect(made).toEqual({ sessions: 1000, cards: 120, payouts: 70 });
    const scope = tenantScope(tenantId);

    const sessions = await t.db.transaction.findMany({ where: { tenantId } });
    expect(new Set(sessions.map((s) => s.chargerId)).size).toBe(100);
    const monthAgo = Date.now() - 30 * 86_400_000 - 60_000;
    expect(sessions.every((s) => s.startedAt.getTime() >= monthAgo && s.startedAt.getTime() <= Date.now())).toBe(true);
    expect(sessions.filter((s) => s.status === 'ACTIVE')).toHaveLength(20);
    const list = await listSessions({ db: t.db, scope, input: { pageSize: 50 } });
    expect(list.rows).toHaveLength(50);
    expect(list.totals.sessions).toBe(1000);
    expect(list.totals.costMinor).toBeGreaterThan(0);

    const cards = await listIdTokensPage({ db: t.db, scope, input: { status: 'BLOCKED', limit: 50 } });
    expect(cards.items).toHaveLength(6);

    const payouts = await t.db.payout.findMany({ where: { tenantId } });
    expect(new Set(payouts.map((p) => p.runId)).size).toBe(12);
    expect(new Set(payouts.map((p) => p.vendorId)).size).toBe(2);
    expect(new Set(payouts.map((p) => p.status))).toEqual(
      new Set(['PROCESSED', 'PROCESSING', 'QUEUED', 'FAILED', 'REVERSED']),
    );
    expect((await listPayoutsPage({ db: t.db, scope, input: { limit: 50 } })).items).toHaveLength(50);
  });
});
