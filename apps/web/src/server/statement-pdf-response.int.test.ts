import { randomUUID } from 'node:crypto';
import { extractText } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContext, createTenantResolver, type ApiServices } from '@magma/api';
import type { Role } from '@magma/db';
import { createTestDatabase, type TestDatabase } from '@magma/db/testing';
import { statementPdfResponse } from './statement-pdf-response.ts';

// The statement PDF route's answers, on a real PostgreSQL and the real tRPC context: the tenant's
// admin and staff and the vendor whose statement it is get the PDF; another vendor, another
// tenant's admin and a made-up id get the same 404; signed out is 401.

const PLATFORM = 'platform.test';
let t: TestDatabase;
const ids: Record<string, string> = {};
const hosts: Record<'A' | 'B', string> = { A: '', B: '' };

// The route touches none of these: the context only carries them.
const services = {
  knownThemes: ['magma'],
  invalidateTenant: () => {},
  sendInvitationEmail: async () => {},
  tenantOrigin: () => 'https://x.test',
} as unknown as ApiServices;

beforeAll(async () => {
  t = await createTestDatabase();
  const db = t.db;
  const tenant = async (key: 'A' | 'B', name: string) => {
    const row = await db.tenant.create({ data: { slug: `st-${randomUUID().slice(0, 8)}`, name } });
    hosts[key] = `${row.slug}.${PLATFORM}`;
    return row;
  };
  const A = await tenant('A', 'Alpha Charging');
  const B = await tenant('B', 'Bravo Charging');
  const vendor = (tenantId: string, name: string) =>
    db.vendor.create({ data: { tenantId, name, legalName: `${name} Pvt Ltd`, pan: 'ABCPE1234F' } });
  const [a1, a2, b1] = [await vendor(A.id, 'A-One'), await vendor(A.id, 'A-Two'), await vendor(B.id, 'B-One')];
  const week = (tenantId: string) =>
    db.settlementWeek.create({
      data: {
        tenantId,
        weekStart: new Date('2026-11-15T18:30:00Z'),
        weekEnd: new Date('2026-11-22T18:30:00Z'),
        status: 'CLOSED',
        closedAt: new Date('2026-11-22T18:45:00Z'),
      },
    });
  const [wA, wB] = [await week(A.id), await week(B.id)];
  const statement = (tenantId: string, weekId: string, vendorId: string) =>
    db.settlementStatement.create({
      data: { tenantId, weekId, vendorId, sessions: 12, weekNetMinor: 123_456_78, netPayableMinor: 123_456_78 },
    });
  ids.a1 = (await statement(A.id, wA.id, a1.id)).id;
  ids.a2 = (await statement(A.id, wA.id, a2.id)).id;
  ids.b1 = (await statement(B.id, wB.id, b1.id)).id;
  const user = async (key: string, tenantId: string, role: Role, vendorId: string | null = null) => {
    const u = await db.user.create({ data: { email: `${key}-${randomUUID().slice(0, 6)}@example.test`, name: key } });
    await db.membership.create({ data: { userId: u.id, tenantId, role, vendorId } });
    ids[key] = u.id;
  };
  await user('adminA', A.id, 'OPERATOR_ADMIN');
  await user('staffA', A.id, 'OPERATOR_STAFF');
  await user('vendorA1', A.id, 'VENDOR_USER', a1.id);
  await user('vendorA2', A.id, 'VENDOR_USER', a2.id);
  await user('adminB', B.id, 'OPERATOR_ADMIN');
});
afterAll(async () => t?.drop());

async function get(userKey: string | null, file: string, host = hosts.A) {
  const ctx = await createContext({
    db: t.db,
    resolver: createTenantResolver({ db: t.db, platformDomain: PLATFORM, ttlMs: 0, missTtlMs: 0 }),
    platformDomain: PLATFORM,
    host,
    origin: `https://${host}`,
    userId: userKey ? ids[userKey]! : null,
    services,
  });
  return statementPdfResponse({
    ctx,
    file,
    brandFor: async (tenant) => ({ name: tenant.name, primaryColor: '#2f54eb', logo: null }),
  });
}

describe('GET /api/statements/{id}.pdf', () => {
  it('gives the tenant’s admin and staff and the vendor itself the PDF of the vendor’s statement', async () => {
    const r = await get('vendorA1', `${ids.a1}.pdf`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/pdf');
    expect(r.headers.get('content-disposition')).toBe('attachment; filename="statement-2026-11-16-a-one.pdf"');
    expect(r.headers.get('cache-control')).toBe('private, no-store');
    const { text } = await extractText(new Uint8Array(await r.arrayBuffer()), { mergePages: true });
    expect(text).toContain('A-One Pvt Ltd');
    expect(text).toContain('₹1,23,456.78');
    for (const who of ['adminA', 'staffA']) expect((await get(who, `${ids.a1}.pdf`)).status, who).toBe(200);
  });

  it.each([
    ['another vendor of the tenant', 'vendorA2', () => ids.a1!, undefined],
    ['a vendor user, for another vendor', 'vendorA1', () => ids.a2!, undefined],
    ['the admin, for another tenant’s statement', 'adminA', () => ids.b1!, undefined],
    ['another tenant’s admin on its own host', 'adminB', () => ids.a1!, () => hosts.B],
    ['another tenant’s admin on this host', 'adminB', () => ids.a1!, undefined],
    ['an unknown id', 'adminA', () => randomUUID(), undefined],
  ])('answers 404 to %s', async (_case, who, id, host) => {
    const r = await get(who, `${id()}.pdf`, host?.() ?? hosts.A);
    expect(r.status).toBe(404);
    expect(await r.text()).toBe('No such statement');
  });

  it.each([`${randomUUID()}.csv`, 'nope.pdf', '../x.pdf'])('answers 404 to a malformed name (%s)', async (file) => {
    expect((await get('adminA', file)).status).toBe(404);
  });

  it('asks a signed-out visitor to sign in', async () => {
    expect((await get(null, `${ids.a1}.pdf`)).status).toBe(401);
  });
});
