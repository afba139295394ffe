// The pure half of `npm run bench:settle`: split N sessions across vendors and sites and stream
// their entries through the week close, without a database. Prints sessions/s, entries/s and the
// heap before and after, which must not grow with N (run with N = 100k and 1M to compare).
//   npx tsx packages/ledger/bench/bench-close.ts [sessions=1000000] [vendors=500] [sites=2000]
import {
  addEntry,
  DEFAULT_TAX_RULES,
  finishWeek,
  parseSplitTerms,
  splitSession,
  startWeek,
  weekContaining,
  type VendorTaxProfile,
} from '../src/index.ts';

const [sessions = 1_000_000, vendors = 500, sites = 2_000] = process.argv.slice(2).map(Number);
const week = weekContaining(Date.parse('2026-11-25T12:00:00+05:30'), {
  timeZone: 'Asia/Kolkata',
  closeDay: 1,
  cutoff: '00:00',
});
const terms = parseSplitTerms({
  version: 'bench',
  vendorShareBps: 3000,
  landOwnerMinorPerKwh: 150,
  platformFee: { bps: 100, bearer: 'PRO_RATA' },
  gatewayFeeBearer: 'VENDOR',
});
const profiles = new Map<string, VendorTaxProfile>();
for (let v = 0; v < vendors; v++) profiles.set(`v${v}`, { pan: v % 10 === 0 ? null : 'ABCPE1234F' });

const heap = () => Math.round(process.memoryUsage().heapUsed / 1e6);
globalThis.gc?.();
const heapBefore = heap();
const acc = startWeek({ week, currency: 'INR', taxRules: DEFAULT_TAX_RULES, vendors: profiles });
const t0 = performance.now();
let entries = 0;
let peak = heapBefore;
for (let i = 0; i < sessions; i++) {
  const net = 5_000 + ((i * 7919) % 50_000);
  const gst = Math.round((net * 18) / 100);
  const site = i % sites;
  const split = splitSession({
    session: {
      id: `s${i}`,
      vendorId: site % 10 === 9 ? null : `v${site % vendors}`,
      siteId: `site${site}`,
      priced: {
        currency: 'INR',
        subtotalMinor: net,
        taxMinor: gst,
        totalMinor: net + gst,
        sponsorMinor: 0,
        driverMinor: net + gst,
        energyMwh: net * 600,
      },
    },
    payment: {
      id: `p${i}`,
      capturedMinor: net + gst,
      gatewayFeeMinor: Math.round((net + gst) / 50),
      gatewayFeeTaxMinor: Math.round((net + gst) / 278),
    },
    terms,
    at: week.start + (i % (week.end - week.start)),
  });
  for (const e of split.entries) addEntry(acc, e);
  entries += split.entries.length;
  if (i % 100_000 === 0) peak = Math.max(peak, heap());
}
const close = finishWeek(acc, { openingCarry: new Map() });
const ms = performance.now() - t0;
peak = Math.max(peak, heap());
console.log(
  JSON.stringify(
    {
      sessions,
      vendors,
      sites,
      entries,
      seconds: +(ms / 1000).toFixed(2),
      sessionsPerSecond: Math.round(sessions / (ms / 1000)),
      entriesPerSecond: Math.round(entries / (ms / 1000)),
      heapMbBefore: heapBefore,
      heapMbPeakSampled: peak,
      statements: close.vendors.length,
      tdsEntries: close.entries.length,
      totalGrossMinor: close.totals.grossCollectedMinor,
      totalTdsMinor: close.totals.tdsMinor,
    },
    null,
    2,
  ),
);
