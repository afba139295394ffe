import { z } from 'zod';

// Every email is dressed in the operator's brand, passed in by the caller (built from the tenant's
// theme and overrides). Nothing in this package names a product of its own.

const color = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'a #rrggbb colour');

export const brandSchema = z.object({
  name: z.string().min(1),
  logoUrl: z.url().nullish(),
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
