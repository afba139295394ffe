import { randomUUID } from 'node:crypto';
import type { Db } from '@magma/db';
import { hashSecret } from '../auth/password.ts';
import {
  DEMO_CHARGERS,
  DEMO_CHARGER_PASSWORD,
  DEMO_ID_TOKENS,
  DEMO_PASSWORD,
  DEMO_SITES,
  DEMO_SITE_TIMEZONE,
  DEMO_VENDORS,
  LEGACY_DEMO_IDENTITIES,
} from './demo-data.ts';
import { newShortCode } from './short-code.ts';
import { seedDefaultTariff } from '../tariffs/seed-default-tariff.ts';
import { seedDemoHistory, type DemoHistoryOptions, type DemoHistoryResult } from './seed-demo-history.ts';
import { seedDemoPlugAndCharge } from './seed-demo-plug-and-charge.ts';

export type SeedDemoResult = { created: boolean; tenantId: string; history?: DemoHistoryResult };

/** The demo's operator admin and vendor user (both with the demo password). */
export type DemoUsers = { admin: string; vendor: string };
const DEMO_USERS: DemoUsers = { admin: 'admin@demo.test', vendor: 'vendor@demo.test' };

/**
 * Seeds the demo operator (slug `demo`) once. Running it again changes nothing.
 * Demo credentials are printed by `npm start`; they exist only in this seed.
 * `history` adds that many days of sessions, payments, faults and settled weeks before `now`
 * (seed-demo-history.ts), when the tenant is created. A second demo tenant (another `slug`) is given
 * its own `users`, so that it does not add memberships to the first one's.
 */
export async function seedDemo({
  db,
  slug = 'demo',
  history,
  users = DEMO_USERS,
}: {
  db: Db;
  slug?: string;
  history?: DemoHistoryOptions;
  users?: DemoUsers;
}): Promise<SeedDemoResult> {
  const existing = await db.tenant.findUnique({ where: { slug } });
  if (existing) {
    await markSeededChargers(db, existing.id);
    await seedDefaultTariff({ db, tenantId: existing.id });
    if (await isSeededDemo(db, existing.id)) await seedDemoPlugAndCharge({ db, tenantId: existing.id });
    return { created: false, tenantId: existing.id };
  }

  const [passwordHash, chargerHash] = await Promise.all([hashSecret(DEMO_PASSWORD), hashSecret(DEMO_CHARGER_PASSWORD)]);

  const tenantId = await db.$transaction(
    async (tx) => {
      const tenant = await tx.tenant.create({
        data: {
          slug,
          name: 'Magma Demo Charging',
          timezone: 'Asia/Kolkata',
          currency: 'INR',
          gstNumber: '29AAACM1234A1Z5',
          themeKey: 'magma',
          plan: 'OPERATOR_CSMS',
          unknownChargerPolicy: 'ACCEPT',
          heartbeatIntervalSec: 300,
          supportEmail: 'support@demo.test',
          supportPhone: '+91 80 4000 0000',
          // The demo takes no real money: the offline test gateway, with its banner on driver pages.
          paymentsMode: 'TEST_MODE',
        },
      });
      const vendorIds = new Map<string, string>();
      for (const { key, ...v } of DEMO_VENDORS) {
        const row = await tx.vendor.create({ data: { ...v, tenantId: tenant.id } });
        vendorIds.set(key, row.id);
      }
      const siteIds = new Map<string, { id: string; vendorId: string }>();
      for (const { key, code: _code, vendor, ...s } of DEMO_SITES) {
        const vendorId = vendorIds.get(vendor)!;
        const row = await tx.site.create({
          data: { ...s, timezone: DEMO_SITE_TIMEZONE, tenantId: tenant.id, vendorId },
        });
        siteIds.set(key, { id: row.id, vendorId });
      }
      for (const c of DEMO_CHARGERS) {
        const site = siteIds.get(c.site)!;
        const chargerId = randomUUID();
        await tx.charger.create({
          data: {
            id: chargerId,
            tenantId: tenant.id,
            siteId: site.id,
            vendorId: site.vendorId,
            identity: c.identity,
            origin: 'DEMO_SEED',
            protocol: c.protocol,
            vendorName: c.vendorName,
            model: c.model,
            maxPowerKw: c.maxPowerKw,
            securityProfile: 1,
            passwordHash: chargerHash,
          },
        });
        for (const [i, conn] of c.connectors.entries()) {
          const evse = await tx.evse.create({
            data: { tenantId: tenant.id, chargerId, evseId: i + 1, maxPowerKw: conn.maxPowerKw },
          });
          await tx.connector.create({
            data: {
              tenantId: tenant.id,
              chargerId,
              evseRowId: evse.id,
              evseId: i + 1,
              connectorId: 1,
              type: conn.type,
              maxPowerKw: conn.maxPowerKw,
              shortCode: newShortCode(),
            },
          });
        }
      }
      for (const t of DEMO_ID_TOKENS) {
        await tx.idToken.create({ data: { tenantId: tenant.id, ...t } });
      }
      const admin = await tx.user.upsert({
        where: { email: users.admin },
        update: {},
        create: { email: users.admin, name: 'Asha Rao (operator admin)', passwordHash },
      });
      await tx.membership.create({ data: { userId: admin.id, tenantId: tenant.id, role: 'OPERATOR_ADMIN' } });
      const vendorUser = await tx.user.upsert({
        where: { email: users.vendor },
        update: {},
        create: { email: users.vendor, name: 'Vikram Shah (Sunrise Malls)', passwordHash },
      });
      await tx.membership.create({
        data: { userId: vendorUser.id, tenantId: tenant.id, vendorId: vendorIds.get('sunrise')!, role: 'VENDOR_USER' },
      });
      await tx.user.upsert({
        where: { email: 'platform@magma.test' },
        update: {},
        create: { email: 'platform@magma.test', name: 'Platform admin', passwordHash, platformRole: 'PLATFORM_ADMIN' },
      });
      await tx.auditLog.create({
        data: { tenantId: tenant.id, action: 'seed.demo', entityType: 'Tenant', entityId: tenant.id },
      });
      return tenant.id;
    },
    { timeout: 60_000 },
  );
  await seedDefaultTariff({ db, tenantId });
  await seedDemoPlugAndCharge({ db, tenantId });
  if (!history) return { created: true, tenantId };
  return { created: true, tenantId, history: await seedDemoHistory({ db, tenantId, ...history }) };
}

/**
 * A demo tenant seeded before chargers had an origin: its seeded identities (created with the
 * tenant, in the seed's transaction) are marked, so the relay's demo fleet knows them. Only a
 * tenant this seed created (its `seed.demo` audit entry) is touched.
 */
async function markSeededChargers(db: Db, tenantId: string): Promise<void> {
  const seeded = await seedEntry(db, tenantId);
  if (!seeded) return;
  await db.charger.updateMany({
    where: {
      tenantId,
      origin: 'OPERATOR',
      identity: { in: [...DEMO_CHARGERS.map((c) => c.identity), ...LEGACY_DEMO_IDENTITIES] },
      createdAt: { lte: seeded.at },
    },
    data: { origin: 'DEMO_SEED' },
  });
}

const seedEntry = (db: Db, tenantId: string) =>
  db.auditLog.findFirst({
    where: { tenantId, action: 'seed.demo', entityType: 'Tenant', entityId: tenantId },
    select: { at: true },
  });

/** Whether this seed created the tenant (its `seed.demo` audit entry). */
const isSeededDemo = async (db: Db, tenantId: string) => (await seedEntry(db, tenantId)) !== null;
