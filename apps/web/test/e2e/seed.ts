import type { Db } from '@magma/db';
import { hashSecret, seedDemo } from '@magma/core';

// The browser tests' data: the demo operator (magma theme) plus a second, white-label operator on
// its own sub-domain and a custom domain, for brand and isolation checks.

export const E2E = {
  demo: {
    slug: 'demo',
    name: 'Magma Demo Charging',
    admin: 'admin@demo.test',
    vendor: 'vendor@demo.test',
    password: 'demo1234',
  },
  voltway: {
    slug: 'voltway',
    name: 'Voltway Charging',
    admin: 'admin@voltway.test',
    password: 'voltway-pass-1',
    customDomain: 'charge.voltway.test',
  },
} as const;

export async function seedE2e(db: Db): Promise<void> {
  await seedDemo({ db });
  const tenant = await db.tenant.create({
    data: {
      slug: E2E.voltway.slug,
      name: E2E.voltway.name,
      themeKey: 'voltway',
      plan: 'OPERATOR_CSMS',
      supportEmail: 'help@voltway.test',
    },
  });
  await db.tenantDomain.create({
    data: { tenantId: tenant.id, host: E2E.voltway.customDomain, verifiedAt: new Date() },
  });
  const vendor = await db.vendor.create({
    data: { tenantId: tenant.id, name: 'Voltway Partner', legalName: 'Voltway Partner LLP' },
  });
  const site = await db.site.create({
    data: {
      tenantId: tenant.id,
      vendorId: vendor.id,
      name: 'Voltway Hub',
      address: '5 Ring Rd',
      city: 'Delhi',
      state: 'Delhi',
    },
  });
  const charger = await db.charger.create({
    data: { tenantId: tenant.id, siteId: site.id, vendorId: vendor.id, identity: 'VOLT-0001' },
  });
  const evse = await db.evse.create({ data: { tenantId: tenant.id, chargerId: charger.id, evseId: 1 } });
  await db.connector.create({
    data: { tenantId: tenant.id, chargerId: charger.id, evseRowId: evse.id, evseId: 1, type: 'CCS2' },
  });
  const user = await db.user.create({
    data: { email: E2E.voltway.admin, name: 'Volt Admin', passwordHash: await hashSecret(E2E.voltway.password) },
  });
  await db.membership.create({ data: { userId: user.id, tenantId: tenant.id, role: 'OPERATOR_ADMIN' } });
}
