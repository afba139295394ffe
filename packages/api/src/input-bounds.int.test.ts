import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@magma/db/testing';
import { aTenant, aUser, callerFor, hostOf, PLATFORM_DOMAIN } from '../test/builders.ts';

// Every input from outside has bounded sizes: an oversized field is a BAD_REQUEST and nothing is
// written, rather than a row (or an email, a priced tariff) of whatever size a client sends.

let t: TestDatabase;
let admin: Awaited<ReturnType<typeof callerFor>>;
let platform: Awaited<ReturnType<typeof callerFor>>;
let tenantId: string;

beforeAll(async () => {
  t = await createTestDatabase();
  const tenant = await aTenant(t.db);
  tenantId = tenant.id;
  const user = await aUser(t.db, { tenantId, role: 'OPERATOR_ADMIN' });
  admin = await callerFor(t.db, { host: hostOf(tenant), userId: user.id });
  const root = await aUser(t.db, { platformAdmin: true });
  platform = await callerFor(t.db, { host: PLATFORM_DOMAIN, userId: root.id });
});
afterAll(async () => t?.drop());

/** A syntactically valid address far past what any mail system carries (254 characters). */
const longEmail = `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(63)}.example.in`;

const energy = (label: string) => ({ label, components: [{ dimension: 'ENERGY' as const, priceMinor: 1800 }] });

describe('input bounds', () => {
  it.each([
    [
      'user.invite: an email longer than 254 characters',
      () => admin.user.invite({ email: longEmail, role: 'OPERATOR_STAFF' }),
      () => t.db.invitation.count({ where: { tenantId } }),
    ],
    [
      'vendor.create: a contact email longer than 254 characters',
      () => admin.vendor.create({ name: 'Sunrise', legalName: 'Sunrise Pvt Ltd', contactEmail: longEmail }),
      () => t.db.vendor.count({ where: { tenantId } }),
    ],
    [
      'tenant.updateBranding: a support email longer than 254 characters',
      () => admin.tenant.updateBranding({ supportEmail: longEmail }),
      () => t.db.tenant.count({ where: { id: tenantId, supportEmail: { not: null } } }),
    ],
    [
      'platform.createTenant: an admin email longer than 254 characters',
      () => platform.platform.createTenant({ slug: 'long-admin', name: 'Long admin', adminEmail: longEmail }),
      () => t.db.tenant.count({ where: { slug: 'long-admin' } }),
    ],
    [
      'platform.createTenant: a support email longer than 254 characters',
      () => platform.platform.createTenant({ slug: 'long-support', name: 'Long support', supportEmail: longEmail }),
      () => t.db.tenant.count({ where: { slug: 'long-support' } }),
    ],
    [
      'tariffs.publish: a definition of 20,000 elements',
      () =>
        admin.tariffs.publish({
          name: 'Huge',
          definition: { elements: Array.from({ length: 20_000 }, (_, i) => energy(`Element ${i}`)) },
        }),
      () => t.db.tariff.count({ where: { tenantId } }),
    ],
  ])('refuses %s and writes nothing', async (_case, call, rows) => {
    expect(longEmail.length).toBeGreaterThan(254);
    const before = await rows();
    await expect(call()).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect(await rows()).toBe(before);
  });

  it('still takes a tariff of ordinary size', async () => {
    const r = await admin.tariffs.publish({
      name: 'Day and night',
      definition: { elements: Array.from({ length: 24 }, (_, i) => energy(`Hour ${i}`)) },
    });
    expect(r.version).toBe(1);
  });
});
