import { recordChargerMessage } from '@magma/core/charging';
import { plugAndChargeDataTransfer16 } from '../plug-and-charge.ts';
import { defineHandler } from '../types.ts';

type Params = { vendorId: string; messageId?: string; data?: string };

// The OCA's ISO 15118 Plug & Charge messages (handlers/plug-and-charge.ts) are answered; any other
// vendor's is kept verbatim and answered UnknownVendorId, as the platform implements no others.
export const dataTransfer = defineHandler<Params>(async (ctx, p) => {
  const pnc = await plugAndChargeDataTransfer16(ctx, p);
  if (pnc) return pnc;
  await recordChargerMessage({ db: ctx.db, charger: ctx.conn.charger, action: 'DataTransfer', payload: p });
  return { status: 'UnknownVendorId' };
});
