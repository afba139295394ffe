import { z } from 'zod';
import { API_SCOPES } from './scopes.ts';

export const apiScopeList = z
  .array(z.enum(API_SCOPES as [string, ...string[]]))
  .min(1, 'Choose at least one scope')
  .max(API_SCOPES.length)
  .transform((s) => [...new Set(s)]);

export const apiClientRole = z.enum(['OPERATOR_ADMIN', 'OPERATOR_STAFF', 'VENDOR_USER']);

export const createApiClientInput = z
  .object({
    name: z.string().trim().min(1, 'Name the client').max(100),
    role: apiClientRole,
    vendorId: z.uuid().nullable().default(null),
    scopes: apiScopeList,
  })
  .refine((v) => (v.role === 'VENDOR_USER') === !!v.vendorId, {
    message: 'A vendor client names its vendor, and only a vendor client does',
    path: ['vendorId'],
  });
export type CreateApiClientInput = z.input<typeof createApiClientInput>;

/** What lists and pages show of a client: never a secret or its hash. */
export const API_CLIENT_PUBLIC = {
  id: true,
  name: true,
  clientId: true,
  role: true,
  vendorId: true,
  scopes: true,
  createdAt: true,
  secretRotatedAt: true,
  previousSecretValidUntil: true,
  disabledAt: true,
  vendor: { select: { name: true } },
} as const;
