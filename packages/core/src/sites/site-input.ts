import { z } from 'zod';

export const siteFields = z.object({
  name: z.string().trim().min(2).max(80),
  address: z.string().trim().min(2).max(200),
  city: z.string().trim().min(2).max(60),
  state: z.string().trim().min(2).max(60),
  postalCode: z
    .string()
    .trim()
    .regex(/^\d{6}$/, 'A PIN code has 6 digits')
    .optional(),
  lat: z.number().min(-90).max(90).optional(),
  lng: z.number().min(-180).max(180).optional(),
  gridCapacityKw: z.number().positive().max(100_000).optional(),
  vendorId: z.uuid().nullable().optional(),
});

export const chargerFields = z.object({
  identity: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9._-]{3,48}$/, 'Use 3–48 letters, digits, dot, dash or underscore'),
  siteId: z.uuid().nullable().optional(),
  protocol: z.enum(['OCPP16', 'OCPP201']).default('OCPP16'),
  vendorName: z.string().trim().max(60).optional(),
  model: z.string().trim().max(60).optional(),
  maxPowerKw: z.number().positive().max(1000).optional(),
});
