import type { Db } from '@magma/db';
import type { Bus } from '../bus/types.ts';
import { sendChargerCommand } from '../commands/send-charger-command.ts';
import { AppError } from '../errors/app-error.ts';
import { pncAnswerStatus16 } from '../plug-and-charge/pnc-16-messages.ts';
import { renewalTrigger } from './trigger-certificate-renewal.ts';

export const RENEW_DAYS_BEFORE = 30;

/**
 * The renewal job: each charger's newest accepted certificate of a type that ends within
 * `daysBefore` days gets a trigger to send a new CSR (once: renewalRequestedAt; the charger's new
 * SignCertificate does the rest). A charger that is offline or does not answer is tried again on
 * a later run; one whose newer certificate was already issued is left alone.
 */
export async function renewExpiringCertificates({
  db,
  bus,
  daysBefore = RENEW_DAYS_BEFORE,
  now = new Date(),
  timeoutMs,
  onError,
}: {
  db: Db;
  bus: Bus;
  daysBefore?: number;
  now?: Date;
  timeoutMs?: number;
  onError?: (e: unknown, certificateId: string) => void;
}): Promise<{ triggered: number; failed: number }> {
  const due = await db.issuedCertificate.findMany({
    where: {
      status: 'ACCEPTED',
      renewalRequestedAt: null,
      notAfter: { lte: new Date(now.getTime() + daysBefore * 86_400_000), gt: now },
    },
    orderBy: { notAfter: 'asc' },
    take: 200,
  });
  let triggered = 0;
  let failed = 0;
  for (const cert of due) {
    const newer = await db.issuedCertificate.count({
      where: {
        chargerId: cert.chargerId,
        certificateType: cert.certificateType,
        status: 'ACCEPTED',
        createdAt: { gt: cert.createdAt },
      },
    });
    if (newer > 0) {
      await db.issuedCertificate.update({ where: { id: cert.id }, data: { renewalRequestedAt: now } });
      continue;
    }
    try {
      const charger = await db.charger.findUnique({ where: { id: cert.chargerId }, select: { protocol: true } });
      if (!charger) continue;
      const type = cert.certificateType === 'V2GCertificate' ? 'V2GCertificate' : 'ChargingStationCertificate';
      const { action, payload } = renewalTrigger(charger.protocol, type);
      const row = await sendChargerCommand({
        db,
        bus,
        tenantId: cert.tenantId,
        chargerId: cert.chargerId,
        action,
        payload,
        source: 'certificate-renewal',
        timeoutMs,
      });
      // A 1.6 V2G renewal is the Plug & Charge note's TriggerMessage: its answer is inside the DataTransfer's.
      const status =
        action === 'DataTransfer' ? pncAnswerStatus16(row) : (row.response as { status?: unknown } | null)?.status;
      if (row.status === 'RESPONDED' && status === 'Accepted') {
        await db.issuedCertificate.update({ where: { id: cert.id }, data: { renewalRequestedAt: now } });
        triggered++;
      } else failed++;
    } catch (e) {
      failed++;
      if (!(AppError.is(e) && e.code === 'CHARGER_OFFLINE')) onError?.(e, cert.id);
    }
  }
  return { triggered, failed };
}
