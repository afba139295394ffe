import 'server-only';
import type { ApiServices } from '@magma/api';
import { env } from '@/env.ts';
import { getBus } from '@/server/bus.ts';
import { getDb, getTenantResolver } from '@/server/db.ts';
import { brandFor, themeKeys } from '@/server/themes.ts';

const ROLE_LABEL: Record<string, string> = {
  OPERATOR_ADMIN: 'an administrator',
  OPERATOR_STAFF: 'a staff member',
  VENDOR_USER: 'a site owner',
};

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

async function sendInvitationEmail({ tenantId, to, acceptUrl, role }: { tenantId: string; to: string; acceptUrl: string; role: string }) {
  const db = getDb();
  const tenant = await db.tenant.findUniqueOrThrow({ where: { id: tenantId } });
  const brand = brandFor(tenant);
  const subject = `You are invited to ${tenant.name}`;
  const text = `${tenant.name} invited you as ${ROLE_LABEL[role] ?? role}.\n\nSet your password: ${acceptUrl}\n\nThe link works for 7 days.`;
  const html = `<p>${escapeHtml(tenant.name)} invited you as ${escapeHtml(ROLE_LABEL[role] ?? role)}.</p><p><a href="${escapeHtml(acceptUrl)}">Set your password</a></p><p>The link works for 7 days.</p>`;
  // Queued in the outbox: the email package's sender delivers it through Resend when configured.
  await db.emailOutbox.create({
    data: { tenantId, to, from: `${brand.senderName} <${brand.senderAddress}>`, subject, html, text, template: 'invitation' },
  });
}

export function apiServices(): ApiServices {
  return {
    knownThemes: themeKeys(),
    invalidateTenant: (tenantId) => getTenantResolver().invalidate(tenantId),
    sendInvitationEmail,
    tenantOrigin: (tenant, requestOrigin) => requestOrigin ?? `https://${tenant.slug}.${env.PLATFORM_DOMAIN}`,
    bus: getBus() ?? undefined,
  };
}
