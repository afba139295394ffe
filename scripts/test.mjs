// `npm test`: type-checks, lint, then unit, integration (real PostgreSQL), browser and fault tests.
// Exits non-zero on any failure and ends with one plain summary line.
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
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
function stage(name, args) {
  console.log(`→ ${name}…`);
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit', env });
  if (r.status !== 0) failed.push(name);
}
stage('type-checking every workspace', [
  bin('turbo/bin/turbo'),
  'run',
  'typecheck',
  '--concurrency=2',
  '--output-logs=errors-only',
  '--continue',
]);
stage('type-checking the root scripts', [bin('typescript/bin/tsc'), '--noEmit', '-p', '.']);
// Typed lint holds every workspace's TypeScript program at once: about 5 GB of heap with the API's
// OpenAPI-typed router, past Node's default limit (about 4 GB here).
stage('linting', ['--max-old-space-size=8192', bin('eslint/bin/eslint.js'), '.', '--max-warnings=0']);
stage('checking formatting', [bin('prettier/bin/prettier.cjs'), '--check', '.', '--log-level=warn']);

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
