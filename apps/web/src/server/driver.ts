import 'server-only';
import { createHmac } from 'node:crypto';
import { createBus, type Bus } from '@magma/core/bus';
import { normalizeHost } from '@magma/api/host';
import {
  chargerCommandsPort,
  paymentsPort,
  paymentReceiptContent,
  pricingPort,
  sessionLinkKeys,
  sessionReceiptContent,
  type DriverDeps,
  type DriverMailPort,
} from '@magma/core/driver';
import { brandSchema, sendEmail, type Brand as EmailBrand, type TemplateName, type TemplateProps } from '@magma/email';
import { parseLocale } from '@magma/i18n';
import {
  createJuspayProvider,
  createPhonePeProvider,
  createRazorpayProvider,
  createTestGateway,
  parseCredentialKeys,
  type PaymentProvider,
  type ProviderName,
  type TestGateway,
} from '@magma/payments';
import { createGatewayRegistry, payerLookupKeyOf, type GatewayRegistry } from '@magma/core/payments';
import { env } from '@/env.ts';
import { pinLookupKey } from '@/server/pin-lookup-key.ts';
import { getDb, getTenantResolver } from '@/server/db.ts';
import { brandFor } from '@/server/themes.ts';
import { emailLogoImage } from '@/server/email-logo.ts';
import { clientAddress, requestHost, requestProto } from '@/server/client-address.ts';

// The driver flow's parts, wired once per process: the gateway registry (each tenant's own
// accounts, sealed with PAYMENT_CREDENTIALS_KEYS; the platform's account from the RAZORPAY_*,
// PHONEPE_* and JUSPAY_* variables; the offline TestGateway for tenants in test mode only), charger
// commands over the bus, the tariff engine, and receipts through the email package.

type DriverSingletons = {
  bus?: Bus;
  gateways?: Partial<Record<ProviderName, PaymentProvider>>;
  registry?: GatewayRegistry;
  deps?: DriverDeps;
};
const g = globalThis as typeof globalThis & { __magmaDriver?: DriverSingletons };
const store: DriverSingletons = (g.__magmaDriver ??= {});

export function getBus(): Bus {
  return (store.bus ??= createBus({
    kind: env.BUS_KIND === 'redis' ? 'redis' : 'pg',
    databaseUrl: env.DATABASE_URL,
    redisUrl: env.REDIS_URL,
  }));
}

/** The test gateway's key derives from the app secret, so it is never a constant in the code. */
function testGatewaySecret(): string {
  return createHmac('sha256', env.NEXTAUTH_SECRET).update('magma:test-gateway').digest('hex');
}

function gateways(): Partial<Record<ProviderName, PaymentProvider>> {
  if (store.gateways) return store.gateways;
  const out: Partial<Record<ProviderName, PaymentProvider>> = {
    TEST: createTestGateway({ secret: testGatewaySecret() }),
  };
  if (env.RAZORPAY_KEY_ID && env.RAZORPAY_KEY_SECRET && env.RAZORPAY_WEBHOOK_SECRET) {
    out.RAZORPAY = createRazorpayProvider({
      keyId: env.RAZORPAY_KEY_ID,
      keySecret: env.RAZORPAY_KEY_SECRET,
      webhookSecret: env.RAZORPAY_WEBHOOK_SECRET,
    });
  }
  // A gateway is offered only when its callbacks can be verified too.
  if (
    env.PHONEPE_CLIENT_ID &&
    env.PHONEPE_CLIENT_SECRET &&
    env.PHONEPE_CLIENT_VERSION &&
    env.PHONEPE_WEBHOOK_USERNAME &&
    env.PHONEPE_WEBHOOK_PASSWORD
  ) {
    out.PHONEPE = createPhonePeProvider({
      clientId: env.PHONEPE_CLIENT_ID,
      clientSecret: env.PHONEPE_CLIENT_SECRET,
      clientVersion: env.PHONEPE_CLIENT_VERSION,
      webhookUsername: env.PHONEPE_WEBHOOK_USERNAME,
      webhookPassword: env.PHONEPE_WEBHOOK_PASSWORD,
      environment: env.NODE_ENV === 'production' ? 'production' : 'sandbox',
    });
  }
  if (env.JUSPAY_API_KEY && env.JUSPAY_MERCHANT_ID && env.JUSPAY_WEBHOOK_USERNAME && env.JUSPAY_WEBHOOK_PASSWORD) {
    out.JUSPAY = createJuspayProvider({
      apiKey: env.JUSPAY_API_KEY,
      merchantId: env.JUSPAY_MERCHANT_ID,
      paymentPageClientId: env.JUSPAY_PAYMENT_PAGE_CLIENT_ID ?? env.JUSPAY_MERCHANT_ID,
      responseKey: env.JUSPAY_RESPONSE_KEY,
      webhookUsername: env.JUSPAY_WEBHOOK_USERNAME,
      webhookPassword: env.JUSPAY_WEBHOOK_PASSWORD,
      environment: env.NODE_ENV === 'production' ? 'production' : 'sandbox',
    });
  }
  return (store.gateways = out);
}

/** Which gateway each tenant's drivers pay through, from the tenant's own settings. */
export function gatewayRegistry(): GatewayRegistry {
  if (store.registry) return store.registry;
  const { TEST, ...platform } = gateways();
  const base = env.PAYMENT_GATEWAY_BASE_URL?.replace(/\/+$/, '');
  return (store.registry = createGatewayRegistry({
    keyring: env.PAYMENT_CREDENTIALS_KEYS ? parseCredentialKeys(env.PAYMENT_CREDENTIALS_KEYS) : null,
    platform,
    test: TEST ?? null,
    environment: env.NODE_ENV === 'production' ? 'production' : 'sandbox',
    endpoints: base ? { razorpay: base, phonepe: { auth: base, pg: base }, juspay: base } : undefined,
  }));
}

