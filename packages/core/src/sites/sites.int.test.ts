import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@magma/db/testing';
import { AppError } from '../errors/app-error.ts';
import { aTransaction, demoFleet, hours, type DemoFleet } from '../fleet/test-builders.ts';
import { globalSearch } from '../search/global-search.ts';
import { archiveSite, restoreSite } from './archive-site.ts';
import { getSiteOverview, localDayStart } from './get-site-overview.ts';
import { listSites, listSitesPage } from './list-sites.ts';
import { createCharger } from './save-charger.ts';
import { createSite, updateSite } from './save-site.ts';

let t: TestDatabase;
let fleet: DemoFleet;
const NOW = new Date('2026-12-05T09:00:00Z'); // 14:30 in Asia/Kolkata

beforeAll(async () => {
  t = await createTestDatabase();
  fleet = await demoFleet(t.db);
});
afterAll(async () => t.drop());

async function codeOf(p: Promise<unknown>): Promise<string | null> {
  return p.then(
    () => null,
    (e: unknown) =>
      e instanceof AppError ? e.code : e instanceof Error && e.name === 'ZodError' ? 'INVALID' : String(e),
  );
}

const siteOf = async (name: string) => t.db.site.findFirstOrThrow({ where: { tenantId: fleet.tenantId, name } });

describe('editing a site', () => {
  it('changes name, address, time zone and coordinates, and records who did it', async () => {
    const site = await siteOf('Koregaon Park Courtyard');
    const after = await updateSite({
      db: t.db,
      scope: fleet.operator,
      input: {
        id: site.id,
        patch: {
          name: 'Koregaon Park Courtyard (North)',
          address: 'Lane 5, Koregaon Park',
          timezone: 'Asia/Dubai',
          lat: 18.54,
          lng: 73.9,
        },
      },
    });
    expect([after.name, after.address, after.timezone, Number(after.lat), Number(after.lng)]).toEqual([
      'Koregaon Park Courtyard (North)',
      'Lane 5, Koregaon Park',
      'Asia/Dubai',
      18.54,
      73.9,
    ]);
    const audit = await t.db.auditLog.findFirstOrThrow({ where: { entityId: site.id, action: 'site.updated' } });
    expect(audit.after).toMatchObject({ timezone: 'Asia/Dubai' });
  });

  it.each([
    ['an offset instead of a zone', { timezone: '+05:30' }],
    ['an unknown zone', { timezone: 'Asia/Atlantis' }],
    ['a latitude beyond the pole', { lat: 91, lng: 77 }],
    ['a longitude beyond the date line', { lat: 12, lng: -181 }],
    ['a latitude without its longitude', { lat: null }],
    ['an empty name', { name: ' ' }],
  ])('refuses %s and changes nothing', async (_n, patch) => {
    const site = await siteOf('Thane Highway Plaza');
    expect(await codeOf(updateSite({ db: t.db, scope: fleet.operator, input: { id: site.id, patch } }))).toMatch(
      /^(BAD_INPUT|INVALID)$/,
    );
    const again = await t.db.site.findUniqueOrThrow({ where: { id: site.id } });
    expect(again).toEqual(site);
  });

  it('gives a new site the tenant’s time zone unless told otherwise; a vendor user may not edit', async () => {
    const made = await createSite({
      db: t.db,
      scope: fleet.operator,
      input: { name: 'HSR Layout Hub', address: '27th Main, HSR Layout', city: 'Bengaluru', state: 'Karnataka' },
    });
    expect(made.timezone).toBe('Asia/Kolkata');
    expect(
      await codeOf(updateSite({ db: t.db, scope: fleet.sunrise, input: { id: made.id, patch: { name: 'x y' } } })),
    ).toBe('FORBIDDEN');
  });
});

