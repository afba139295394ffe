/// <reference types="vite/client" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@magma/db/testing';
import { appRouter } from './root.ts';
import { buildWorld, DENIED, rejects, type Cases, type World } from '../test/isolation/world.ts';

// Tenant and vendor isolation, procedure by procedure. Every procedure of the root router must have
// a case in test/isolation/cases/<router>.ts proving that (1) a user of tenant A cannot read or
// change tenant B's rows and (2) a vendor user cannot reach another vendor's rows of the same
// tenant. The procedures are enumerated from the router itself: a procedure without a case fails.

const modules = import.meta.glob<{ cases: Cases }>('../test/isolation/cases/*.ts', { eager: true });
const CASES: Cases = Object.assign({}, ...Object.values(modules).map((m) => m.cases));

const procedures = Object.keys(appRouter._def.procedures).sort();

/** Procedures meant for signed-out visitors or the platform host: covered by their own cases. */
const NOT_TENANT_SCOPED = (p: string) =>
  p.startsWith('platform.') || ['user.me', 'user.invitation', 'user.acceptInvitation'].includes(p);

let t: TestDatabase;
let w: World;

beforeAll(async () => {
  t = await createTestDatabase();
  w = await buildWorld(t.db);
});
afterAll(async () => t?.drop());

describe('tenant and vendor isolation', () => {
  it('has an isolation case for every procedure (add one under test/isolation/cases/)', () => {
    expect(procedures.filter((p) => !CASES[p])).toEqual([]);
    expect(Object.keys(CASES).filter((p) => !procedures.includes(p))).toEqual([]);
  });

  it.each(procedures)('%s keeps tenants and vendors apart', async (path) => {
    const run = CASES[path];
    if (!run) throw new Error(`No isolation case for ${path}: add it under packages/api/test/isolation/cases/`);
    await run(w, t.db);
  });

  it.each(procedures.filter((p) => !NOT_TENANT_SCOPED(p)))(
    "%s refuses tenant A's user on tenant B's host",
    async (path) => {
      const [router, proc] = path.split('.') as [string, string];
      const fn = (w.callers.adminAonB as unknown as Record<string, Record<string, (i?: unknown) => Promise<unknown>>>)[
        router
      ]![proc]!;
      // The scope check runs before input parsing, so even a malformed input is refused, not validated.
      await rejects(fn({ id: w.cb1.id }), DENIED);
    },
  );
});
