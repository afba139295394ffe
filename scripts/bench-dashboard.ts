// `npm run bench:dashboard [-- --connectors 12000 --runs 30]`: seeds a fleet in a fresh database
// (on the server named by DATABASE_URL, or an embedded PostgreSQL) and prints the time to the first
// page of the connector table — the use case itself, and through tRPC over HTTP — plus the other
// overview queries (the power chart from the samples and from the worker's rollup), the first page
// (and a filtered page) of every big list — Chargers, Sessions, Cards, Payouts — through the use
// cases their pages call, and a full CSV export, as p50/p95/p99 over N runs.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import v8 from 'node:v8';
import vm from 'node:vm';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { createHTTPServer } from '@trpc/server/adapters/standalone';
import { createDb, type Db } from '@magma/db';
import { applyMigrations } from '@magma/db/migrate';
import { openBenchDatabase } from './bench-database.ts';
import { seedDemo, seedLargeFleet, seedLargeFleetHistory } from '@magma/core';
import { tenantScope } from '@magma/core/tenancy';
import {
  countConnectors,
  exportConnectorsCsv,
  getFleetKpis,
  getPowerChart,
  listConnectors,
  listFleetChargers,
  rollUpPower,
} from '@magma/core/fleet';
import { listSessions, listSessionsPage } from '@magma/core/sessions';
import { countIdTokens, listIdTokensPage } from '@magma/core/id-tokens';
import { listPayoutsPage, sumPayouts } from '@magma/core/payouts';
import { appRouter, createContext, createTenantResolver } from '@magma/api';

const { values } = parseArgs({
  options: {
    connectors: { type: 'string', default: '12000' },
    runs: { type: 'string', default: '30' },
    // Rows of the large CSV export (the fleet grows to this size after the timings); 0 skips it.
    csv: { type: 'string', default: '100000' },
    // The big lists' history: sessions over 30 days, RFID cards, vendor payouts over 12 weeks.
    sessions: { type: 'string', default: '200000' },
    cards: { type: 'string', default: '20000' },
    payouts: { type: 'string', default: '5000' },
    keep: { type: 'boolean', default: false },
  },
});
const CONNECTORS = z.coerce.number().int().min(1).max(1_000_000).parse(values.connectors);
const RUNS = z.coerce.number().int().min(3).max(1000).parse(values.runs);
const CSV_ROWS = z.coerce.number().int().min(0).max(1_000_000).parse(values.csv);
const SESSIONS = z.coerce.number().int().min(0).max(5_000_000).parse(values.sessions);
const CARDS = z.coerce.number().int().min(0).max(1_000_000).parse(values.cards);
const PAYOUTS = z.coerce.number().int().min(0).max(1_000_000).parse(values.payouts);

type Timing = { p50: number; p95: number; p99: number; min: number };

async function timed(runs: number, fn: () => Promise<unknown>): Promise<Timing> {
  await fn(); // warm-up: connection, plan cache, JIT
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  const at = (q: number) => Math.round(ms[Math.min(ms.length - 1, Math.floor(q * ms.length))]! * 10) / 10;
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99), min: Math.round(ms[0]! * 10) / 10 };
}

/** A day of 5-minute meter values for a tenth of the connectors, written by PostgreSQL itself. */
async function addMeterHistory(db: Db, tenantId: string): Promise<number> {
  return db.$executeRaw`
    INSERT INTO "MeterSample" ("tenantId", "chargerId", "evseId", timestamp, measurand, unit, value)
    SELECT c."tenantId", c."chargerId", c."evseId", ts, m.measurand, m.unit,
           CASE WHEN m.measurand = 'Power.Active.Import' THEN 5000 + (extract(epoch FROM ts)::bigint % 3000)
                ELSE extract(epoch FROM ts - (now() AT TIME ZONE 'UTC' - interval '1 day')) * 1.5 END
    FROM (SELECT * FROM "Connector" WHERE "tenantId" = ${tenantId}::uuid ORDER BY id LIMIT (SELECT count(*) / 10 FROM "Connector")) c
    CROSS JOIN generate_series(now() AT TIME ZONE 'UTC' - interval '1 day', now() AT TIME ZONE 'UTC', interval '5 minutes') ts
    CROSS JOIN (VALUES ('Power.Active.Import', 'W'), ('Energy.Active.Import.Register', 'Wh')) AS m(measurand, unit)`;
}

