// `npm run bench:api [-- --connectors 12000 --runs 200 --seconds 10 --concurrency 8
//   --webhook-events 1000 --slow-ms 200 --webhook-concurrency 8 --pump-ms 1000 --only routes|webhooks]`:
// the REST API (/api/v1) at fleet scale, through the full HTTP stack: a loopback HTTP server in front
// of the real route handler (OAuth bearer token verified per request, rate limiter, scope check, the
// procedure's input/output validation, JSON), against a fresh database seeded with the demo operator,
// 7 days of its history and `seedLargeFleet`. Prints p50/p99 per route over N sequential requests,
// then requests per second for the main list with C concurrent keep-alive clients for S seconds.
// Then webhook delivery throughput through the real job runner (bench-api-webhooks.ts): events per
// second from the fact to a receiver's 2xx, for a receiver that answers at once and a slow one.
import http from 'node:http';
import os from 'node:os';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { createDb, type Db } from '@magma/db';
import { applyMigrations } from '@magma/db/migrate';
import { benchWebhookDelivery } from './bench-api-webhooks.ts';
import { openBenchDatabase } from './bench-database.ts';
import { seedDemo, seedLargeFleet } from '@magma/core';
import { tenantScope } from '@magma/core/tenancy';
import { API_SCOPES, createApiClient, issueClientToken, oauthKeyring, verifyAccessToken } from '@magma/core/oauth';

const { values } = parseArgs({
  options: {
    connectors: { type: 'string', default: '12000' },
    runs: { type: 'string', default: '200' },
    seconds: { type: 'string', default: '10' },
    concurrency: { type: 'string', default: '8' },
    'webhook-events': { type: 'string', default: '1000' },
    'slow-ms': { type: 'string', default: '200' },
    'webhook-concurrency': { type: 'string', default: '8' },
    'pump-ms': { type: 'string', default: '1000' },
    only: { type: 'string' },
    keep: { type: 'boolean', default: false },
  },
});
const CONNECTORS = z.coerce.number().int().min(1).max(1_000_000).parse(values.connectors);
const RUNS = z.coerce.number().int().min(10).max(100_000).parse(values.runs);
const SECONDS = z.coerce.number().min(1).max(300).parse(values.seconds);
const CONCURRENCY = z.coerce.number().int().min(1).max(256).parse(values.concurrency);
const WEBHOOK_EVENTS = z.coerce.number().int().min(10).max(100_000).parse(values['webhook-events']);
const SLOW_MS = z.coerce.number().int().min(0).max(10_000).parse(values['slow-ms']);
const WEBHOOK_CONCURRENCY = z.coerce.number().int().min(1).max(100).parse(values['webhook-concurrency']);
const PUMP_MS = z.coerce.number().int().min(50).max(60_000).parse(values['pump-ms']);
const ONLY = z.enum(['routes', 'webhooks']).optional().parse(values.only);
const HOST = 'demo.localhost';

const loadAverage = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');

const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });

function get(port: number, urlPath: string, token: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, path: urlPath, agent, headers: { host: HOST, authorization: `Bearer ${token}` } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

async function timed(runs: number, fn: () => Promise<{ status: number; body: string }>) {
  for (let i = 0; i < 3; i++) await fn(); // warm-up: connections, plan cache, JIT
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    const r = await fn();
    ms.push(performance.now() - t);
    if (r.status !== 200) throw new Error(`answered ${r.status}: ${r.body.slice(0, 200)}`);
  }
  ms.sort((a, b) => a - b);
  const at = (q: number) => Math.round(ms[Math.min(ms.length - 1, Math.floor(q * ms.length))]! * 10) / 10;
  return { p50: at(0.5), p99: at(0.99) };
}

