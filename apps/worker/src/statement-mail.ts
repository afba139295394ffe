import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { StatementBrand, StatementMailPort, StatementMailTenant } from '@magma/core/statements';
import { parseThemeOverrides } from '@magma/core/tenants';
import type { Db } from '@magma/db';
import { brandSchema, sendEmail, type Brand } from '@magma/email';

// The weekly statement email as the worker sends it: the tenant's brand from its theme folder and
// stored overrides (the same sources the web app reads), sent through @magma/email (Resend with a
// key, the dev outbox without). A PNG or JPEG logo (uploaded, or a theme's PNG) goes into the PDF
// and the email header; an SVG logo would need a native rasteriser here, so the name is drawn.

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
type ThemeFile = z.infer<typeof themeSchema> & { logoPng: Uint8Array | null };

export const DEFAULT_THEME = 'magma';

export function findThemesDir(from = process.cwd()): string {
  for (let dir = path.resolve(from), i = 0; i < 6; i++, dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'themes');
    if (existsSync(path.join(candidate, DEFAULT_THEME, 'theme.json'))) return candidate;
  }
  throw new Error('themes/ not found: set THEMES_DIR');
}

type Logo = StatementBrand['logo'];
const DATA_URL = /^data:(image\/(?:png|jpeg));base64,([A-Za-z0-9+/]+={0,2})$/;

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
      hit = { ...json, logoPng: json.logo.light.endsWith('.png') ? readFileSync(logoFile) : null };
      themes.set(safe, hit);
    }
    return hit;
  };
  const logoOf = (tenant: StatementMailTenant): Logo => {
    const uploaded = parseThemeOverrides(tenant.themeOverrides).logoDataUrl;
    if (uploaded) {
      const m = DATA_URL.exec(uploaded);
      // An uploaded SVG or WebP: the name stands in (no rasteriser in the worker).
      return m ? { contentType: m[1] as 'image/png' | 'image/jpeg', bytes: Buffer.from(m[2]!, 'base64') } : null;
    }
    const png = theme(tenant.themeKey).logoPng;
    return png ? { contentType: 'image/png', bytes: png } : null;
  };
  const emailBrand = (tenant: StatementMailTenant): Brand => {
    const t = theme(tenant.themeKey);
    const o = parseThemeOverrides(tenant.themeOverrides);
    const logo = logoOf(tenant);
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
      const b = emailBrand(tenant);
      return { name: tenant.name, primaryColor: b.primaryColor, logo: logoOf(tenant), supportEmail: b.supportEmail };
    },
    send: async ({ tenant, to, statement, period, pdf, filename }) => {
      const f = statement.figures;
      return sendEmail({
        db,
        tenantId: tenant.id,
        brand: emailBrand(tenant),
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
