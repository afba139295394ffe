import { z } from 'zod';
import type { Db } from '@magma/db';
import { AppError } from '../errors/app-error.ts';
import { RESERVED_SLUGS, SLUG_PATTERN } from '../tenancy/host.ts';
import { emailAddress } from '../users/email-address.ts';

export const createTenantInput = z.object({
  slug: z
    .string()
    .trim()
    .toLowerCase()
    .regex(SLUG_PATTERN, 'Use lower-case letters, digits and dashes')
    .refine((s) => !RESERVED_SLUGS.has(s), 'This name is reserved'),
  name: z.string().trim().min(2).max(80),
  plan: z.enum(['VENDOR_CSMS', 'OPERATOR_CSMS']).default('OPERATOR_CSMS'),
  themeKey: z.string().trim().min(1).max(40).default('magma'),
  supportEmail: emailAddress.optional(),
});

export type CreateTenantInput = z.input<typeof createTenantInput>;

/** Platform admin only: callers check the platform role before calling. */
export async function createTenant({ db, input }: { db: Db; input: CreateTenantInput }) {
  const data = createTenantInput.parse(input);
  const existing = await db.tenant.findUnique({ where: { slug: data.slug }, select: { id: true } });
  if (existing) throw new AppError('CONFLICT', `The name ${data.slug} is already taken`);
  return db.tenant.create({ data });
}
