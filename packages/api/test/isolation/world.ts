import { expect } from 'vitest';
import { TRPCError } from '@trpc/server';
import type { Db } from '@magma/db';
import type { Bus } from '@magma/core/bus';
import { hashInvitationToken } from '../../src/core.ts';
import { aCharger, aSite, aTenant, aUser, aVendor, callerFor, hostOf, PLATFORM_DOMAIN } from '../builders.ts';

// The shared fixture of the isolation suite: tenant A with vendors A-One and A-Two, tenant B, and
// callers for each kind of user. Extend it (add rows to both tenants/vendors) when a new router
// needs rows of its own to prove isolation on.

export type Caller = Awaited<ReturnType<typeof callerFor>>;

export async function buildWorld(db: Db) {
  const A = await aTenant(db, { name: 'Alpha Charging' });
  const B = await aTenant(db, { name: 'Bravo Charging' });
  const [a1, a2, b1] = await Promise.all([
    aVendor(db, A.id, 'A-One'),
    aVendor(db, A.id, 'A-Two'),
    aVendor(db, B.id, 'B-One'),
  ]);
  const [sa1, sa2, sb1] = await Promise.all([aSite(db, A.id, a1.id), aSite(db, A.id, a2.id), aSite(db, B.id, b1.id)]);
  const [ca1, ca2, cb1] = await Promise.all([aCharger(db, sa1), aCharger(db, sa2), aCharger(db, sb1)]);
  const adminA = await aUser(db, { tenantId: A.id, role: 'OPERATOR_ADMIN' });
  const staffA = await aUser(db, { tenantId: A.id, role: 'OPERATOR_STAFF' });
  const vendorA1 = await aUser(db, { tenantId: A.id, role: 'VENDOR_USER', vendorId: a1.id });
  const vendorA2 = await aUser(db, { tenantId: A.id, role: 'VENDOR_USER', vendorId: a2.id });
  const adminB = await aUser(db, { tenantId: B.id, role: 'OPERATOR_ADMIN' });
  const platform = await aUser(db, { platformAdmin: true });
  const domainA = await db.tenantDomain.create({
    data: { tenantId: A.id, host: `charge.${A.slug}.example`, verifiedAt: new Date() },
  });
  const domainB = await db.tenantDomain.create({
    data: { tenantId: B.id, host: `charge.${B.slug}.example`, verifiedAt: new Date() },
  });
  const tokenA2 = 'a'.repeat(43);
  const tokenB = 'b'.repeat(43);
  const inviteA2 = await db.invitation.create({
    data: {
      tenantId: A.id,
      vendorId: a2.id,
      email: 'new-a2@example.test',
      role: 'VENDOR_USER',
      tokenHash: hashInvitationToken(tokenA2),
      expiresAt: new Date(Date.now() + 86_400_000),
    },
  });
  const inviteB = await db.invitation.create({
    data: {
      tenantId: B.id,
      email: 'new-b@example.test',
      role: 'OPERATOR_STAFF',
      tokenHash: hashInvitationToken(tokenB),
      expiresAt: new Date(Date.now() + 86_400_000),
    },
  });
  const memberB = await db.membership.findFirstOrThrow({ where: { userId: adminB.id } });
  const memberA2 = await db.membership.findFirstOrThrow({ where: { userId: vendorA2.id } });
  const as = async (userId: string | null, host: string) => callerFor(db, { host, userId });
  const callers = {
    adminA: await as(adminA.id, hostOf(A)),
    staffA: await as(staffA.id, hostOf(A)),
    vendorA1: await as(vendorA1.id, hostOf(A)),
    anonA: await as(null, hostOf(A)),
    /** Tenant A's admin presenting itself on tenant B's host: must get nothing. */
    adminAonB: await as(adminA.id, hostOf(B)),
    adminAonPlatform: await as(adminA.id, PLATFORM_DOMAIN),
    platformOnA: await as(platform.id, hostOf(A)),
    platform: await as(platform.id, PLATFORM_DOMAIN),
  };
  return {
    A,
    B,
    a1,
    a2,
    b1,
    sa1,
    sa2,
    sb1,
    ca1,
    ca2,
    cb1,
    adminA,
    staffA,
    vendorA1,
    adminB,
    domainA,
    domainB,
    tokenA2,
    tokenB,
    inviteA2,
    inviteB,
    memberB,
    memberA2,
    callers,
  };
}

export type World = Awaited<ReturnType<typeof buildWorld>>;

export async function rejects(p: Promise<unknown>, codes: TRPCError['code'][]) {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err, `expected one of ${codes.join(', ')}`).toBeInstanceOf(TRPCError);
  expect(codes).toContain((err as TRPCError).code);
}

export const DENIED: TRPCError['code'][] = ['FORBIDDEN', 'NOT_FOUND', 'UNAUTHORIZED'];
export const ids = (rows: { id: string }[]) => rows.map((r) => r.id);

export type Case = (w: World, db: Db) => Promise<void>;

/** Vendor users and staff are refused outright (admin-only procedures). */
export const adminOnly = (call: (c: Caller, w: World) => Promise<unknown>) => async (w: World) => {
  await rejects(call(w.callers.vendorA1, w), ['FORBIDDEN']);
  await rejects(call(w.callers.staffA, w), ['FORBIDDEN']);
};

export const platformOnly = (call: (c: Caller, w: World) => Promise<unknown>) => async (w: World) => {
  await rejects(call(w.callers.adminAonPlatform, w), ['FORBIDDEN']);
  await rejects(call(w.callers.adminA, w), ['FORBIDDEN']);
  await rejects(call(w.callers.platformOnA, w), ['FORBIDDEN']); // platform tools live on the platform host only
};

/** One file per router under cases/: `export const cases: Cases = { 'router.procedure': async (w, db) => { … } }`. */
export type Cases = Record<string, Case>;

/** A bus that carries nothing (no relay): the world's chargers are offline, so no command is ever routed. */
export const idleBus: Bus = { publish: async () => {}, subscribe: async () => async () => {}, close: async () => {} };
