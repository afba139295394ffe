import type { Db } from '@magma/db';
import type { Bus } from '../bus/types.ts';
import { sendChargerCommand } from '../commands/send-charger-command.ts';
import { AppError } from '../errors/app-error.ts';
import { pncAnswerStatus16, pncCommand16 } from '../plug-and-charge/pnc-16-messages.ts';

/**
 * Sends an issued certificate to its charger (CertificateSigned: the chain in PEM, and in 2.0.1 its
 * type) and records the charger's answer: ACCEPTED, REJECTED, or FAILED when the command ended
 * without one (the answer column says how: ERROR, TIMEOUT, OFFLINE).
 */
export async function deliverIssuedCertificate({
  db,
  bus,
  issuedId,
  timeoutMs,
}: {
  db: Db;
  bus: Bus;
  issuedId: string;
  timeoutMs?: number;
}): Promise<{ status: string; answer: string }> {
  const issued = await db.issuedCertificate.findUniqueOrThrow({ where: { id: issuedId } });
  const charger = await db.charger.findUniqueOrThrow({ where: { id: issued.chargerId }, select: { protocol: true } });
  // A 1.6 charger's V2G certificate goes back in the Plug & Charge application note's DataTransfer.
  const pnc16 = charger.protocol === 'OCPP16' && issued.certificateType === 'V2GCertificate';
  const command = pnc16
    ? pncCommand16('CertificateSigned', { certificateChain: issued.certificatePem, certificateType: 'V2GCertificate' })
    : {
        action: 'CertificateSigned',
        payload:
          charger.protocol === 'OCPP16'
            ? { certificateChain: issued.certificatePem }
            : { certificateChain: issued.certificatePem, certificateType: issued.certificateType },
      };
  let answer: string;
  let commandId: string | null = null;
  try {
    const row = await sendChargerCommand({
      db,
      bus,
      tenantId: issued.tenantId,
      chargerId: issued.chargerId,
      action: command.action,
      payload: command.payload,
      source: 'certificate-authority',
      timeoutMs,
    });
    commandId = row.id;
    const status = (row.response as { status?: unknown } | null)?.status;
    answer = pnc16
      ? pncAnswerStatus16(row)
      : row.status === 'RESPONDED' && typeof status === 'string'
        ? status
        : row.status;
  } catch (e) {
    if (!AppError.is(e) || e.code !== 'CHARGER_OFFLINE') throw e;
    commandId = (e.details as { commandId?: string } | undefined)?.commandId ?? null;
    answer = 'OFFLINE';
  }
  const status = answer === 'Accepted' ? 'ACCEPTED' : answer === 'Rejected' ? 'REJECTED' : 'FAILED';
  await db.issuedCertificate.update({ where: { id: issuedId }, data: { status, answer, commandId } });
  return { status, answer };
}
