import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { z } from 'zod';
import type { StatementBrand, StatementMailPort, StatementMailTenant } from '@magma/core/statements';
import { parseThemeOverrides } from '@magma/core/tenants';
import type { Db } from '@magma/db';
import { brandSchema, sendEmail, type Brand } from '@magma/email';

// The weekly statement email as the worker sends it: the tenant's brand from its theme folder and
// stored overrides (the same sources the web app reads), sent through @magma/email (Resend with a
// key, the dev outbox without). The logo (the theme's SVG, or an uploaded SVG, PNG, JPEG or WebP)
// goes into the PDF and the email header as a PNG, rasterised the way the web app does it for the
// receipt's header (64 px high); a logo that cannot be read leaves the name in its place.

const hex = z.string().regex(/^#[0-9a-fA-F]{6}$/);
/** The fields of themes/<key>/theme.json the statement needs (the web app validates the whole file). */
export const themeSchema = z.object({
  name: z.string().min(1),
  colors: z.object({ primary: hex, accent: hex }),
  fonts: z.object({ body: z.string().min(1) }),
  logo: z.object({ light: z.string().regex(/^[a-z0-9-]+\.(svg|png)$/) }),
  email: z.object({ senderName: z.string().min(1), senderAddress: z.email() }),
  support: z.object({ email: z.email() }),
});
type ThemeFile = z.infer<typeof themeSchema> & { logoBytes: Buffer; logoType: 'image/svg+xml' | 'image/png' };

export const DEFAULT_THEME = 'magma';

export function findThemesDir(from = process.cwd()): string {
  for (let dir = path.resolve(from), i = 0; i < 6; i++, dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'themes');
    if (existsSync(path.join(candidate, DEFAULT_THEME, 'theme.json'))) return candidate;
  }
  throw new Error('themes/ not found: set THEMES_DIR');
}

type Logo = StatementBrand['logo'];
const DATA_URL = /^data:(image\/(?:svg\+xml|png|jpeg|webp));base64,([A-Za-z0-9+/]+={0,2})$/;
const LOGO_HEIGHT_PX = 64;

async function asPng(bytes: Buffer, type: string): Promise<Logo> {
  if (type === 'image/png' || type === 'image/jpeg') return { contentType: type, bytes };
  const png = await sharp(bytes, { density: 288 }).resize({ height: LOGO_HEIGHT_PX }).png().toBuffer();
  return { contentType: 'image/png', bytes: png };
}

export function statementMail({
  db,
  resendApiKey,
  resendBaseUrl,
  themesDir,
}: {
  db: Db;
  resendApiKey?: string;
  /** For tests against a local server answering like Resend. */
  resendBaseUrl?: string;
  themesDir?: string;
}): StatementMailPort {
  const themes = new Map<string, ThemeFile>();
  const theme = (key: string): ThemeFile => {
    const dir = themesDir ? path.resolve(themesDir) : findThemesDir();
    const safe = /^[a-z0-9-]+$/.test(key) && existsSync(path.join(dir, key, 'theme.json')) ? key : DEFAULT_THEME;
    let hit = themes.get(safe);
    if (!hit) {
      const json = themeSchema.parse(JSON.parse(readFileSync(path.join(dir, safe, 'theme.json'), 'utf8')));
      const logoFile = path.join(dir, safe, json.logo.light);
      hit = {
        ...json,
        logoBytes: readFileSync(logoFile),
        logoType: json.logo.light.endsWith('.png') ? 'image/png' : 'image/svg+xml',
      };
      themes.set(safe, hit);
    }
    return hit;
  };
  const logos = new Map<string, Promise<Logo>>();
  /** The tenant's logo as PNG or JPEG, or null; one conversion per logo per process. */
  const logoOf = (tenant: StatementMailTenant): Promise<Logo> => {
    const uploaded = parseThemeOverrides(tenant.themeOverrides).logoDataUrl;
    const t = theme(tenant.themeKey);
    const key = uploaded ?? `theme:${tenant.themeKey}`;
    let hit = logos.get(key);
    if (!hit) {
      const m = uploaded ? DATA_URL.exec(uploaded) : null;
      hit = (
        uploaded
          ? m
            ? asPng(Buffer.from(m[2]!, 'base64'), m[1]!)
            : Promise.resolve(null)
          : asPng(t.logoBytes, t.logoType)
      ).catch(() => null);
      if (logos.size >= 64) logos.delete(logos.keys().next().value!);
      logos.set(key, hit);
    }
    return hit;
  };
  const emailBrand = async (tenant: StatementMailTenant): Promise<Brand> => {
    const t = theme(tenant.themeKey);
    const o = parseThemeOverrides(tenant.themeOverrides);
    const logo = await logoOf(tenant);
    const base64 = logo ? Buffer.from(logo.bytes).toString('base64') : null;
    return brandSchema.parse({
      name: tenant.name,
      logoUrl: null,
      logoImage: logo && base64 && base64.length <= 300_000 ? { contentType: logo.contentType, base64 } : null,
      primaryColor: o.colors?.primary ?? t.colors.primary,
      accentColor: o.colors?.accent ?? t.colors.accent,
      fontFamily: t.fonts.body,
      senderName: o.senderName ?? t.email.senderName,
      senderEmail: t.email.senderAddress,
      supportEmail: tenant.supportEmail ?? t.support.email,
    });
  };
  return {
    pdfBrand: async (tenant) => {
      const b = await emailBrand(tenant);
      return {
        name: tenant.name,
        primaryColor: b.primaryColor,
        logo: await logoOf(tenant),
        supportEmail: b.supportEmail,
      };
    },
    send: async ({ tenant, to, statement, period, pdf, filename }) => {
      const f = statement.figures;
      return sendEmail({
        db,
        tenantId: tenant.id,
        brand: await emailBrand(tenant),
        to,
        template: 'statement-ready',
        props: {
          vendorName: statement.vendor.name,
          period,
          currency: statement.operator.currency,
          sessions: f.sessions,
          energyWh: f.energyWh,
          grossMinor: f.grossMinor,
          vendorShareMinor: f.vendorShareMinor,
          tdsMinor: f.tdsMinor,
          tcsMinor: f.tcsMinor,
          netPayableMinor: f.netPayableMinor,
          carriedForwardMinor: f.carriedForwardMinor,
          filename,
        },
        attachments: [{ filename, contentType: 'application/pdf', content: pdf }],
        resendApiKey,
        resendBaseUrl,
      });
    },
  };
}
