import { z } from 'zod';
import { dateTime, pageOutput } from './common.ts';

const vendorRow = z.object({
  id: z.string(),
  name: z.string(),
  legalName: z.string(),
  contactEmail: z.string().nullable(),
  revenueShareBps: z.number().int(),
  _count: z.object({ memberships: z.number().int(), sites: z.number().int(), chargers: z.number().int() }),
});

export const vendorListOutput = z.array(vendorRow);
export const vendorPageOutput = pageOutput(vendorRow);

export const vendorOutput = z.object({
  id: z.string(),
  tenantId: z.string(),
  name: z.string(),
  legalName: z.string(),
  pan: z.string().nullable(),
  gstNumber: z.string().nullable(),
  contactEmail: z.string().nullable(),
  contactPhone: z.string().nullable(),
  revenueShareBps: z.number().int(),
  bankAccountName: z.string().nullable(),
  bankAccountNumber: z.string().nullable(),
  bankIfsc: z.string().nullable(),
  createdAt: dateTime,
  updatedAt: dateTime,
});

export { idOnly } from './common.ts';
