import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import type { Db } from '@magma/db';
import { tenantScope } from '@magma/core/tenancy';
import { requestExport, saveExportDestination } from '@magma/core/exports';
import { parseCredentialKeys } from '@magma/core/webhooks';
import { adminOnly, rejects, type Cases, type World } from '../world.ts';
import { walkPages } from '../pages.ts';

// Warehouse export: only the tenant's operator admin sets up the destination, tests it, exports and
// follows runs (staff and vendor users are refused: an export carries every session, payment and
// statement of the tenant); another tenant's destination and runs cannot be read, named or changed;
// the secret access key never comes back.

const SECRET_A = 'alpha-secret-access-key-0001';
const SECRET_B = 'bravo-secret-access-key-0002';
const settingsB = {
  keyring: parseCredentialKeys(`iso-exp:${randomBytes(32).toString('base64')}`),
  allowPrivateAddresses: false,
};
const destination = (name: string, secret?: string) => ({
  endpointUrl: `https://s3.${name}.invalid`,
  region: 'auto',
  bucket: `${name}-warehouse`,
  accessKeyId: `AKIA${name.toUpperCase()}`,
  ...(secret ? { secretAccessKey: secret } : {}),
});

async function destinationsOfBoth(w: World, db: Db) {
  const a = await w.callers.adminA.exports.save(destination('alpha', SECRET_A));
  const b = await saveExportDestination({
    db,
    scope: tenantScope(w.B.id),
    settings: settingsB,
    input: destination('bravo', SECRET_B),
  });
  const bRun = await requestExport({ db, scope: tenantScope(w.B.id), input: {} });
  return { a, b, bRun };
}

async function unchangedB(db: Db, w: World, check: () => Promise<unknown>) {
  const before = await db.exportDestination.findUniqueOrThrow({ where: { tenantId: w.B.id } });
  await check();
  expect(await db.exportDestination.findUniqueOrThrow({ where: { tenantId: w.B.id } })).toEqual(before);
}

export const cases: Cases = {
  'exports.destination': async (w, db) => {
    const { a } = await destinationsOfBoth(w, db);
    const shown = await w.callers.adminA.exports.destination();
    expect(shown?.id).toBe(a.id);
    expect(shown?.bucket).toBe('alpha-warehouse');
    expect(shown?.secretLast4).toBe('0001');
    expect(JSON.stringify(shown)).not.toMatch(/secret-access-key|secretSealed|wrappedKey/);
    await adminOnly((c) => c.exports.destination())(w);
  },
  'exports.save': async (w, db) => {
    await destinationsOfBoth(w, db);
    // A's admin changes A's destination only; the stored secret stays when left out.
    await unchangedB(db, w, async () => {
      const saved = await w.callers.adminA.exports.save({ ...destination('alpha'), schedule: 'HOURLY' });
      expect(saved).toMatchObject({ schedule: 'HOURLY', secretLast4: '0001' });
    });
    await rejects(w.callers.adminA.exports.save(destination('alpha', 'x'.repeat(300))), ['BAD_REQUEST']);
    await rejects(w.callers.adminA.exports.save({ ...destination('alpha'), endpointUrl: 'http://10.0.0.5:9000' }), [
      'BAD_REQUEST',
    ]);
    await adminOnly((c) => c.exports.save(destination('alpha', SECRET_A)))(w);
  },
  'exports.remove': async (w, db) => {
    await destinationsOfBoth(w, db);
    await adminOnly((c) => c.exports.remove())(w);
    await unchangedB(db, w, () => w.callers.adminA.exports.remove());
    expect(await db.exportDestination.count({ where: { tenantId: w.A.id } })).toBe(0);
    await rejects(w.callers.adminA.exports.remove(), ['NOT_FOUND']);
  },
  'exports.test': async (w, db) => {
    await destinationsOfBoth(w, db);
    await adminOnly((c) => c.exports.test())(w);
    // A's own (unreachable) store is tried, never B's; the answer carries no secret.
    const tested = await w.callers.adminA.exports.test();
    expect(tested.ok).toBe(false);
    expect(tested.message).not.toContain(SECRET_A);
  },
  'exports.exportNow': async (w, db) => {
    const { bRun } = await destinationsOfBoth(w, db);
    await adminOnly((c) => c.exports.exportNow({}))(w);
    const run = await w.callers.adminA.exports.exportNow({});
    expect(run.status).toBe('QUEUED');
    // A second click gets the same pending run.
    expect((await w.callers.adminA.exports.exportNow({})).id).toBe(run.id);
    expect((await db.exportRun.findUniqueOrThrow({ where: { id: run.id } })).tenantId).toBe(w.A.id);
    expect((await db.exportRun.findUniqueOrThrow({ where: { id: bRun.id } })).tenantId).toBe(w.B.id);
  },
  'exports.runs': async (w, db) => {
    const { bRun } = await destinationsOfBoth(w, db);
    const mine = await w.callers.adminA.exports.exportNow({});
    const listed = (await w.callers.adminA.exports.runs()).map((r) => r.id);
    expect(listed).toContain(mine.id);
    expect(listed).not.toContain(bRun.id);
    await adminOnly((c) => c.exports.runs())(w);
  },
  'exports.runsPage': async (w, db) => {
    const { bRun } = await destinationsOfBoth(w, db);
    const [one, two] = [await w.callers.adminA.exports.exportNow({}), await w.callers.adminA.exports.exportNow({})];
    const listed = await walkPages((i) => w.callers.adminA.exports.runsPage(i));
    expect(listed).toEqual(expect.arrayContaining([one.id, two.id]));
    expect(listed).not.toContain(bRun.id);
    await adminOnly((c) => c.exports.runsPage({}))(w);
  },
  'exports.run': async (w, db) => {
    const { bRun } = await destinationsOfBoth(w, db);
    const mine = await w.callers.adminA.exports.exportNow({});
    expect((await w.callers.adminA.exports.run({ id: mine.id })).id).toBe(mine.id);
    await rejects(w.callers.adminA.exports.run({ id: bRun.id }), ['NOT_FOUND']);
    await adminOnly((c) => c.exports.run({ id: mine.id }))(w);
  },
};
