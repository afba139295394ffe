// `npm test`: type-checks, lint, then unit, integration (real PostgreSQL), browser and fault tests.
// Exits non-zero on any failure and ends with one plain summary line.
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { bootstrap, root, run } from './bootstrap.mjs';

bootstrap();
const bin = (p) => path.join(root, 'node_modules', p);
const env = { ...process.env, TURBO_TELEMETRY_DISABLED: '1', NEXT_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1' };

if (!existsSync('/usr/bin/chromium') && process.getuid?.() === 0) {
  console.log('→ installing Debian chromium for the browser tests…');
  run('bash', [
    '-c',
    'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null',
  ]);
}

// Every stage runs even when an earlier one fails, so one run shows every problem.
const failed = [];
const secs = (t0) => `${Math.round((Date.now() - t0) / 1000)} s`;
/** Runs one stage; its output goes straight to the terminal. */
function stage(name, args) {
  console.log(`→ ${name}…`);
  const t0 = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: root, stdio: 'inherit', env });
    child.once('error', (e) => console.error(e));
    child.once('close', (code) => {
      if (code !== 0) failed.push(name);
      console.log(`  ${name}: ${code === 0 ? 'passed' : 'failed'} (${secs(t0)})`);
      resolve(code === 0);
    });
  });
}
/**
 * Starts a stage alongside the others (this machine has 2 cores, and typed lint uses one): its output
 * is held back and printed in one piece, under its name, once `report()` is awaited after it ends.
 */
function background(name, args) {
  console.log(`→ ${name} (alongside the next stages; its output follows when it ends)…`);
  const t0 = Date.now();
  const out = [];
  const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env });
  child.stdout.on('data', (d) => out.push(d));
  child.stderr.on('data', (d) => out.push(d));
  const done = new Promise((resolve) => {
    child.once('error', (e) => out.push(Buffer.from(`${e}\n`)));
    child.once('close', (code) => resolve({ ok: code === 0, took: secs(t0) }));
  });
  return {
    /** Waits for the stage, prints its held output, and counts its failure. */
    async report() {
      const { ok, took } = await done;
      console.log(`→ ${name}: ${ok ? 'passed' : 'FAILED'} (${took})`);
      const text = Buffer.concat(out).toString();
      if (text.trim()) process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
      if (!ok) failed.push(name);
      return ok;
    },
  };
}

// Typed lint holds every workspace's TypeScript program at once: about 5 GB of heap with the API's
// OpenAPI-typed router, past Node's default limit (about 4 GB here).
const lint = background('linting', ['--max-old-space-size=8192', bin('eslint/bin/eslint.js'), '.', '--max-warnings=0']);
await stage('type-checking every workspace', [
  bin('turbo/bin/turbo'),
  'run',
  'typecheck',
  '--concurrency=2',
  '--output-logs=errors-only',
  '--continue',
]);
await stage('type-checking the root scripts', [bin('typescript/bin/tsc'), '--noEmit', '-p', '.']);
await stage('checking formatting', [bin('prettier/bin/prettier.cjs'), '--check', '.', '--log-level=warn']);
await lint.report();

// Unit and integration tests first, then the browser tests on their own: the production build
// and the browser would otherwise compete with the integration suite for this machine's 2 cores.
mkdirSync(path.join(root, 'artifacts'), { recursive: true });
const extra = process.argv.slice(2);
const totals = { passed: 0, failed: 0, skipped: 0, total: 0 };
function vitest(name, projects) {
  console.log(`→ running the ${name} tests…`);
  const report = path.join(root, `artifacts/vitest-${projects.join('-')}.json`);
  rmSync(report, { force: true });
  const r = spawnSync(
    process.execPath,
    [
      bin('vitest/vitest.mjs'),
      'run',
      ...projects.flatMap((p) => ['--project', p]),
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${report}`,
      ...extra,
    ],
    { cwd: root, stdio: 'inherit', env },
  );
  let failedHere = 0;
  if (existsSync(report)) {
    const j = JSON.parse(readFileSync(report, 'utf8'));
    failedHere = j.numFailedTests ?? 0;
    totals.passed += j.numPassedTests ?? 0;
    totals.failed += failedHere;
    totals.skipped += (j.numPendingTests ?? 0) + (j.numTodoTests ?? 0);
    totals.total += j.numTotalTests ?? 0;
  }
  // A worker that dies of an unhandled error can leave vitest exiting 0 with failed tests reported.
  if (r.status !== 0 || failedHere > 0) failed.push(`${name} tests`);
}
vitest('unit and integration', ['unit', 'integration']);
vitest('browser', ['e2e']);
// After the browser tests, whose setup leaves the production build the supervised stack serves.
vitest('fault', ['faults']);
if (totals.total === 0) failed.push('no test ran');
console.log(`\nTests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
if (failed.length) console.error(`✗ failed: ${failed.join(', ')}`);
process.exit(failed.length ? 1 : 0);
