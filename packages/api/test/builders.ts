import { randomBytes, randomUUID } from 'node:crypto';
import { Resolver } from 'node:dns/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Db, Role } from '@magma/db';
import { createCaller, createContext, type ApiServices, type InvitationEmail } from '../src/index.ts';
import { createTenantResolver } from '../src/core.ts';
import { createGatewayRegistry, parseCredentialKeys } from '@magma/core/payments';
import { localFileStore } from '@magma/core/firmware';

// Small builders for integration tests of the routers. Every name is unique so several fixtures can
// share one database.

const uid = () => randomUUID().slice(0, 8);

export const PLATFORM_DOMAIN = 'platform.test';

export async function aTenant(
  db: Db,
  over: { slug?: string; name?: string; plan?: 'VENDOR_CSMS' | 'OPERATOR_CSMS'; themeKey?: string } = {},
) {
  const slug = over.slug ?? `t-${uid()}`;
  return db.tenant.create({
    data: {
      slug,
      name: over.name ?? `Tenant ${slug}`,
      plan: over.plan ?? 'OPERATOR_CSMS',
      themeKey: over.themeKey ?? 'magma',
    },
  });
}

export async function aVendor(db: Db, tenantId: string, name = `Vendor ${uid()}`) {
  return db.vendor.create({ data: { tenantId, name, legalName: `${name} Pvt Ltd` } });
}

export async function aSite(db: Db, tenantId: string, vendorId: string | null, name = `Site ${uid()}`) {
  return db.site.create({
    data: { tenantId, vendorId, name, address: '1 MG Road', city: 'Bengaluru', state: 'Karnataka' },
  });
}

export async function aCharger(db: Db, site: { id: string; tenantId: string; vendorId: string | null }) {
  const charger = await db.charger.create({
    data: { tenantId: site.tenantId, siteId: site.id, vendorId: site.vendorId, identity: `CP-${uid()}` },
  });
  const evse = await db.evse.create({ data: { tenantId: site.tenantId, chargerId: charger.id, evseId: 1 } });
  await db.connector.create({
    data: { tenantId: site.tenantId, chargerId: charger.id, evseRowId: evse.id, evseId: 1 },
  });
  return charger;
}

export async function aUser(
  db: Db,
  opts: { tenantId?: string; role?: Role; vendorId?: string | null; platformAdmin?: boolean } = {},
) {
  const user = await db.user.create({
    data: {
      email: `u-${uid()}@example.test`,
      name: 'Test user',
      platformRole: opts.platformAdmin ? 'PLATFORM_ADMIN' : null,
    },
  });
  if (opts.tenantId && opts.role) {
    await db.membership.create({
      data: { userId: user.id, tenantId: opts.tenantId, role: opts.role, vendorId: opts.vendorId ?? null },
    });
  }
  return user;
}

export type SentEmail = InvitationEmail;

/** The PIN lookup key of test callers: what a test's driver must key its PIN attempts with. */
export const TEST_PIN_LOOKUP_KEY = 'api-test-pin-lookup-key';

export function testServices(sent: SentEmail[] = []): ApiServices & { invalidated: string[] } {
  const invalidated: string[] = [];
  return {
    knownThemes: ['magma', 'voltway', 'greenline'],
    invalidated,
    invalidateTenant: (id) => void invalidated.push(id),
    sendInvitationEmail: async (e) => void sent.push(e),
    tenantOrigin: (t, origin) => origin ?? `https://${t.slug}.${PLATFORM_DOMAIN}`,
    pinLookupKey: TEST_PIN_LOOKUP_KEY,
    dnsResolver: unreachableDns(),
    paymentGateways: createGatewayRegistry({
      keyring: parseCredentialKeys(`iso:${randomBytes(32).toString('base64')}`),
      platform: {},
      test: null,
      environment: 'sandbox',
    }),
    webhooks: {
      keyring: parseCredentialKeys(`iso-wh:${randomBytes(32).toString('base64')}`),
      allowPrivateAddresses: false,
    },
    chargerFiles: { store: localFileStore(path.join(tmpdir(), 'magma-api-test-files')), linkKey: randomBytes(32) },
  };
}

/** A real resolver asking a port where no DNS server listens: router tests never depend on outside DNS. */
function unreachableDns() {
  const resolver = new Resolver({ timeout: 200, tries: 1 });
  resolver.setServers(['127.0.0.1:9']);
  return resolver;
}

/** A tRPC caller acting as `userId` (or signed out) on `host`. */
export async function callerFor(db: Db, opts: { host: string; userId: string | null; services?: ApiServices }) {
  const resolver = createTenantResolver({ db, platformDomain: PLATFORM_DOMAIN, ttlMs: 0, missTtlMs: 0 });
  const ctx = await createContext({
    db,
    resolver,
    platformDomain: PLATFORM_DOMAIN,
    host: opts.host,
    origin: `https://${opts.host}`,
    userId: opts.userId,
    services: opts.services ?? testServices(),
  });
  return createCaller(ctx);
}

export const hostOf = (t: { slug: string }) => `${t.slug}.${PLATFORM_DOMAIN}`;
