import { z } from 'zod';
import { Plan } from '@magma/db';
import { dateTime, idOnly } from './common.ts';

const features = z.object({
  multiSite: z.boolean(),
  whiteLabel: z.boolean(),
  customDomains: z.boolean(),
  vendorAccounts: z.boolean(),
  tariffEditor: z.boolean(),
  api: z.boolean(),
});

const scopeRole = z.enum(['PLATFORM_ADMIN', 'OPERATOR_ADMIN', 'OPERATOR_STAFF', 'VENDOR_USER']);

export const tenantAccessOutput = z.object({
  tenant: z.object({ id: z.string(), slug: z.string(), name: z.string(), plan: z.enum(Plan) }),
  role: scopeRole,
  vendorId: z.string().nullable(),
  features,
});

const themeOverrides = z.object({
  colors: z
    .partialRecord(z.enum(['primary', 'accent', 'background', 'surface', 'text', 'muted']), z.string())
    .optional(),
  logoDataUrl: z.string().optional(),
  senderName: z.string().optional(),
});

export const tenantSettingsOutput = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  themeKey: z.string(),
  themeOverrides,
  features,
  supportEmail: z.string().nullable(),
  supportPhone: z.string().nullable(),
  timezone: z.string(),
  currency: z.string(),
  plan: z.enum(Plan),
});

export const brandingOutput = z.object({
  id: z.string(),
  name: z.string(),
  themeKey: z.string(),
  themeOverrides: z.unknown().meta({ description: 'The stored theme overrides (colors, logo, sender name)' }),
});

export const domainOutput = z.object({
  id: z.string(),
  host: z.string(),
  verifiedAt: dateTime.nullable(),
  createdAt: dateTime,
  record: z.object({ type: z.literal('TXT'), name: z.string(), value: z.string() }),
});

export const verifyDomainOutput = domainOutput.extend({ verified: z.boolean(), message: z.string() });

export { idOnly };