describe('archiving a site', () => {
  it('refuses while a charger of it is connected, naming the charger', async () => {
    const site = await siteOf('Electronic City Fuel Stop');
    const charger = await t.db.charger.findFirstOrThrow({ where: { siteId: site.id }, orderBy: { identity: 'asc' } });
    await t.db.charger.update({ where: { id: charger.id }, data: { online: true } });
    const err = await archiveSite({ db: t.db, scope: fleet.operator, input: { id: site.id } }).catch(
      (e: AppError) => e,
    );
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('CONFLICT');
    expect((err as AppError).message).toContain(charger.identity);
    expect((await t.db.site.findUniqueOrThrow({ where: { id: site.id } })).archivedAt).toBeNull();
    await t.db.charger.update({ where: { id: charger.id }, data: { online: false } });
  });

  it('hides an archived site from lists and pages, keeps its chargers and sessions, and restores it', async () => {
    const site = await siteOf('Lower Parel Mall Deck');
    const charger = fleet.chargers.find((c) => c.siteId === site.id)!;
    const session = await aTransaction(t.db, fleet, {
      charger,
      startedAt: new Date(NOW.getTime() - hours(3)),
      stoppedAt: new Date(NOW.getTime() - hours(2)),
      costMinor: 5000,
    });
    await archiveSite({ db: t.db, scope: fleet.operator, input: { id: site.id } });
    expect((await listSites({ db: t.db, scope: fleet.operator })).map((s) => s.id)).not.toContain(site.id);
    expect(
      (await listSitesPage({ db: t.db, scope: fleet.operator, input: { limit: 500 } })).items.map((s) => s.id),
    ).not.toContain(site.id);
    expect(
      (await listSitesPage({ db: t.db, scope: fleet.operator, input: { archived: true } })).items.map((s) => s.id),
    ).toEqual([site.id]);
    expect((await t.db.charger.findUniqueOrThrow({ where: { id: charger.id } })).siteId).toBe(site.id);
    expect((await t.db.transaction.findUniqueOrThrow({ where: { id: session.id } })).siteId).toBe(site.id);
    // Its page still opens (history), marked archived.
    const overview = await getSiteOverview({ db: t.db, scope: fleet.operator, input: { id: site.id }, now: NOW });
    expect(overview.site.archivedAt).not.toBeNull();
    // No new charger goes to an archived site.
    expect(
      await codeOf(createCharger({ db: t.db, scope: fleet.operator, input: { identity: 'MUM-099', siteId: site.id } })),
    ).toBe('CONFLICT');
    await restoreSite({ db: t.db, scope: fleet.operator, input: { id: site.id } });
    expect((await listSites({ db: t.db, scope: fleet.operator })).map((s) => s.id)).toContain(site.id);
  });
});

