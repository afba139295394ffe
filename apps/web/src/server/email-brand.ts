import 'server-only';
import { brandSchema, type Brand as EmailBrand } from '@magma/email';
import { brandFor } from '@/server/themes.ts';

/** The tenant's brand as the email templates take it (theme + overrides; no data-URL logos in mail). */
export function emailBrandFor(tenant: {
  name: string;
  themeKey: string;
  themeOverrides: unknown;
  supportEmail: string | null;
}): EmailBrand {
  const b = brandFor(tenant);
  return brandSchema.parse({
    name: tenant.name,
    logoUrl: null,
    primaryColor: b.colors.primary,
    accentColor: b.colors.accent,
    fontFamily: b.fonts.body,
    senderName: b.senderName,
    senderEmail: b.senderAddress,
    supportEmail: b.supportEmail,
  });
}
