import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { WebhookMailPort } from '@magma/core/webhooks';
import { parseThemeOverrides } from '@magma/core/tenants';
import type { Db } from '@magma/db';
import { brandSchema, sendEmail, type Brand } from '@magma/email';
import { findThemesDir, themeSchema } from './statement-mail.ts';

const DEFAULT_THEME = 'magma';

// The "webhook endpoint disabled" email as the worker sends it to an operator's admins: the
// tenant's name, theme colours and sender (the statement email's sources; the header shows the
// name, no logo), through @magma/email (Resend with a key, the dev outbox without).

export function webhookMail({
  db,
  resendApiKey,
  resendBaseUrl,
  themesDir,
}: {
  db: Db;
  resendApiKey?: string;
  resendBaseUrl?: string;
  themesDir?: string;
}): WebhookMailPort {
  const brandOf = async (tenantId: string): Promise<Brand> => {
    const tenant = await db.tenant.findUniqueOrThrow({
      where: { id: tenantId },
      select: { name: true, themeKey: true, themeOverrides: true, supportEmail: true },
    });
    const dir = themesDir ? path.resolve(themesDir) : findThemesDir();
    const key = /^[a-z0-9-]+$/.test(tenant.themeKey) && existsSync(path.join(dir, tenant.themeKey, 'theme.json'));
    const theme = themeSchema.parse(
      JSON.parse(readFileSync(path.join(dir, key ? tenant.themeKey : DEFAULT_THEME, 'theme.json'), 'utf8')),
    );
    const o = parseThemeOverrides(tenant.themeOverrides);
    return brandSchema.parse({
      name: tenant.name,
      logoUrl: null,
      logoImage: null,
      primaryColor: o.colors?.primary ?? theme.colors.primary,
      accentColor: o.colors?.accent ?? theme.colors.accent,
      fontFamily: theme.fonts.body,
      senderName: o.senderName ?? theme.email.senderName,
      senderEmail: theme.email.senderAddress,
      supportEmail: tenant.supportEmail ?? theme.support.email,
    });
  };
  return {
    sendEndpointDisabled: async (m) => {
      await sendEmail({
        db,
        tenantId: m.tenantId,
        brand: await brandOf(m.tenantId),
        to: m.to,
        template: 'webhook-disabled',
        props: {
          endpointUrl: m.endpointUrl,
          description: m.description,
          reason: m.reason,
          disabledAt: m.disabledAt,
          timeZone: m.timeZone,
        },
        resendApiKey,
        resendBaseUrl,
      });
    },
  };
}
