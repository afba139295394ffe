import { z } from 'zod';
import { emailAddress } from '../users/email-address.ts';

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .transform((v) => (v ? v : undefined));

export const vendorFields = z.object({
  name: z.string().trim().min(2).max(80),
  legalName: z.string().trim().min(2).max(120),
  pan: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{5}[0-9]{4}[A-Z]$/, 'A PAN looks like ABCDE1234F')
    .optional(),
  gstNumber: optionalText(15),
  contactEmail: emailAddress.optional(),
  contactPhone: optionalText(30),
  revenueShareBps: z.number().int().min(0).max(10_000).default(7000),
});

export type VendorFields = z.input<typeof vendorFields>;