/** p50/p99 of the main list and detail routes, then requests/s of two of them under concurrency. */
async function benchRoutes(db: Db, tenantId: string): Promise<void> {
  // Loaded here: `--only webhooks` needs none of the REST stack.
  const { createTenantResolver } = await import('@magma/api');
  const { createRestHandler, createRestRateLimiter } = await import('@magma/api/openapi');
  let httpServer: http.Server | undefined;
  try {
    // An OAuth client of the operator (client credentials), as an integration would hold.
    const keyring = oauthKeyring({ fallbackSecret: 'bench-api-oauth-secret-0123456789abcdef' });
    const { client, clientSecret } = await createApiClient({
      db,
      scope: tenantScope(tenantId),
      input: { name: 'Bench', role: 'OPERATOR_ADMIN', vendorId: null, scopes: [...API_SCOPES] },
    });
    const { access_token: token } = await issueClientToken({
      db,
      keyring,
      issuer: `http://${HOST}`,
      tenantId,
      credentials: { clientId: client.clientId, clientSecret },
      grantType: 'client_credentials',
      scope: undefined,
      address: '127.0.0.1',
    });

    const handle = createRestHandler({
      db,
      resolver: createTenantResolver({ db, platformDomain: 'localhost' }),
      platformDomain: 'localhost',
      services: {
        knownThemes: [],
        invalidateTenant: () => {},
        sendInvitationEmail: async () => {},
        tenantOrigin: () => '',
        pinLookupKey: 'bench-pin-lookup-key',
        dnsResolver: { resolveTxt: async () => [] },
      },
      rateLimiter: createRestRateLimiter({ kind: 'pg', db }, { points: 10_000_000, durationSec: 60 }),
      verifyToken: (bearer) => verifyAccessToken({ db, token: bearer }),
      tokenUrl: (origin) => `${origin}/api/oauth/token`,
    });
    httpServer = http.createServer((req, res) => {
      const request = new Request(`http://${HOST}${req.url ?? '/'}`, {
        method: req.method,
        headers: req.headers as Record<string, string>,
      });
      handle(request, { host: HOST, origin: `http://${HOST}` })
        .then(async (answer) => {
          res.writeHead(answer.status, Object.fromEntries(answer.headers));
          res.end(Buffer.from(await answer.arrayBuffer()));
        })
        .catch((e: unknown) => {
          res.writeHead(500);
          res.end(String(e));
        });
    });
    await new Promise<void>((r) => httpServer!.listen(0, '127.0.0.1', r));
    const port = (httpServer.address() as AddressInfo).port;
    const call = (p: string) => () => get(port, `/api/v1${p}`, token);

    const firstCharger = await db.charger.findFirstOrThrow({ where: { tenantId }, orderBy: { identity: 'asc' } });
    const session = await db.transaction.findFirstOrThrow({ where: { tenantId }, orderBy: { startedAt: 'desc' } });
    const site = await db.site.findFirstOrThrow({ where: { tenantId } });
    const page1 = JSON.parse((await call('/chargers?limit=50')()).body) as { nextCursor: string };
    const deep = encodeURIComponent(page1.nextCursor);

    const routes: [string, string][] = [
      ['GET /chargers?limit=50 (first page)', '/chargers?limit=50'],
      ['GET /chargers?limit=50&cursor=… (next page)', `/chargers?limit=50&cursor=${deep}`],
      ['GET /chargers?search=FLEET-01&limit=50', '/chargers?search=FLEET-01&limit=50'],
      ['GET /chargers/{id}', `/chargers/${firstCharger.id}`],
      ['GET /chargers/{id}/detail', `/chargers/${firstCharger.id}/detail`],
      ['GET /connectors (first page of 50)', '/connectors?pageSize=50'],
      ['GET /sessions?limit=50', '/sessions?limit=50'],
      ['GET /sessions/{id}', `/sessions/${session.id}`],
      ['GET /sites', '/sites'],
      ['GET /sites/{id}', `/sites/${site.id}`],
      ['GET /fleet/kpis', '/fleet/kpis'],
      ['GET /faults', '/faults'],
    ];
    const rows: [string, { p50: number; p99: number }][] = [];
    for (const [label, p] of routes) rows.push([label, await timed(RUNS, call(p))]);

    const width = Math.max(...rows.map(([n]) => n.length));
    console.log(`\nload average ${loadAverage()} on ${os.cpus().length} cores (contention shows in p99)`);
    console.log(`${'route'.padEnd(width)}   p50 ms   p99 ms   (sequential, runs: ${RUNS})`);
    for (const [n, r] of rows)
      console.log(`${n.padEnd(width)} ${String(r.p50).padStart(8)} ${String(r.p99).padStart(8)}`);

    // Throughput: C clients in a loop on the main list for S seconds.
    for (const [label, p] of [
      ['GET /chargers?limit=50', '/chargers?limit=50'],
      ['GET /chargers/{id}', `/chargers/${firstCharger.id}`],
    ] as const) {
      const until = performance.now() + SECONDS * 1000;
      let done = 0;
      let failed = 0;
      const t = performance.now();
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (performance.now() < until) {
            const r = await get(port, `/api/v1${p}`, token);
            if (r.status === 200) done++;
            else failed++;
          }
        }),
      );
      const rps = Math.round((done / (performance.now() - t)) * 1000 * 10) / 10;
      console.log(
        `${label}: ${rps} requests/s with ${CONCURRENCY} concurrent clients over ${SECONDS} s (${failed} failed)`,
      );
    }
  } finally {
    httpServer?.close();
  }
}

