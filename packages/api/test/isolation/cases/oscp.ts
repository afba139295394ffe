import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import type { Db } from '@magma/db';
import { saveOscpConnection } from '@magma/core/oscp';
import { tenantScope } from '@magma/core/tenancy';
import { parseCredentialKeys } from '@magma/core/webhooks';
import { adminOnly, DENIED, rejects, type Cases, type World } from '../world.ts';

// Grid operators (OSCP, #21): only the tenant's operator admin adds, registers, reads and removes a
// site's connections (staff and vendors are refused: a token reaches the grid operator); another
// tenant's connections cannot be read, changed, registered or removed; tokens never come back.

const TOKEN_A = 'alpha-grid-operator-token-0001';
const TOKEN_B = 'bravo-grid-operator-token-0002';
const settingsB = {
  keyring: parseCredentialKeys(`iso-oscp:${randomBytes(32).toString('base64')}`),
  allowPrivateAddresses: false,
};
const input = (siteId: string, name: string, token?: string) => ({
  siteId,
  name: `DSO ${name}`,
  version: '2.0' as const,
  baseUrl: `https://cp.${name}.invalid/oscp/2.0`,
  groupId: `GROUP-${name}`,
  ...(token ? { token } : {}),
});

async function connectionsOfBoth(w: World, db: Db) {
  await db.oscpConnection.deleteMany({});
  const a = await w.callers.adminA.oscp.save(input(w.sa1.id, 'alpha', TOKEN_A));
  const b = await saveOscpConnection({
    db,
    scope: tenantScope(w.B.id),
    settings: settingsB,
    input: input(w.sb1.id, 'bravo', TOKEN_B),
  });
  return { a, b };
}

export const cases: Cases = {
  'oscp.site': async (w, db) => {
    const { a, b } = await connectionsOfBoth(w, db);
    await adminOnly((c) => c.oscp.site({ siteId: w.sa1.id }))(w);
    const mine = await w.callers.adminA.oscp.site({ siteId: w.sa1.id });
    expect(mine.map((c) => c.id)).toEqual([a.id]);
    expect(JSON.stringify(mine)).not.toContain(TOKEN_A);
    expect(JSON.stringify(mine)).not.toContain('Sealed');
    await rejects(w.callers.adminA.oscp.site({ siteId: w.sb1.id }), ['NOT_FOUND']);
    await rejects(w.callers.adminAonB.oscp.site({ siteId: w.sa1.id }), DENIED);
    expect(JSON.stringify(mine)).not.toContain(b.id);
  },
  'oscp.save': async (w, db) => {
    const { b } = await connectionsOfBoth(w, db);
    await adminOnly((c) => c.oscp.save(input(w.sa1.id, 'staff', TOKEN_A)))(w);
    await rejects(w.callers.adminA.oscp.save(input(w.sb1.id, 'x', TOKEN_A)), ['NOT_FOUND']);
    // Another tenant's connection cannot be changed through one's own site.
    await rejects(w.callers.adminA.oscp.save({ ...input(w.sa1.id, 'x'), id: b.id }), ['NOT_FOUND']);
    expect(await db.oscpConnection.findUniqueOrThrow({ where: { id: b.id } })).toMatchObject({ name: 'DSO bravo' });
    // A private address is refused, the token never comes back.
    await rejects(
      w.callers.adminA.oscp.save({ ...input(w.sa1.id, 'y', TOKEN_A), baseUrl: 'http://127.0.0.1:9/oscp' }),
      ['BAD_REQUEST'],
    );
    const saved = await w.callers.adminA.oscp.save(input(w.sa1.id, 'z', TOKEN_A));
    expect(JSON.stringify(saved)).not.toContain(TOKEN_A);
    expect(saved.outboundTokenLast4).toBe('0001');
  },
  'oscp.register': async (w, db) => {
    const { a, b } = await connectionsOfBoth(w, db);
    await adminOnly((c) => c.oscp.register({ id: a.id }))(w);
    await rejects(w.callers.adminA.oscp.register({ id: b.id }), ['NOT_FOUND']);
    await rejects(w.callers.adminAonB.oscp.register({ id: a.id }), DENIED);
    expect(await db.oscpConnection.findUniqueOrThrow({ where: { id: b.id } })).toMatchObject({
      status: 'PENDING',
      inboundTokenHash: null,
    });
  },
  'oscp.remove': async (w, db) => {
    const { a, b } = await connectionsOfBoth(w, db);
    await adminOnly((c) => c.oscp.remove({ id: a.id }))(w);
    await rejects(w.callers.adminA.oscp.remove({ id: b.id }), ['NOT_FOUND']);
    expect(await db.oscpConnection.count({ where: { id: b.id } })).toBe(1);
    expect(await w.callers.adminA.oscp.remove({ id: a.id })).toEqual({ id: a.id, siteId: w.sa1.id });
  },
};
