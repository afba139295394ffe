import { z } from 'zod';

// Every email is dressed in the operator's brand, passed in by the caller (built from the tenant's
// theme and overrides). Nothing in this package names a product of its own.

const color = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'a #rrggbb colour');

export const brandSchema = z.object({
  name: z.string().min(1),
  logoUrl: z.url().nullish(),
  /**
   * The logo's bytes (PNG, JPEG or GIF, base64), sent inline and shown as cid:brand-logo when there
   * is no logoUrl: mail clients show neither SVG nor data: URLs reliably. About 200 KB at most.
   */
  logoImage: z
    .object({
      contentType: z.enum(['image/png', 'image/jpeg', 'image/gif']),
      base64: z
        .string()
        .max(300_000)
        .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'base64'),
    })
    .nullish(),
  primaryColor: color,
  accentColor: color,
  fontFamily: z.string().min(1),
  senderName: z.string().min(1),
  senderEmail: z.email(),
  supportEmail: z.email().nullish(),
});

export type Brand = z.infer<typeof brandSchema>;

/** "Name <address>" with the name quoted, so a comma or angle bracket in a brand name is harmless. */
export function fromAddress(brand: Brand): string {
  const name = brand.senderName.replace(/["\\\r\n<>]/g, '').trim();
  return `"${name}" <${brand.senderEmail}>`;
}

/** The Content-ID the inline logo is attached under. */
export const LOGO_CONTENT_ID = 'brand-logo';

/** Where the header's logo comes from: the brand's URL, else its inline image, else none (the name is shown). */
export function logoSrcOf(brand: Brand): string | null {
  if (brand.logoUrl) return brand.logoUrl;
  return brand.logoImage ? `cid:${LOGO_CONTENT_ID}` : null;
}
