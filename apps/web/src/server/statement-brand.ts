import 'server-only';
import type { StatementBrand } from '@magma/core/statements';
import { emailLogoImage } from '@/server/email-logo.ts';
import { brandFor } from '@/server/themes.ts';

/**
 * The tenant's brand as the statement PDF takes it: the operator's name, its primary colour, and
 * its logo as PNG (an SVG theme logo is rasterised the way the email header's is), or none (the
 * PDF then draws the name).
 */
export async function statementBrandFor(tenant: {
  name: string;
  themeKey: string;
  themeOverrides: unknown;
  supportEmail: string | null;
}): Promise<StatementBrand> {
  const b = brandFor(tenant);
  const logo = await emailLogoImage(b.logoSrc, (e) => console.error('[statement] logo', e));
  return {
    name: tenant.name,
    primaryColor: b.colors.primary,
    logo:
      logo && (logo.contentType === 'image/png' || logo.contentType === 'image/jpeg')
        ? { contentType: logo.contentType, bytes: Buffer.from(logo.base64, 'base64') }
        : null,
    supportEmail: b.supportEmail,
  };
}
