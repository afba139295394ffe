import type { Db } from '@magma/db';
import type { Bus } from '@magma/core/bus';
import {
  classifyHost,
  resolveScope,
  type ResolvedTenant,
  type Scope,
  type TenantResolver,
  type TxtResolver,
} from './core.ts';
import type { GatewayRegistry } from '@magma/core/payments';
import type { WebhookSettings } from '@magma/core/webhooks';
import type { RazorpayRouteClient } from '@magma/core/payouts';
import type { ChargerFileSettings } from '@magma/core/firmware';

/** What the web app plugs into the routers: things that depend on the deployment, not the domain. */
export type ApiServices = {
  /** Theme keys that exist in themes/. */
  knownThemes: readonly string[];
  /** Drops the host → tenant cache for one tenant (this process, and others through the bus). */
  invalidateTenant(tenantId: string): void;
  /** Sends the invitation email with the accept link, in the tenant's brand. */
  sendInvitationEmail(args: InvitationEmail): Promise<void>;
  /** The public origin of a tenant, e.g. https://charge.acme.in or http://demo.localhost:3000. */
  tenantOrigin(tenant: { slug: string }, requestOrigin: string | null): string;
  /** The message bus to the OCPP relays (remote actions); absent where the deployment has none. */
  bus?: Bus;
  /** How long a charger has to answer a remote action (defaults to the command use case's). */
  commandTimeoutMs?: number;
  /** The key of driver PIN lookups, the same the driver page checks PINs with (see setDriverPin). */
  pinLookupKey: string;
  /** DNS, for the TXT record that proves a tenant controls a custom domain. */
  dnsResolver: TxtResolver;
  /** Tenants' gateway accounts (sealing keys, test connection); absent: accounts cannot be added. */
  paymentGateways?: GatewayRegistry;
  /** Webhook secrets' sealing keys and whether receivers may be private addresses; absent: endpoints cannot be added. */
  webhooks?: WebhookSettings;
  /** The platform Razorpay account's Route client (vendors' linked accounts); absent: none can be made. */
  razorpayRoute?: RazorpayRouteClient | null;
  /** Firmware images and charger logs (store and link key); absent: neither can be sent or received. */
  chargerFiles?: ChargerFileSettings;
};

export type InvitationEmail = {
  tenantId: string;
  to: string;
  acceptUrl: string;
  role: 'OPERATOR_ADMIN' | 'OPERATOR_STAFF' | 'VENDOR_USER';
  inviterName: string;
  vendorName: string | null;
  expiresAt: Date;
};

export type SessionUser = {
  id: string;
  email: string;
  platformAdmin: boolean;
  /** The dashboard language the user chose ("en", "hi"), unparsed; null or absent: the browser's. */
  locale?: string | null;
};

export type Context = {
  db: Db;
  platformDomain: string;
  host: string | null;
  /** The origin the request came to (for links in emails). */
  origin: string | null;
  /** The tenant the host serves; null on the platform host. */
  tenant: ResolvedTenant | null;
  user: SessionUser | null;
  /** The signed-in user's rights on `tenant`; null when signed out or without access. */
  scope: Scope | null;
  services: ApiServices;
};

export type CreateContextOptions = {
  db: Db;
  resolver: TenantResolver;
  platformDomain: string;
  host: string | null;
  origin?: string | null;
  userId: string | null;
  services: ApiServices;
};

/** Resolves host → tenant and session → scope once per request; procedures only read the result. */
export async function createContext(opts: CreateContextOptions): Promise<Context> {
  const { db, resolver, platformDomain, host, userId, services } = opts;
  const tenant = classifyHost(host, platformDomain).kind === 'platform' ? null : await resolver.resolve(host);
  let user: SessionUser | null = null;
  let scope: Scope | null = null;
  if (userId) {
    const u = await db.user.findUnique({
      where: { id: userId },
      select: { id: true, email: true, platformRole: true, locale: true },
    });
    if (u) user = { id: u.id, email: u.email, platformAdmin: u.platformRole === 'PLATFORM_ADMIN', locale: u.locale };
    if (u && tenant) scope = await resolveScope({ db, userId: u.id, tenantId: tenant.id });
  }
  return { db, platformDomain, host, origin: opts.origin ?? null, tenant, user, scope, services };
}
