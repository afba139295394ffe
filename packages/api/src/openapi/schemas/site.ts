import { z } from 'zod';
import { ConnectorStatus } from '@magma/db';
import { dateTime, decimal, idName } from './common.ts';

export const siteListOutput = z.array(
  z.object({
    id: z.string(),
    name: z.string(),
    address: z.string(),
    city: z.string(),
    state: z.string(),
    vendor: idName.nullable(),
    _count: z.object({ chargers: z.number().int() }),
  }),
);

export const siteOutput = z.object({
  id: z.string(),
  tenantId: z.string(),
  vendorId: z.string().nullable(),
  name: z.string(),
  address: z.string(),
  city: z.string(),
  state: z.string(),
  postalCode: z.string().nullable(),
  lat: decimal.nullable(),
  lng: decimal.nullable(),
  gridCapacityKw: decimal.nullable(),
  createdAt: dateTime,
  updatedAt: dateTime,
});

export const siteDetailOutput = siteOutput.extend({
  chargers: z.array(
    z.object({ id: z.string(), identity: z.string(), status: z.enum(ConnectorStatus), online: z.boolean() }),
  ),
  vendor: idName.nullable(),
});
