import type { Db } from '@magma/db';
import { z } from 'zod';
import { AppError } from '../errors/app-error.ts';
import { scopedDb } from '../tenancy/scoped-db.ts';
import type { Scope } from '../tenancy/scope.ts';

// One site's page: its chargers and their connectors now, its latest sessions, what it earned
// (priced sessions, before tax, as the fleet KPIs count revenue), its open faults, and the sites
// around it for the map. Everything is read through the scoped client, so a vendor user gets only
// a site it owns (another's is NOT_FOUND) and only its own sites on the map.

export const siteOverviewInput = z.object({ id: z.uuid() });

const RECENT_SESSIONS = 10;
const OPEN_FAULTS = 20;
/** Sites within this many degrees (about 110 km of latitude) are drawn on the site's map. */
const MAP_SPAN_DEG = 1;
const MAP_SITES = 100;

export type RevenueWindow = {
  label: 'today' | '7d' | '30d';
  since: Date;
  sessions: number;
  energyWh: number;
  /** Priced amount before tax (what revenue KPIs count), minor units of the tenant's currency. */
  netMinor: number;
  taxMinor: number;
};

const num = (d: { toString(): string } | null) => (d === null ? null : Number(d.toString()));

/** The instant the local calendar day containing `now` began in `timeZone`. */
export function localDayStart(now: Date, timeZone: string): Date {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hourCycle: 'h23',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(now);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
  const sinceMidnight = ((get('hour') * 60 + get('minute')) * 60 + get('second')) * 1000 + now.getUTCMilliseconds();
  return new Date(now.getTime() - sinceMidnight);
}

export async function getSiteOverview({
  db,
  scope,
  input,
  now = new Date(),
}: {
  db: Db;
  scope: Scope;
  input: z.input<typeof siteOverviewInput>;
  now?: Date;
}) {
  const { id } = siteOverviewInput.parse(input);
  const sdb = scopedDb(db, scope);
  const [site, tenant] = await Promise.all([
    sdb.site.findFirst({ where: { id }, include: { vendor: { select: { id: true, name: true } } } }),
    sdb.tenant.findFirst({ select: { timezone: true, currency: true } }),
  ]);
  if (!site || !tenant) throw new AppError('NOT_FOUND', 'No such site');

  const dayStart = localDayStart(now, tenant.timezone);
  const windows = [
    { label: 'today' as const, since: dayStart },
    { label: '7d' as const, since: new Date(now.getTime() - 7 * 86_400_000) },
    { label: '30d' as const, since: new Date(now.getTime() - 30 * 86_400_000) },
  ];
  const lat = num(site.lat);
  const lng = num(site.lng);

  const [chargers, sessions, sums, faults, nearby] = await Promise.all([
    sdb.charger.findMany({
      where: { siteId: id },
      orderBy: { identity: 'asc' },
      select: {
        id: true,
        identity: true,
        protocol: true,
        vendorName: true,
        model: true,
        maxPowerKw: true,
        online: true,
        lastSeenAt: true,
        connectors: {
          orderBy: [{ evseId: 'asc' }, { connectorId: 'asc' }],
          select: { evseId: true, connectorId: true, type: true, status: true, livePowerW: true, maxPowerKw: true },
        },
      },
    }),
    sdb.transaction.findMany({
      where: { siteId: id },
      orderBy: [{ startedAt: 'desc' }, { id: 'desc' }],
      take: RECENT_SESSIONS,
      select: {
        id: true,
        evseId: true,
        status: true,
        startedAt: true,
        stoppedAt: true,
        energyWh: true,
        costMinor: true,
        taxMinor: true,
        charger: { select: { id: true, identity: true } },
      },
    }),
    Promise.all(
      windows.map((w) =>
        sdb.transaction.aggregate({
          where: { siteId: id, status: 'COMPLETED', stoppedAt: { gte: w.since, lte: now } },
          _count: { _all: true },
          _sum: { energyWh: true, costMinor: true, taxMinor: true },
        }),
      ),
    ),
    sdb.fault.findMany({
      where: { endedAt: null, charger: { siteId: id } },
      orderBy: [{ severity: 'asc' }, { startedAt: 'desc' }],
      take: OPEN_FAULTS,
      select: {
        id: true,
        evseId: true,
        connectorId: true,
        kind: true,
        code: true,
        description: true,
        severity: true,
        startedAt: true,
        acknowledgedAt: true,
        charger: { select: { id: true, identity: true } },
      },
    }),
    lat === null || lng === null
      ? Promise.resolve([])
      : sdb.site.findMany({
          where: {
            archivedAt: null,
            id: { not: id },
            lat: { gte: lat - MAP_SPAN_DEG, lte: lat + MAP_SPAN_DEG },
            lng: { gte: lng - MAP_SPAN_DEG, lte: lng + MAP_SPAN_DEG },
          },
          orderBy: { name: 'asc' },
          take: MAP_SITES,
          select: { id: true, name: true, lat: true, lng: true, _count: { select: { chargers: true } } },
        }),
  ]);

  const revenue: RevenueWindow[] = windows.map((w, i) => ({
    ...w,
    sessions: sums[i]!._count._all,
    energyWh: sums[i]!._sum.energyWh ?? 0,
    netMinor: sums[i]!._sum.costMinor ?? 0,
    taxMinor: sums[i]!._sum.taxMinor ?? 0,
  }));

  return {
    site: {
      id: site.id,
      name: site.name,
      address: site.address,
      city: site.city,
      state: site.state,
      postalCode: site.postalCode,
      timezone: site.timezone,
      lat,
      lng,
      gridCapacityKw: num(site.gridCapacityKw),
      archivedAt: site.archivedAt,
      vendor: site.vendor,
    },
    currency: tenant.currency,
    timezone: tenant.timezone,
    chargers: chargers.map((c) => ({
      ...c,
      maxPowerKw: num(c.maxPowerKw),
      connectors: c.connectors.map((k) => ({ ...k, maxPowerKw: num(k.maxPowerKw) })),
    })),
    sessions,
    revenue,
    faults,
    nearby: nearby
      .map((s) => ({ id: s.id, name: s.name, lat: num(s.lat)!, lng: num(s.lng)!, chargers: s._count.chargers }))
      .filter((s) => Number.isFinite(s.lat) && Number.isFinite(s.lng)),
  };
}

export type SiteOverview = Awaited<ReturnType<typeof getSiteOverview>>;