function get(port: number, host: string, urlPath: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: urlPath, headers: { host } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const bench = await openBenchDatabase('dashboard');
const { name, url } = bench;
const db = createDb({ url, max: 10, applicationName: 'magma-bench' });
let http0: ReturnType<typeof createHTTPServer> | undefined;
try {
  console.log(`database ${name}: migrating and seeding ${CONNECTORS.toLocaleString('en-IN')} connectors…`);
  await applyMigrations(url);
  const { tenantId } = await seedDemo({ db });
  let t = performance.now();
  await seedLargeFleet({ db, tenantId, connectors: CONNECTORS });
  const samples = await addMeterHistory(db, tenantId);
  const history = await seedLargeFleetHistory({ db, tenantId, sessions: SESSIONS, cards: CARDS, payouts: PAYOUTS });
  await db.$executeRawUnsafe('ANALYZE');
  const n = (x: number) => x.toLocaleString('en-IN');
  console.log(
    `seeded in ${Math.round(performance.now() - t)} ms (${n(samples)} meter samples, ${n(history.sessions)} sessions, ${n(history.cards)} cards, ${n(history.payouts)} payouts)`,
  );

  const user = await db.user.findUniqueOrThrow({ where: { email: 'admin@demo.test' } });
  const scope = tenantScope(tenantId, 'OPERATOR_ADMIN', user.id);
  const total = await countConnectors({ db, scope });
  console.log(`connectors visible to the operator: ${total.toLocaleString('en-IN')}\n`);

  const rows: [string, Timing][] = [];
  rows.push([
    'listConnectors, first page (50, by charger)',
    await timed(RUNS, () => listConnectors({ db, scope, input: { pageSize: 50 } })),
  ]);
  rows.push([
    'listConnectors, city + power filter',
    await timed(RUNS, () => listConnectors({ db, scope, input: { city: ['Pune'], power: ['dc_fast'] } })),
  ]);
  rows.push([
    'listConnectors, sorted by live kW',
    await timed(RUNS, () => listConnectors({ db, scope, input: { sort: 'power', dir: 'desc' } })),
  ]);
  rows.push(['listConnectors, page 200', await timed(RUNS, () => listConnectors({ db, scope, input: { page: 200 } }))]);
  rows.push(['getFleetKpis', await timed(RUNS, () => getFleetKpis({ db, scope }))]);
  rows.push([
    'getPowerChart (24 h), from the samples (no rollup)',
    await timed(Math.min(RUNS, 10), () => getPowerChart({ db, scope, cacheMs: 0 })),
  ]);
  // The worker's power rollup: its first run rolls up the whole window (72 h back), then a minute's run.
  t = performance.now();
  const firstRun = await rollUpPower({ db });
  const firstMs = Math.round(performance.now() - t);
  await db.$executeRawUnsafe('ANALYZE "PowerRollup"');
  const steady = await timed(Math.min(RUNS, 10), () => rollUpPower({ db }));
  console.log(
    `power rollup: first run ${firstMs} ms (${firstRun.rows.toLocaleString('en-IN')} rows); a minute's run p50 ${steady.p50} ms, p95 ${steady.p95} ms`,
  );
  rows.push([
    'getPowerChart (24 h, 288 buckets) from the rollup, uncached',
    await timed(RUNS, () => getPowerChart({ db, scope, cacheMs: 0 })),
  ]);
  rows.push([
    '  + the live bucket (from the samples)',
    await timed(RUNS, () => getPowerChart({ db, scope, cacheMs: 0, live: true })),
  ]);
  rows.push([
    '  filtered by city + power, live, uncached',
    await timed(RUNS, () =>
      getPowerChart({ db, scope, cacheMs: 0, live: true, filter: { city: ['Pune'], power: ['dc_fast'] } }),
    ),
  ]);
  rows.push([
    'getPowerChart, live, complete buckets in its 30 s cache',
    await timed(RUNS, () => getPowerChart({ db, scope, live: true })),
  ]);
  rows.push([
    'getFleetKpis, city + power filter',
    await timed(RUNS, () => getFleetKpis({ db, scope, filter: { city: ['Pune'], power: ['dc_fast'] } })),
  ]);

  // The other big lists: what each page asks for its first page (and one filtered page).
  const site = await db.site.findFirstOrThrow({ where: { tenantId, city: 'Pune' }, select: { id: true } });
  const vendor = await db.vendor.findFirst({ where: { tenantId }, select: { id: true } });
  rows.push([
    'Chargers: listFleetChargers, first page (50)',
    await timed(RUNS, () => listFleetChargers({ db, scope, input: { limit: 50 } })),
  ]);
  rows.push([
    '  city + offline, by last seen',
    await timed(RUNS, () =>
      listFleetChargers({ db, scope, input: { city: 'Pune', online: 'false', sort: '-lastSeen', limit: 50 } }),
    ),
  ]);
  rows.push([
    'Sessions: listSessions, first page (50) + totals',
    await timed(RUNS, () => listSessions({ db, scope, input: { pageSize: 50 } })),
  ]);
  rows.push([
    '  site + completed + last 7 days, + totals',
    await timed(RUNS, () =>
      listSessions({
        db,
        scope,
        input: { siteId: site.id, status: 'COMPLETED', from: new Date(Date.now() - 7 * 86_400_000), pageSize: 50 },
      }),
    ),
  ]);
  rows.push([
    '  listSessionsPage (cursor), first page (50)',
    await timed(RUNS, () => listSessionsPage({ db, scope, input: { limit: 50 } })),
  ]);
  rows.push([
    'Cards: listIdTokensPage, first page (50) + count',
    await timed(RUNS, () =>
      Promise.all([listIdTokensPage({ db, scope, input: { limit: 50 } }), countIdTokens({ db, scope, input: {} })]),
    ),
  ]);
  rows.push([
    '  search + blocked, + count',
    await timed(RUNS, () => {
      const input = { q: 'CARD-00012', status: 'BLOCKED' } as const;
      return Promise.all([
        listIdTokensPage({ db, scope, input: { ...input, limit: 50 } }),
        countIdTokens({ db, scope, input }),
      ]);
    }),
  ]);
  rows.push([
    'Payouts: listPayoutsPage, first page (50) + totals',
    await timed(RUNS, () =>
      Promise.all([listPayoutsPage({ db, scope, input: { limit: 50 } }), sumPayouts({ db, scope, input: {} })]),
    ),
  ]);
  rows.push([
    '  vendor + processed, + totals',
    await timed(RUNS, () => {
      const input = { status: 'PROCESSED', ...(vendor ? { vendorId: vendor.id } : {}) } as const;
      return Promise.all([
        listPayoutsPage({ db, scope, input: { ...input, limit: 50 } }),
        sumPayouts({ db, scope, input }),
      ]);
    }),
  ]);

  // The same first page through tRPC over HTTP: host → tenant, session → scope, superjson, HTTP.
  const resolver = createTenantResolver({ db, platformDomain: 'localhost' });
  const services = {
    knownThemes: [],
    invalidateTenant: () => {},
    sendInvitationEmail: async () => {},
    tenantOrigin: () => '',
    pinLookupKey: 'bench-pin-lookup-key',
    dnsResolver: { resolveTxt: async () => [] },
  };
  http0 = createHTTPServer({
    router: appRouter,
    createContext: ({ req }) =>
      createContext({
        db,
        resolver,
        platformDomain: 'localhost',
        host: req.headers.host ?? null,
        userId: user.id,
        services,
      }),
  });
  await new Promise<void>((r) => http0!.listen(0, '127.0.0.1', r));
  const port = (http0.address() as AddressInfo).port;
  const input = encodeURIComponent(JSON.stringify({ json: { pageSize: 50 } }));
  const first = await get(port, 'demo.localhost', `/fleet.connectors?input=${input}`);
  if (first.status !== 200) throw new Error(`tRPC answered ${first.status}: ${first.body.slice(0, 200)}`);
  rows.push([
    'tRPC GET fleet.connectors, first page (HTTP)',
    await timed(RUNS, () => get(port, 'demo.localhost', `/fleet.connectors?input=${input}`)),
  ]);
  rows.push(['tRPC GET fleet.kpis (HTTP)', await timed(RUNS, () => get(port, 'demo.localhost', '/fleet.kpis'))]);

  t = performance.now();
  let lines = 0;
  for await (const chunk of exportConnectorsCsv({ db, scope })) lines += chunk.split('\r\n').length - 1;
  const csvMs = Math.round(performance.now() - t);

  const width = Math.max(...rows.map(([n]) => n.length));
  console.log(`${'query'.padEnd(width)}   p50 ms   p95 ms   p99 ms   min ms   (runs: ${RUNS}; 10 for the slow ones)`);
  for (const [n, r] of rows)
    console.log(
      `${n.padEnd(width)} ${String(r.p50).padStart(8)} ${String(r.p95).padStart(8)} ${String(r.p99).padStart(8)} ${String(r.min).padStart(8)}`,
    );
  console.log(`\nCSV export of all connectors: ${(lines - 1).toLocaleString('en-IN')} rows streamed in ${csvMs} ms`);

  if (CSV_ROWS > total) {
    await seedLargeFleet({ db, tenantId, connectors: CSV_ROWS - total, prefix: 'CSV' });
    // Live heap after a full collection, sampled every 10 chunks: what the export really holds.
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    gc();
    const base = process.memoryUsage().heapUsed;
    let peak = base;
    let bytes = 0;
    let count = 0;
    let chunks = 0;
    t = performance.now();
    for await (const chunk of exportConnectorsCsv({ db, scope })) {
      bytes += Buffer.byteLength(chunk);
      count += chunk.split('\r\n').length - 1;
      if (++chunks % 10 === 0) {
        gc();
        peak = Math.max(peak, process.memoryUsage().heapUsed);
      }
    }
    const mb = (n: number) => `${(n / 1_048_576).toFixed(1)} MB`;
    console.log(
      `CSV export of ${(count - 1).toLocaleString('en-IN')} rows: ${Math.round(performance.now() - t)} ms, ${mb(bytes)} of CSV, live heap grew by at most ${mb(peak - base)} (sampled after GC)`,
    );
  }
} finally {
  http0?.close();
  await db.$disconnect();
  await bench.close({ keep: values.keep });
}