/** True when an admin put this tenant in test mode: every driver page shows the banner. */
export async function paymentsTestMode(tenantId: string): Promise<boolean> {
  const t = await getDb().tenant.findUnique({ where: { id: tenantId }, select: { paymentsMode: true } });
  return t?.paymentsMode === 'TEST_MODE';
}

export function getTestGateway(): TestGateway {
  return gateways().TEST as TestGateway;
}

async function emailBrand(tenant: {
  name: string;
  themeKey: string;
  themeOverrides: unknown;
  supportEmail: string | null;
}): Promise<EmailBrand> {
  const b = brandFor(tenant);
  const parsed = brandSchema.safeParse({
    name: tenant.name,
    logoUrl: null,
    logoImage: await emailLogoImage(b.logoSrc, (e) => console.error(`[driver] email logo of ${tenant.name}:`, e)),
    primaryColor: b.colors.primary,
    accentColor: b.colors.accent,
    fontFamily: b.fonts.body,
    senderName: tenant.name,
    senderEmail: b.senderAddress,
    supportEmail: b.supportEmail,
  });
  if (!parsed.success) throw new Error(`Email brand of ${tenant.name}: ${parsed.error.message}`);
  return parsed.data;
}

/** One of the driver emails in the tenant's brand, to the outbox (and Resend when configured). */
async function sendInTenantBrand<T extends TemplateName>(
  r: { db: DriverDeps['db']; tenantId: string; to: string },
  template: T,
  props: TemplateProps[T],
): Promise<{ emailId: string }> {
  const tenant = await r.db.tenant.findUniqueOrThrow({ where: { id: r.tenantId } });
  const sent = await sendEmail({
    db: r.db,
    tenantId: r.tenantId,
    brand: await emailBrand(tenant),
    to: r.to,
    template,
    props,
    resendApiKey: env.RESEND_API_KEY,
  });
  return { emailId: sent.outboxId };
}

const mail: DriverMailPort = {
  async sendSessionReceipt(r) {
    // One email per session: the receipt, which also carries the refund of the unused amount.
    const tenant = await r.db.tenant.findUniqueOrThrow({ where: { id: r.tenantId } });
    const sent = await sendEmail({
      db: r.db,
      tenantId: r.tenantId,
      brand: await emailBrand(tenant),
      to: r.to,
      template: 'session-receipt',
      resendApiKey: env.RESEND_API_KEY,
      props: {
        ...sessionReceiptContent(r),
        operatorGstNumber: tenant.gstNumber ?? undefined,
        locale: parseLocale(r.locale) ?? undefined,
      },
    });
    return { emailId: sent.outboxId };
  },
  async sendPaymentReceipt(r) {
    // When the paid session starts: what was paid, and the link back to the live session.
    return sendInTenantBrand(r, 'payment-receipt', {
      ...paymentReceiptContent(r),
      locale: parseLocale(r.locale) ?? undefined,
    });
  },
  async sendRefundNotice(r) {
    return sendInTenantBrand(r, 'refund-notice', {
      refundReference: `${r.sessionId.slice(0, 8).toUpperCase()}-R`,
      paymentReference: r.paymentId.slice(0, 8).toUpperCase(),
      amountMinor: r.amountMinor,
      currency: r.currency,
      reason: r.reason,
      locale: parseLocale(r.locale) ?? undefined,
    });
  },
  async sendRefundFailedNotice(r) {
    return sendInTenantBrand(r, 'refund-failed', {
      paymentReference: r.paymentId.slice(0, 8).toUpperCase(),
      amountMinor: r.amountMinor,
      currency: r.currency,
      locale: parseLocale(r.locale) ?? undefined,
    });
  },
};

export function driverDeps(): DriverDeps {
  return (store.deps ??= {
    db: getDb(),
    // The payer's VPA/phone at capture: masked, and keyed from the PIN lookup key for the header search.
    payments: paymentsPort({ registry: gatewayRegistry(), payerLookupKey: payerLookupKeyOf(pinLookupKey()) }),
    chargers: chargerCommandsPort({ db: getDb(), bus: getBus() }),
    pricing: pricingPort(),
    mail,
    // The receipt's session links and the sealed tokens they open, keyed from the app secret
    // (rotating NEXTAUTH_SECRET ends the links already sent, as it ends sign-ins).
    sessionLinks: sessionLinkKeys(createHmac('sha256', env.NEXTAUTH_SECRET).update('magma:driver-link').digest('hex')),
    onError: (e, context) => console.error(`[driver] ${context}:`, e),
  });
}

/**
 * The public origin of this request, for return URLs (the tenant's own host). X-Forwarded-Host and
 * -Proto count only under TRUST_PROXY: anywhere else they are the client's own text.
 */
export function originOf(headers: Headers): string {
  const header = (name: string) => headers.get(name);
  const host = requestHost(header, env.TRUST_PROXY) ?? 'localhost';
  const proto =
    requestProto(header, env.TRUST_PROXY) ??
    (host.startsWith('localhost') || host.includes('.localhost') ? 'http' : 'https');
  return `${proto}://${host}`;
}

/** The tenant a request's host serves (API routes resolve the host themselves), or null. */
export async function tenantOfRequest(req: Request) {
  const host = normalizeHost(requestHost((name) => req.headers.get(name), env.TRUST_PROXY));
  if (!host) return null;
  return getTenantResolver().resolve(host);
}

export { errorResponse } from '@/server/driver-body.ts';

/** The caller's address for the PIN limit (forwarding headers count only behind TRUST_PROXY). */
export function clientKeyOf(req: Request): string {
  return clientAddress((name) => req.headers.get(name), env.TRUST_PROXY);
}