const bench = await openBenchDatabase('api');
const { name, url } = bench;
// As the worker sizes its pool: one connection per attempt in flight, two more for claims.
const db = createDb({ url, max: Math.max(10, WEBHOOK_CONCURRENCY + 2), applicationName: 'magma-bench-api' });
try {
  console.log(`database ${name}: migrating and seeding ${CONNECTORS.toLocaleString('en-IN')} connectors…`);
  await applyMigrations(url);
  const t = performance.now();
  const { tenantId } = await seedDemo({ db, history: { days: 7, now: new Date() } });
  await seedLargeFleet({ db, tenantId, connectors: CONNECTORS });
  await db.$executeRawUnsafe('ANALYZE');
  const [chargers, connectors, sessions] = await Promise.all([
    db.charger.count({ where: { tenantId } }),
    db.connector.count({ where: { tenantId } }),
    db.transaction.count({ where: { tenantId } }),
  ]);
  console.log(
    `seeded in ${Math.round(performance.now() - t)} ms: ${chargers} chargers, ${connectors} connectors, ${sessions} sessions`,
  );

  if (ONLY !== 'webhooks') await benchRoutes(db, tenantId);
  if (ONLY !== 'routes') {
    console.log(
      `\nwebhook delivery: ${WEBHOOK_EVENTS} connector.status_changed facts per receiver, job runner with ` +
        `concurrency ${WEBHOOK_CONCURRENCY} and a ${PUMP_MS} ms pump (the worker's defaults: 8, 1000)`,
    );
    const rows = await benchWebhookDelivery({
      db,
      databaseUrl: url,
      tenantId,
      events: WEBHOOK_EVENTS,
      concurrency: WEBHOOK_CONCURRENCY,
      pumpMs: PUMP_MS,
      slowMs: SLOW_MS,
    });
    console.log(`load average ${loadAverage()} on ${os.cpus().length} cores`);
    const width = Math.max(...rows.map((r) => r.receiver.length), 'receiver'.length);
    console.log(
      `${'receiver'.padEnd(width)}  facts/s  delivered/s  fact→2xx p50 ms  p99 ms  max ms  attempts  bad signatures`,
    );
    for (const r of rows)
      console.log(
        `${r.receiver.padEnd(width)} ${String(r.factsPerSecond).padStart(8)} ${String(r.deliveredPerSecond).padStart(12)} ` +
          `${String(r.p50).padStart(16)} ${String(r.p99).padStart(7)} ${String(r.max).padStart(7)} ` +
          `${String(r.attempts).padStart(9)} ${String(r.badSignatures).padStart(15)}`,
      );
  }
} finally {
  agent.destroy();
  await db.$disconnect();
  await bench.close({ keep: values.keep });
}