describe('site pages', () => {
  it('walks every current site once, a page at a time, by name', async () => {
    const names: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await listSitesPage({ db: t.db, scope: fleet.operator, input: { limit: 2, cursor } });
      names.push(...page.items.map((s) => s.name));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    const all = await listSites({ db: t.db, scope: fleet.operator });
    expect(names).toEqual(all.map((s) => s.name).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    expect(await codeOf(listSitesPage({ db: t.db, scope: fleet.operator, input: { cursor: 'garbage!' } }))).toBe(
      'BAD_INPUT',
    );
  });

  it('shows a site’s chargers, latest sessions, revenue by window, open faults and its neighbours', async () => {
    const site = await siteOf('Indiranagar Café');
    const charger = fleet.chargers.find((c) => c.siteId === site.id)!;
    const today = await aTransaction(t.db, fleet, {
      charger,
      startedAt: new Date(NOW.getTime() - hours(2)),
      stoppedAt: new Date(NOW.getTime() - hours(1)),
      costMinor: 12_000,
      energyWh: 8000,
    });
    // Before local midnight (18:30 UTC the day before): counts for 7 days, not for today.
    await aTransaction(t.db, fleet, {
      charger,
      startedAt: new Date('2026-12-04T17:00:00Z'),
      stoppedAt: new Date('2026-12-04T18:00:00Z'),
      costMinor: 3_000,
      energyWh: 2000,
    });
    await t.db.fault.create({
      data: {
        tenantId: fleet.tenantId,
        chargerId: charger.id,
        vendorId: charger.vendorId,
        evseId: 1,
        connectorId: 1,
        kind: 'CONNECTOR_ERROR',
        code: 'GroundFailure',
        startedAt: NOW,
      },
    });
    const o = await getSiteOverview({ db: t.db, scope: fleet.operator, input: { id: site.id }, now: NOW });
    expect(o.chargers.map((c) => c.identity)).toEqual(['BLR-011', 'BLR-012', 'BLR-013', 'BLR-014']);
    expect(o.sessions[0]!.id).toBe(today.id);
    expect(o.revenue.find((r) => r.label === 'today')).toMatchObject({ sessions: 1, netMinor: 12_000, energyWh: 8000 });
    expect(o.revenue.find((r) => r.label === '7d')).toMatchObject({ sessions: 2, netMinor: 15_000 });
    expect(o.faults.map((f) => [f.charger.identity, f.code])).toEqual([[charger.identity, 'GroundFailure']]);
    expect(o.nearby.map((s) => s.name)).toContain('Electronic City Fuel Stop');
    expect(o.nearby.map((s) => s.name)).not.toContain('Thane Highway Plaza');
    // Highway Fuels' user cannot open Sunrise's site.
    expect(await codeOf(getSiteOverview({ db: t.db, scope: fleet.highway, input: { id: site.id } }))).toBe('NOT_FOUND');
  });

  it('counts "today" from local midnight in the tenant’s zone', () => {
    expect(localDayStart(NOW, 'Asia/Kolkata').toISOString()).toBe('2026-12-04T18:30:00.000Z');
    expect(localDayStart(NOW, 'UTC').toISOString()).toBe('2026-12-05T00:00:00.000Z');
  });
});

describe('global search', () => {
  it('finds a charger, a site, a card and a session, within the scope', async () => {
    const r = await globalSearch({ db: t.db, scope: fleet.operator, input: { q: 'blr-01' } });
    expect(r.chargers.items.map((c) => c.identity)).toEqual(['BLR-011', 'BLR-012', 'BLR-013', 'BLR-014']);
    expect(r.chargers.more).toBe(false);
    expect(
      (await globalSearch({ db: t.db, scope: fleet.operator, input: { q: 'indiranagar' } })).sites.items.map(
        (s) => s.name,
      ),
    ).toEqual(['Indiranagar Café']);
    expect(
      (await globalSearch({ db: t.db, scope: fleet.operator, input: { q: 'rfid-0002' } })).cards.items.map(
        (c) => c.token,
      ),
    ).toEqual(['DEMO-RFID-0002']);
    const session = await aTransaction(t.db, fleet, { startedAt: NOW });
    expect(
      (
        await globalSearch({ db: t.db, scope: fleet.operator, input: { q: session.id.toUpperCase() } })
      ).sessions.items.map((s) => s.id),
    ).toEqual([session.id]);
    // A vendor user finds only its own chargers; LIKE's wildcards are text.
    const highway = await globalSearch({ db: t.db, scope: fleet.highway, input: { q: 'BLR', limit: 10 } });
    expect(highway.chargers.items.map((c) => c.identity)).toEqual(['BLR-021', 'BLR-022', 'BLR-023', 'BLR-024']);
    expect((await globalSearch({ db: t.db, scope: fleet.operator, input: { q: '%_' } })).chargers.items).toEqual([]);
    const capped = await globalSearch({ db: t.db, scope: fleet.operator, input: { q: 'MUM', limit: 3 } });
    expect([capped.chargers.items.length, capped.chargers.more]).toEqual([3, true]);
  });

  it.each([
    ['one character', 'B'],
    ['81 characters', 'x'.repeat(81)],
  ])('refuses %s', async (_n, q) => {
    await expect(globalSearch({ db: t.db, scope: fleet.operator, input: { q } })).rejects.toThrow();
  });
});
