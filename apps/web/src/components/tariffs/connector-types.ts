import type { ConnectorType } from '@magma/db';

/** The Prisma enum's values, for client components that cannot load the database package. */
export const CONNECTOR_TYPES = [
  'CCS2',
  'CHADEMO',
  'TYPE2',
  'TYPE1',
  'GBT',
  'BHARAT_AC001',
  'BHARAT_DC001',
  'OTHER',
] as const satisfies readonly ConnectorType[];
