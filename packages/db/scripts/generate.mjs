// Generates the Prisma client without the native schema engine: `prisma generate` never calls it,
// but the CLI insists on locating one, so it is pointed at a stub that fails if ever run.
import { spawnSync } from 'node:child_process';
import { chmodSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const pkgDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const stub = path.join(mkdtempSync(path.join(tmpdir(), 'magma-prisma-')), 'schema-engine');
writeFileSync(
  stub,
  '#!/bin/sh\necho "the native schema engine is not used: see packages/db/src/migrate.ts" >&2\nexit 1\n',
);
chmodSync(stub, 0o755);
const r = spawnSync(process.execPath, [path.join(pkgDir, '../../node_modules/prisma/build/index.js'), 'generate'], {
  cwd: pkgDir,
  stdio: 'inherit',
  env: {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: stub,
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
    CHECKPOINT_DISABLE: '1',
    PRISMA_DISABLE_WARNINGS: '1',
  },
});
process.exit(r.status ?? 1);
