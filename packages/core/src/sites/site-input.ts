import { z } from 'zod';

/**
 * An IANA time zone name the runtime knows (`Asia/Kolkata`, `UTC`): Intl accepts it, and it is a
 * name, not an offset (`+05:30` is refused: an offset has no daylight-saving rules).
 */
export function isIanaTimeZone(value: string): boolean {
  if (!/^(?:UTC|[A-Za-z]+(?:\/[A-Za-z0-9_+-]+){1,2})$/.test(value)) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

export const timeZoneField = z
  .string()
  .trim()
  .max(64)
  .refine(isIanaTimeZone, 'Use an IANA time zone name, such as Asia/Kolkata');

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
  /** The site's own time zone; a new site takes the tenant's. */
  timezone: timeZoneField.optional(),
  /** Degrees (WGS 84); both or neither (checked by the use cases); null clears them. */
  lat: z
    .number()
    .min(-90, 'Latitude is between -90 and 90')
    .max(90, 'Latitude is between -90 and 90')
    .nullable()
    .optional(),
  lng: z
    .number()
    .min(-180, 'Longitude is between -180 and 180')
    .max(180, 'Longitude is between -180 and 180')
    .nullable()
    .optional(),
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
