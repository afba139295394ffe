import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@magma/db/testing';
import { AppError } from '../errors/app-error.ts';
import type { Scope } from '../tenancy/scope.ts';
import { exportChargersCsv } from './export-chargers-csv.ts';
import { listFleetChargers, type FleetCharger } from './list-fleet-chargers.ts';
import { demoFleet, type DemoFleet } from './test-builders.ts';

let t: TestDatabase;
let fleet: DemoFleet;

async function allPages(scope: Scope, input: Record<string, unknown>, limit = 3): Promise<FleetCharger[]> {
  const out: FleetCharger[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < 500; i++) {
    const page = await listFleetChargers({ db: t.db, scope, input: { ...input, limit, cursor } });
    expect(page.items.length).toBeLessThanOrEqual(limit);
    out.push(...page.items);
    if (!page.nextCursor) return out;
    cursor = page.nextCursor;
  }
  throw new Error('the pages never ended');
}

async function csvLines(gen: AsyncGenerator<string>): Promise<string[]> {
  let text = '';
  for await (const chunk of gen) text += chunk;
  return text.split('\r\n').filter(Boolean);
}

beforeAll(async () => {
  t = await createTestDatabase();
  fleet = await demoFleet(t.db);
  const ids = fleet.chargers.map((c) => c.id);
  // Every other charger online and seen at a different time; one charging, one faulted, one never seen.
  for (const [i, id] of ids.entries()) {
    await t.db.charger.update({
      where: { id },
      data: {
        online: i % 2 === 0,
        lastSeenAt: i === 3 ? null : new Date(Date.UTC(2026, 11, 1, 0, (i * 37) % 600)),
        firmwareVersion: i % 3 === 0 ? 'fw-2.1.0' : 'fw-1.9.4',
      },
    });
  }
  await t.db.connector.updateMany({ where: { chargerId: ids[0] }, data: { status: 'CHARGING' } });
  await t.db.connector.updateMany({ where: { chargerId: ids[2] }, data: { status: 'FAULTED' } });
  await t.db.connector.updateMany({ where: { chargerId: ids[4] }, data: { status: 'AVAILABLE' } });
});
afterAll(async () => t.drop());

