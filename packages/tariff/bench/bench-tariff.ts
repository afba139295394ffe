// npm run bench:tariff [-- --sessions=1000000 --workers=2]
// Prices N sessions of 100 samples each with the demo tariff (peak window, idle fee, sponsor) and
// prints sessions/s, then the time to price one session of 10,000 samples. Sample data is generated
// before the timed section: a pool of distinct sessions, priced round-robin until N are done.

import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import os from 'node:os';
import { parseTariffDefinition, priceSession, type MeterSampleInput } from '../src/index.ts';

const arg = (name: string, fallback: number) => {
  const a = process.argv.find((x) => x.startsWith(`--${name}=`));
  return a ? Number(a.split('=')[1]) : fallback;
};

const TZ = 'Asia/Kolkata';
const tariff = parseTariffDefinition({
  elements: [
    {
      label: 'Peak 18:00–22:00',
      components: [
        { dimension: 'ENERGY', priceMinor: 2200 },
        { dimension: 'PARKING', priceMinor: 200, per: 'minute' },
      ],
      restrictions: { startTime: '18:00', endTime: '22:00' },
    },
    {
      label: 'Standard',
      components: [
        { dimension: 'ENERGY', priceMinor: 1800 },
        { dimension: 'PARKING', priceMinor: 200, per: 'minute' },
      ],
    },
  ],
  idle: { graceMinutes: 10, idleBelowW: 50 },
  freeWindows: [
    { label: 'Sunday morning', restrictions: { startTime: '06:00', endTime: '09:00', daysOfWeek: ['SUNDAY'] } },
  ],
  sponsors: [{ id: 'fleet-partner', label: 'Fleet partner', firstWh: 5000, shareBps: 5000 }],
});

/** Deterministic PRNG so every run prices the same sessions. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function makeSession(rand: () => number, n: number): MeterSampleInput[] {
  const out: MeterSampleInput[] = [];
  let t = Date.UTC(2026, 0, 1) + Math.floor(rand() * 365 * 86_400_000);
  let wh = Math.floor(rand() * 1_000_000);
  const kw = 7 + rand() * 53;
  const chargeUntil = Math.floor(n * (0.7 + rand() * 0.3));
  for (let i = 0; i < n; i++) {
    out.push({ at: t, energyWh: wh, powerW: Math.round(kw * 1000) });
    const dt = 20_000 + Math.floor(rand() * 70_000);
    t += dt;
    if (i < chargeUntil) wh += (kw * (0.6 + rand() * 0.4) * dt) / 3600;
  }
  // A charger occasionally resends or reorders a reading.
  if (rand() < 0.05) out.push(out[Math.floor(rand() * n)]!);
  if (rand() < 0.02) out.reverse();
  return out;
}

function run(sessions: number, seed: number): { ms: number; checksum: number } {
  const rand = rng(seed);
  const poolSize = Math.min(sessions, 20_000);
  const pool = Array.from({ length: poolSize }, () => makeSession(rand, 100));
  let checksum = 0;
  // Warm-up (JIT, time-zone cache) outside the timed section.
  for (let i = 0; i < Math.min(poolSize, 2_000); i++)
    checksum += priceSession(tariff, { samples: pool[i]!, timeZone: TZ }).totalMinor;
  checksum = 0;
  const t0 = performance.now();
  for (let i = 0; i < sessions; i++) {
    checksum += priceSession(tariff, { samples: pool[i % poolSize]!, timeZone: TZ }).totalMinor;
  }
  return { ms: performance.now() - t0, checksum };
}

if (!isMainThread) {
  const { sessions, seed } = workerData as { sessions: number; seed: number };
  parentPort!.postMessage(run(sessions, seed));
} else {
  const sessions = arg('sessions', 1_000_000);
  const workers = arg('workers', 1);
  console.log(
    `tariff bench: ${sessions.toLocaleString('en')} sessions × 100 samples, ${workers} thread(s), ${os.cpus().length} cores, Node ${process.version}`,
  );

  let elapsed: number;
  let checksum = 0;
  if (workers <= 1) {
    const r = run(sessions, 1);
    elapsed = r.ms;
    checksum = r.checksum;
  } else {
    const per = Math.ceil(sessions / workers);
    const t0 = performance.now();
    const results = await Promise.all(
      Array.from(
        { length: workers },
        (_, i) =>
          new Promise<{ ms: number; checksum: number }>((resolve, reject) => {
            // Workers do not inherit tsx's loader: register it, then load this file as the worker.
            const boot = `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(import.meta.url)}); })`;
            const w = new Worker(boot, { eval: true, workerData: { sessions: per, seed: i + 1 } });
            w.once('message', resolve);
            w.once('error', reject);
          }),
      ),
    );
    // Wall time includes each worker's data generation; the per-worker timed sections are reported too.
    const wall = performance.now() - t0;
    elapsed = Math.max(...results.map((r) => r.ms));
    checksum = results.reduce((a, r) => a + r.checksum, 0);
    console.log(
      `  per-thread timed sections: ${results.map((r) => `${(r.ms / 1000).toFixed(2)} s`).join(', ')} (wall incl. data generation ${(wall / 1000).toFixed(2)} s)`,
    );
  }
  console.log(
    `  priced ${sessions.toLocaleString('en')} sessions in ${(elapsed / 1000).toFixed(2)} s → ${Math.round(sessions / (elapsed / 1000)).toLocaleString('en')} sessions/s (checksum ${checksum})`,
  );

  const big = makeSession(rng(42), 10_000);
  const times: number[] = [];
  for (let i = 0; i < 50; i++) {
    const t0 = performance.now();
    priceSession(tariff, { samples: big, timeZone: TZ });
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const r = priceSession(tariff, { samples: big, timeZone: TZ });
  console.log(
    `  one session of 10,000 samples: median of 50 runs ${times[25]!.toFixed(3)} ms, min ${times[0]!.toFixed(3)} ms; ${r.lines.length} lines, total ₹${(r.totalMinor / 100).toFixed(2)}`,
  );
}
