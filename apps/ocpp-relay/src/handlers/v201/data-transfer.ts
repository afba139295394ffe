import { recordChargerMessage } from '@magma/core/charging';
import type { Prisma } from '@magma/db';
import { defineHandler } from '../types.ts';

type Params = { vendorId: string; messageId?: string; data?: unknown };

// Kept verbatim; the platform implements no vendor extensions, so it says so (UnknownVendorId).
export const dataTransfer = defineHandler<Params>(async ({ db, conn }, p) => {
  await recordChargerMessage({
    db,
    charger: conn.charger,
    action: 'DataTransfer',
    payload: p as Prisma.InputJsonObject,
  });
  return { status: 'UnknownVendorId' };
});
