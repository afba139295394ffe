import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@magma/db/testing';
import { aSite, aTenant, aUser, callerFor, hostOf, PLATFORM_DOMAIN } from '../test/builders.ts';

// The plan decides what a tenant may do, in the procedures (not only in the navigation).

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t?.drop());

async function adminOf(plan: 'VENDOR_CSMS' | 'OPERATOR_CSMS') {
  const tenant = await aTenant(t.db, { plan });
  await aSite(t.db, tenant.id, null);
  const admin = await aUser(t.db, { tenantId: tenant.id, role: 'OPERATOR_ADMIN' });
  return { tenant, api: await callerFor(t.db, { host: hostOf(tenant), userId: admin.id }) };
}

const site = { name: 'Second', address: '2 Main Rd', city: 'Pune', state: 'MH' };

describe('plans', () => {
  it.each([
    ['vendor sub-accounts', (api: Api) => api.vendor.create({ name: 'Sunrise', legalName: 'Sunrise Pvt Ltd' })],
    [
      'custom domains',
      (api: Api) => api.tenant.addDomain({ host: `charge-${Math.random().toString(36).slice(2)}.example.in` }),
    ],
    ['a white-label theme', (api: Api) => api.tenant.updateBranding({ themeKey: 'voltway' })],
    ['a second site', (api: Api) => api.site.create(site)],
  ])('keeps %s to the Operator CSMS plan', async (_feature, call) => {
    const vendorPlan = await adminOf('VENDOR_CSMS');
    await expect(call(vendorPlan.api)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const operatorPlan = await adminOf('OPERATOR_CSMS');
    await expect(call(operatorPlan.api)).resolves.toBeTruthy();
  });

  it('reports the features of the plan the platform admin sets', async () => {
    const { tenant, api } = await adminOf('OPERATOR_CSMS');
    expect((await api.tenant.access()).features.vendorAccounts).toBe(true);
    const platform = await aUser(t.db, { platformAdmin: true });
    const root = await callerFor(t.db, { host: PLATFORM_DOMAIN, userId: platform.id });
    await root.platform.setPlan({ tenantId: tenant.id, plan: 'VENDOR_CSMS' });
    const again = await callerFor(t.db, {
      host: hostOf(tenant),
      userId: (await t.db.membership.findFirstOrThrow({ where: { tenantId: tenant.id } })).userId,
    });
    expect((await again.tenant.access()).features).toMatchObject({
      vendorAccounts: false,
      customDomains: false,
      whiteLabel: false,
    });
  });
});

type Api = Awaited<ReturnType<typeof callerFor>>;
