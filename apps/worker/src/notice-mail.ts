import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseThemeOverrides } from '@magma/core/tenants';
import type { Db } from '@magma/db';
import { brandSchema, sendEmail, type Brand, type TemplateName, type TemplateProps } from '@magma/email';
import { DEFAULT_THEME, findThemesDir, themeSchema } from './statement-mail.ts';

// The operator notices the worker sends to an operator's own people (fault and security alerts,
// a disabled webhook endpoint): the tenant's name, theme colours and sender, no logo in the header
// (the statement email carries the logo), through @magma/email (Resend with a key, the dev outbox
// without). fault-mail.ts and webhook-mail.ts are this plus their template.

export type NoticeMailOptions = { db: Db; resendApiKey?: string; resendBaseUrl?: string; themesDir?: string };

/** The tenant's brand for a notice: its theme file (the default theme when unknown) and its overrides. */
export async function noticeBrand({ db, themesDir }: Pick<NoticeMailOptions, 'db' | 'themesDir'>, tenantId: string) {
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
  }) satisfies Brand;
}

/** Sends one notice to one address in the tenant's brand; the outcome as @magma/email reports it. */
export function noticeSender(opts: NoticeMailOptions) {
  return async <T extends TemplateName>(m: { tenantId: string; to: string; template: T; props: TemplateProps[T] }) =>
    sendEmail({
      db: opts.db,
      tenantId: m.tenantId,
      brand: await noticeBrand(opts, m.tenantId),
      to: m.to,
      template: m.template,
      props: m.props,
      resendApiKey: opts.resendApiKey,
      resendBaseUrl: opts.resendBaseUrl,
    });
}
