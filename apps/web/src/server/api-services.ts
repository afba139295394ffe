import 'server-only';
import { Resolver } from 'node:dns/promises';
import type { ApiServices, InvitationEmail } from '@magma/api';
import { parseCredentialKeys, type WebhookSettings } from '@magma/core/webhooks';
import { sendEmail } from '@magma/email';
import { platformRouteClient } from '@magma/core/payouts';
import { env } from '@/env.ts';
import { getBus } from '@/server/bus.ts';
import { gatewayRegistry } from '@/server/driver.ts';
import { announceTenantChange, getDb } from '@/server/db.ts';
import { themeKeys } from '@/server/themes.ts';
import { emailBrandFor } from '@/server/email-brand.ts';
import { pinLookupKey } from '@/server/pin-lookup-key.ts';
import { chargerFiles } from '@/server/charger-files.ts';

const ROLE_LABEL = {
  OPERATOR_ADMIN: 'an administrator',
  OPERATOR_STAFF: 'a staff member',
  VENDOR_USER: 'a site owner',
} as const;

async function sendInvitationEmail(e: InvitationEmail) {
  const db = getDb();
  const tenant = await db.tenant.findUniqueOrThrow({ where: { id: e.tenantId } });
  await sendEmail({
    db,
    tenantId: tenant.id,
    brand: emailBrandFor(tenant),
    to: e.to,
    template: 'invitation',
    props: {
      inviterName: e.inviterName,
      // A vendor's people join the vendor on the operator's brand; the operator's own people join
      // the operator (named once, whatever its brand is called).
      organizationName: e.vendorName ?? tenant.name,
      roleLabel: ROLE_LABEL[e.role],
      acceptUrl: e.acceptUrl,
      expiresAt: e.expiresAt,
      timeZone: tenant.timezone,
    },
    resendApiKey: env.RESEND_API_KEY,
  });
}

/** The system's DNS servers, bounded in time: a Verify click answers within a few seconds. */
const dnsResolver = new Resolver({ timeout: 3_000, tries: 2 });

let webhookSettings: WebhookSettings | undefined;
/** Webhook secrets are sealed with the same keys as gateway secrets. */
function webhooks(): WebhookSettings {
  webhookSettings ??= {
    keyring: env.PAYMENT_CREDENTIALS_KEYS ? parseCredentialKeys(env.PAYMENT_CREDENTIALS_KEYS) : null,
    allowPrivateAddresses: env.WEBHOOK_ALLOW_PRIVATE_ADDRESSES,
  };
  return webhookSettings;
}

export function apiServices(): ApiServices {
  return {
    knownThemes: themeKeys(),
    invalidateTenant: (tenantId) => void announceTenantChange(tenantId),
    sendInvitationEmail,
    tenantOrigin: (tenant, requestOrigin) => requestOrigin ?? `https://${tenant.slug}.${env.PLATFORM_DOMAIN}`,
    bus: getBus() ?? undefined,
    pinLookupKey: pinLookupKey(),
    dnsResolver,
    paymentGateways: gatewayRegistry(),
    webhooks: webhooks(),
    chargerFiles: chargerFiles(),
    razorpayRoute: platformRouteClient({
      keyId: env.RAZORPAY_KEY_ID,
      keySecret: env.RAZORPAY_KEY_SECRET,
      webhookSecret: env.RAZORPAY_WEBHOOK_SECRET,
    }),
  };
}