describe('listFleetChargers', () => {
  it('pages the whole fleet in identity order, each charger once, with the same two-value cursor as before', async () => {
    const rows = await allPages(fleet.operator, {});
    const identities = fleet.chargers.map((c) => c.identity);
    expect(rows.map((r) => r.identity)).toEqual(identities);
    const first = await listFleetChargers({ db: t.db, scope: fleet.operator, input: { limit: 1 } });
    const key = JSON.parse(Buffer.from(first.nextCursor!, 'base64url').toString()) as unknown[];
    expect(key).toEqual([first.items[0]!.identity, first.items[0]!.id]);
  });

  it.each(['identity', '-state', 'lastSeen'])(
    'walks back by %s: each previous page is the page before',
    async (sort) => {
      const forward: { cursor: string | undefined; ids: string[] }[] = [];
      let cursor: string | undefined;
      do {
        const page = await listFleetChargers({ db: t.db, scope: fleet.operator, input: { sort, limit: 4, cursor } });
        forward.push({ cursor, ids: page.items.map((r) => r.id) });
        expect(page.hasPrevious).toBe(cursor !== undefined);
        if (forward.length > 1) expect(page.previousCursor ?? undefined).toBe(forward[forward.length - 2]!.cursor);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      expect(forward.length).toBeGreaterThan(2);
    },
  );

  it.each([
    ['-identity', (a: FleetCharger, b: FleetCharger) => b.identity.localeCompare(a.identity)],
    [
      'lastSeen',
      (a: FleetCharger, b: FleetCharger) =>
        (a.lastSeenAt?.getTime() ?? -Infinity) - (b.lastSeenAt?.getTime() ?? -Infinity),
    ],
    [
      '-lastSeen',
      (a: FleetCharger, b: FleetCharger) =>
        (b.lastSeenAt?.getTime() ?? -Infinity) - (a.lastSeenAt?.getTime() ?? -Infinity),
    ],
  ] as const)('pages by %s without skipping or repeating a charger', async (sort, cmp) => {
    const rows = await allPages(fleet.operator, { sort });
    expect(new Set(rows.map((r) => r.id)).size).toBe(fleet.chargers.length);
    for (let i = 1; i < rows.length; i++) expect(cmp(rows[i - 1]!, rows[i]!)).toBeLessThanOrEqual(0);
  });

  it.each(['site', '-site', 'state', '-state'])('pages by %s without skipping or repeating a charger', async (sort) => {
    const rows = await allPages(fleet.operator, { sort });
    expect(new Set(rows.map((r) => r.id)).size).toBe(fleet.chargers.length);
    const one = await listFleetChargers({ db: t.db, scope: fleet.operator, input: { sort, limit: 500 } });
    expect(rows.map((r) => r.id)).toEqual(one.items.map((r) => r.id));
  });

  it('sorts problems first by state: offline, then faulted, then charging', async () => {
    const rows = await allPages(fleet.operator, { sort: 'state' });
    const states = rows.map((r) => r.state);
    const firstOnline = states.findIndex((s) => s !== 'offline');
    expect(states.slice(0, firstOnline).every((s) => s === 'offline')).toBe(true);
    expect(states.slice(firstOnline, firstOnline + 2)).toEqual(['faulted', 'charging']);
  });

  it('names the state from the connectors of an online charger and calls every offline one offline', async () => {
    const rows = await allPages(fleet.operator, {}, 50);
    const state = (i: number) => rows.find((r) => r.id === fleet.chargers[i]!.id)!.state;
    expect([state(0), state(1), state(2), state(3), state(4)]).toEqual([
      'charging',
      'offline',
      'faulted',
      'offline',
      'available',
    ]);
  });

  it.each([
    ['state faulted', { state: 'faulted' }, (r: FleetCharger) => r.state === 'faulted'],
    [
      'state offline,charging (from a URL)',
      { state: 'offline,charging' },
      (r: FleetCharger) => ['offline', 'charging'].includes(r.state),
    ],
    ['online=false (from a URL)', { online: 'false' }, (r: FleetCharger) => !r.online],
    ['protocol', { protocol: ['OCPP201'] }, (r: FleetCharger) => r.protocol === 'OCPP201'],
    ['firmware', { firmware: 'fw-2.1.0' }, (r: FleetCharger) => r.firmwareVersion === 'fw-2.1.0'],
    ['city', { city: ['Bengaluru'] }, (r: FleetCharger) => r.site?.city === 'Bengaluru'],
  ] as const)('filters by %s: every row matches and no match is left out', async (_n, filter, match) => {
    const everything = await allPages(fleet.operator, {}, 500);
    const rows = await allPages(fleet.operator, filter, 2);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every(match)).toBe(true);
    expect(rows.map((r) => r.id).sort()).toEqual(
      everything
        .filter(match)
        .map((r) => r.id)
        .sort(),
    );
  });

  it('filters by several sites and by model', async () => {
    const everything = await allPages(fleet.operator, {}, 500);
    const sites = [...new Set(fleet.chargers.map((c) => c.siteId).filter(Boolean))].slice(0, 2) as string[];
    const bySite = await allPages(fleet.operator, { siteId: sites.join(',') }, 500);
    expect(bySite.map((r) => r.id).sort()).toEqual(
      everything
        .filter((r) => sites.includes(r.site?.id ?? ''))
        .map((r) => r.id)
        .sort(),
    );
    const model = everything[0]!.model!;
    const byModel = await allPages(fleet.operator, { model }, 500);
    expect(byModel.length).toBe(everything.filter((r) => r.model === model).length);
  });

  it('shows a vendor user only its own chargers, whatever the filter', async () => {
    const own = fleet.chargers.filter((c) => c.vendorId === fleet.sunrise.vendorId).map((c) => c.id);
    expect(own.length).toBeGreaterThan(0);
    const rows = await allPages(fleet.sunrise, { sort: '-state' }, 2);
    expect(rows.map((r) => r.id).sort()).toEqual([...own].sort());
    const other = fleet.chargers.find((c) => c.vendorId && c.vendorId !== fleet.sunrise.vendorId)!;
    const sneaky = await listFleetChargers({ db: t.db, scope: fleet.sunrise, input: { siteId: other.siteId! } });
    expect(sneaky.items).toEqual([]);
  });

  it.each([
    ['not a cursor', 'identity', 'bm9wZQ'],
    [
      'a cursor of another sort',
      'site',
      Buffer.from(JSON.stringify(['state', '1', 'A', '00000000-0000-4000-8000-000000000000'])).toString('base64url'),
    ],
    [
      'a state that is not a rank',
      'state',
      Buffer.from(JSON.stringify(['state', 'x', 'A', '00000000-0000-4000-8000-000000000000'])).toString('base64url'),
    ],
    ['an id that is not a uuid', 'identity', Buffer.from(JSON.stringify(['A', 'x'])).toString('base64url')],
  ])('refuses %s', async (_n, sort, cursor) => {
    const err = await listFleetChargers({ db: t.db, scope: fleet.operator, input: { sort, cursor } }).catch((e) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('BAD_INPUT');
  });
});

describe('exportChargersCsv', () => {
  it('holds exactly the filtered rows, in the page order, in small batches', async () => {
    const filter = { online: 'false', sort: '-lastSeen' };
    const rows = await allPages(fleet.operator, filter, 500);
    const lines = await csvLines(exportChargersCsv({ db: t.db, scope: fleet.operator, input: filter, batchSize: 2 }));
    expect(lines[0]).toMatch(/^charger_id,identity,state,online,site,city,vendor,/);
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(rows.map((r) => r.id));
    expect(lines.slice(1).every((l) => l.split(',')[2] === 'offline')).toBe(true);
  });

  it('exports only the vendor own chargers for a vendor user', async () => {
    const own = fleet.chargers.filter((c) => c.vendorId === fleet.sunrise.vendorId);
    const lines = await csvLines(exportChargersCsv({ db: t.db, scope: fleet.sunrise }));
    expect(lines.length - 1).toBe(own.length);
  });

  it('refuses a filter that selects more rows than an export may hold, before any row', async () => {
    const gen = exportChargersCsv({ db: t.db, scope: fleet.operator, maxRows: 2 });
    const err = await gen.next().catch((e) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).message).toMatch(/narrow the filter/);
  });
});
