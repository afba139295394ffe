// `npm run bench:settle [-- --sessions 1000000 --vendors 500 --sites 2000]`: one week of priced,
// paid sessions across vendors and sites in a fresh database (on the server named by DATABASE_URL,
// or an embedded PostgreSQL), then the week closed as the scheduler closes it: every session posted
// (streamed, one page at a time), the week's entries folded into statements, TDS posted. Prints the
// time, postings per second and peak RSS (sampled through the close), and checks that the ledger
// balances to zero and that every vendor's statement equals the sum of its postings in the week.
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { createDb } from '@magma/db';
import { applyMigrations } from '@magma/db/migrate';
import { openBenchDatabase } from './bench-database.ts';
import { closeSettlementWeek } from '@magma/core/settlements';

const { values } = parseArgs({
  options: {
    sessions: { type: 'string', default: '1000000' },
    vendors: { type: 'string', default: '500' },
    sites: { type: 'string', default: '2000' },
    keep: { type: 'boolean', default: false },
  },
});
const SESSIONS = z.coerce.number().int().min(1).max(5_000_000).parse(values.sessions);
const VENDORS = z.coerce.number().int().min(1).max(10_000).parse(values.vendors);
const SITES = z.coerce.number().int().min(VENDORS).max(100_000).parse(values.sites);

// The week of Wed 18 Nov 2026 in Asia/Kolkata (Monday 00:00 cut-off): 15 Nov 18:30Z to 22 Nov 18:30Z.
const WEEK_START = '2026-11-15T18:30:00Z';
const AT = new Date('2026-11-18T06:00:00Z');
const NOW = new Date('2026-11-23T00:00:00Z');

const mb = (n: number) => `${(n / 1_048_576).toFixed(0)} MB`;
const n = (x: number) => x.toLocaleString('en-IN');

