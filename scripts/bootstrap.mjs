// Shared by `npm start` and `npm test`: install what is missing and generate the Prisma client.
// Plain JavaScript, because it runs before dependencies (and tsx) are installed.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts });
  if (r.status !== 0) {
    console.error(`\n✗ ${cmd} ${args.join(' ')} failed (exit ${r.status ?? r.signal})`);
    process.exit(r.status ?? 1);
  }
}

function installNeeded() {
  const marker = path.join(root, 'node_modules/.package-lock.json');
  if (!existsSync(marker)) return true;
  // A lockfile newer than the installed tree means dependencies changed since the last install.
  return statSync(path.join(root, 'package-lock.json')).mtimeMs > statSync(marker).mtimeMs + 1000;
}

function newestMtime(dir, suffix) {
  return Math.max(
    0,
    ...readdirSync(dir)
      .filter((f) => f.endsWith(suffix))
      .map((f) => statSync(path.join(dir, f)).mtimeMs),
  );
}

export function bootstrap({ quiet = false } = {}) {
  if (installNeeded()) {
    if (!quiet) console.log('→ installing dependencies (npm ci)…');
    run('npm', ['ci', '--no-audit', '--no-fund']);
  }
  const generated = path.join(root, 'packages/db/src/generated/prisma/client.ts');
  const newestSchema = newestMtime(path.join(root, 'packages/db/prisma/schema'), '.prisma');
  if (!existsSync(generated) || statSync(generated).mtimeMs < newestSchema) {
    if (!quiet) console.log('→ generating the Prisma client…');
    run(process.execPath, ['packages/db/scripts/generate.mjs'], { stdio: quiet ? 'ignore' : 'inherit' });
  }
}
