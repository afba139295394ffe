import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { FaultMailPort } from '@magma/core/notifications';
import { parseThemeOverrides } from '@magma/core/tenants';
import type { Db } from '@magma/db';
import { brandSchema, sendEmail, type Brand } from '@magma/email';
import { DEFAULT_THEME, findThemesDir, themeSchema } from './statement-mail.ts';

// The fault email as the worker sends it to the members who subscribed: the tenant's name, theme
// colours and sender (the header shows the name, no logo, as the webhook notice does), through
// @magma/email (Resend with a key, the dev outbox without).

export function faultMail({
  db,
  resendApiKey,
  resendBaseUrl,
  themesDir,
}: {
  db: Db;
  resendApiKey?: string;
  resendBaseUrl?: string;
  themesDir?: string;
}): FaultMailPort {
  const brandOf = async (tenantId: string): Promise<Brand> => {
    const tenant = await db.tenant.findUniqueOrThrow({
      where: { id: tenantId },
      select: { name: true, themeKey: true, themeOverrides: true, supportEmail: true },
    });
    const dir = themesDir ? path.resolve(themesDir) : findThemesDir();
    const known = /^[a-z0-9-]+$/.test(tenant.themeKey) && existsSync(path.join(dir, tenant.themeKey, 'theme.json'));
    const theme = themeSchema.parse(
      JSON.parse(readFileSync(path.join(dir, known ? tenant.themeKey : DEFAULT_THEME, 'theme.json'), 'utf8')),
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
    send: async (m) => {
      const r = await sendEmail({
        db,
        tenantId: m.tenantId,
        brand: await brandOf(m.tenantId),
        to: m.to,
        template: 'fault-opened',
        props: { items: m.items, timeZone: m.timeZone },
        resendApiKey,
        resendBaseUrl,
      });
      // A refused email is retried on the next run (the sender forgets what it recorded as told).
      if (r.status === 'FAILED') throw new Error(r.error);
      return r;
    },
  };
}