const bench = await openBenchDatabase('settle');
const { name, url } = bench;
const db = createDb({ url, max: 4, applicationName: 'magma-bench-settle' });
try {
  console.log(`database ${name}: migrating, then ${n(SESSIONS)} sessions, ${n(VENDORS)} vendors, ${n(SITES)} sites…`);
  await applyMigrations(url);
  const tenant = await db.tenant.create({ data: { slug: 'bench', name: 'Bench Charging' } });
  const t0 = performance.now();
  // Written by PostgreSQL itself: vendors (every third without a PAN: 5% TDS), their sites, one
  // charger per site, terms per vendor (50–80% share, every fifth with ₹1.50/kWh land-owner share),
  // then the sessions spread over the week, each paid by a captured payment with Razorpay's fee.
  await db.$executeRawUnsafe(
    `INSERT INTO "Vendor" (id, "tenantId", name, "legalName", pan, "bankAccountNumber", "bankIfsc", "updatedAt")
     SELECT gen_random_uuid(), $1::uuid, 'Vendor ' || g, 'Vendor ' || g || ' Pvt Ltd',
            CASE WHEN g % 3 = 0 THEN NULL ELSE 'ABCPE' || lpad(g::text, 4, '0') || 'F' END, '0000' || g, 'HDFC0000001', now()
     FROM generate_series(1, $2) g`,
    tenant.id,
    VENDORS,
  );
  await db.$executeRawUnsafe(
    `WITH v AS (SELECT id, row_number() OVER (ORDER BY name) - 1 AS i FROM "Vendor" WHERE "tenantId" = $1::uuid)
     INSERT INTO "Site" (id, "tenantId", "vendorId", name, address, city, state, "updatedAt")
     SELECT gen_random_uuid(), $1::uuid, v.id, 'Site ' || g, 'Road ' || g, 'Pune', 'MH', now()
     FROM generate_series(0, $2 - 1) g JOIN v ON v.i = g % $3`,
    tenant.id,
    SITES,
    VENDORS,
  );
  await db.$executeRawUnsafe(
    `INSERT INTO "Charger" (id, "tenantId", "vendorId", "siteId", identity, "updatedAt")
     SELECT gen_random_uuid(), "tenantId", "vendorId", id, 'CP-' || row_number() OVER (ORDER BY id), now()
     FROM "Site" WHERE "tenantId" = $1::uuid`,
    tenant.id,
  );
  await db.$executeRawUnsafe(
    `INSERT INTO "SplitTerms" (id, "tenantId", "vendorId", version, "effectiveFrom", "vendorShareBps", "vendorPerKwhMinor", "gatewayFeeBearer")
     SELECT gen_random_uuid(), "tenantId", id, 1, '2026-01-01', 5000 + (abs(hashtext(id::text)) % 31) * 100,
            CASE WHEN abs(hashtext(id::text)) % 5 = 0 THEN 150 ELSE 0 END,
            (CASE WHEN abs(hashtext(id::text)) % 4 = 0 THEN 'SHARED' ELSE 'OPERATOR' END)::"GatewayFeeBearer"
     FROM "Vendor" WHERE "tenantId" = $1::uuid`,
    tenant.id,
  );
  const chunk = 100_000;
  for (let from = 0; from < SESSIONS; from += chunk) {
    const to = Math.min(SESSIONS, from + chunk);
    // cost 5,000–49,999 paise, 18% GST, energy 1–40 kWh; Razorpay's fee: 2% of the amount + 18% GST on it.
    await db.$executeRawUnsafe(
      `WITH c AS (SELECT id, "vendorId", "siteId", row_number() OVER (ORDER BY id) - 1 AS i FROM "Charger" WHERE "tenantId" = $1::uuid),
       s AS (
         SELECT g, gen_random_uuid() AS tx, gen_random_uuid() AS pay, (5000 + (g * 7919) % 45000)::int AS cost,
                (1000 + (g * 104729) % 39000)::int AS wh,
                $4::timestamp + ((g * 6047) % 604800)::int * interval '1 second' AS at, c.id AS charger, c."vendorId", c."siteId"
         FROM generate_series($2::bigint, $3::bigint - 1) g JOIN c ON c.i = g % $5
       ),
       p AS (
         INSERT INTO "Payment" (id, "tenantId", provider, "providerOrderId", "providerPaymentId", "amountMinor", "capturedMinor",
                                status, "gatewayFeeMinor", "gatewayTaxMinor", "chargerId", "updatedAt")
         SELECT pay, $1::uuid, 'RAZORPAY', 'order_' || g, 'pay_' || g, cost + cost * 18 / 100, cost + cost * 18 / 100, 'CAPTURED',
                ((cost + cost * 18 / 100) * 2 / 100) + ((cost + cost * 18 / 100) * 2 / 100) * 18 / 100,
                ((cost + cost * 18 / 100) * 2 / 100) * 18 / 100, charger, now()
         FROM s
       )
       INSERT INTO "Transaction" (id, "tenantId", "chargerId", "siteId", "vendorId", "evseId", "ocppTransactionId", status,
                                  "startedAt", "stoppedAt", "energyWh", "costMinor", "taxMinor", "sponsorMinor", "pricedAt",
                                  "paymentId", "updatedAt")
       SELECT tx, $1::uuid, charger, "siteId", "vendorId", 1, 'b' || g, 'COMPLETED', at - interval '40 minutes', at, wh, cost,
              cost * 18 / 100, 0, at, pay, now()
       FROM s`,
      tenant.id,
      from,
      to,
      WEEK_START,
      SITES,
    );
  }
  await db.$executeRawUnsafe(`ANALYZE`);
  console.log(`seeded in ${((performance.now() - t0) / 1000).toFixed(0)} s`);

  let peak = process.memoryUsage().rss;
  let peakHeap = process.memoryUsage().heapUsed;
  const samples: string[] = [];
  const timer = setInterval(() => {
    const m = process.memoryUsage();
    peak = Math.max(peak, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  }, 100);
  const started = performance.now();
  let lastReport = 0;
  let postedAt = started;
  const result = await closeSettlementWeek({
    db,
    tenantId: tenant.id,
    at: AT,
    now: NOW,
    onProgress: ({ postedSessions, entries }) => {
      postedAt = performance.now();
      if (postedSessions - lastReport < SESSIONS / 10 && postedSessions < SESSIONS) return;
      lastReport = postedSessions;
      const rss = process.memoryUsage().rss;
      samples.push(`${n(postedSessions)}: ${mb(rss)}`);
      const s = (performance.now() - started) / 1000;
      console.log(`  posted ${n(postedSessions)} sessions, ${n(entries)} entries in ${s.toFixed(0)} s, RSS ${mb(rss)}`);
    },
  });
  const closedAt = performance.now();
  const seconds = (closedAt - started) / 1000;
  clearInterval(timer);

  const [counts] = await db.$queryRaw<{ entries: bigint; lines: bigint; sum: bigint | null }[]>`
    SELECT (SELECT count(*) FROM "JournalEntry") AS entries, count(*) AS lines, sum("amountMinor") AS sum FROM "JournalLine"`;
  // Each vendor's statement against its postings in the week (the close's TDS included).
  const [check] = await db.$queryRaw<{ vendors: bigint; mismatched: bigint }[]>`
    WITH p AS (
      SELECT a."vendorId", -sum(l."amountMinor") AS net
      FROM "JournalLine" l JOIN "LedgerAccount" a ON a.id = l."accountId" JOIN "JournalEntry" e ON e.id = l."entryId"
      WHERE a.kind = 'VENDOR_PAYABLE' AND e."bookedAt" >= ${result.weekStart} AND e."bookedAt" < ${result.weekEnd}
      GROUP BY a."vendorId"
    )
    SELECT count(*) AS vendors, count(*) FILTER (WHERE p.net IS DISTINCT FROM s."weekNetMinor") AS mismatched
    FROM "SettlementStatement" s LEFT JOIN p ON p."vendorId" = s."vendorId"
    WHERE s."weekId" = ${result.weekId}::uuid AND s."siteKey" = ''`;
  const again = await closeSettlementWeek({ db, tenantId: tenant.id, at: AT, now: NOW });
  const entries = Number(counts!.entries);
  const lines = Number(counts!.lines);
  console.log(`
week closed: ${n(result.postedSessions)} sessions posted, ${n(result.statements)} statements (vendor totals + sites)
time to close: ${seconds.toFixed(1)} s — ${n(Math.round(entries / seconds))} entries/s, ${n(Math.round(lines / seconds))} posting lines/s, ${n(Math.round(result.postedSessions / seconds))} sessions/s
of which posting sessions ${((postedAt - started) / 1000).toFixed(1)} s, folding the week and writing statements ${((closedAt - postedAt) / 1000).toFixed(1)} s
peak RSS during the close: ${mb(peak)}, peak heap used ${mb(peakHeap)} (by sessions posted: ${samples.join(', ')})
ledger: ${n(entries)} entries, ${n(lines)} lines, sum of all lines ${String(counts!.sum ?? 0)} (must be 0)
statements: ${String(check!.vendors)} vendors, ${String(check!.mismatched)} differ from the sum of their postings (must be 0)
closing again: ${again.closedNow ? 'CLOSED AGAIN (wrong)' : 'nothing to do (already closed)'}`);
  if (Number(counts!.sum ?? 0) !== 0 || Number(check!.mismatched) !== 0 || again.closedNow) process.exitCode = 1;
} finally {
  await db.$disconnect();
  await bench.close({ keep: values.keep });
}
