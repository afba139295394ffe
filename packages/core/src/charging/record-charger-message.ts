import { createHash } from 'node:crypto';
import type { Prisma } from '@magma/db';
import type { ChargingDeps } from './types.ts';

/** The side effect on the charger row, if any, of messages that otherwise only get logged. */
export type ChargerStatusField = { firmwareStatus?: string; diagnosticsStatus?: string };

/**
 * The most of one message the log keeps, as JSON text: every fixed-shape PDU and an ordinary page
 * of a 2.0.1 report or event notification is far smaller; what passes it is a vendor's blob
 * (DataTransfer data, customData), and keeping it whole would let one charger fill the database.
 */
export const MAX_LOGGED_PAYLOAD_BYTES = 32 * 1024;

/** What the log keeps of a payload over the limit: the start of its JSON text, marked as cut. */
export type TruncatedPayload = {
  truncated: { bytes: number; keptBytes: number; sha256: string };
  head: string;
};

/**
 * The payload itself when its JSON text fits in maxBytes; otherwise the first maxBytes of that text
 * (cut on a character boundary), with its full size and SHA-256 so the original can be recognised.
 */
export function boundedPayload(
  payload: Prisma.InputJsonValue,
  maxBytes = MAX_LOGGED_PAYLOAD_BYTES,
): Prisma.InputJsonValue {
  const text = JSON.stringify(payload);
  const bytes = Buffer.byteLength(text);
  if (bytes <= maxBytes) return payload;
  const encoded = Buffer.from(text);
  let end = maxBytes;
  // Back off to the start of a UTF-8 sequence so no character is split.
  while (end > 0 && (encoded[end]! & 0xc0) === 0x80) end--;
  const head = encoded.subarray(0, end).toString('utf8');
  const sha256 = createHash('sha256').update(encoded).digest('hex');
  const kept: TruncatedPayload = { truncated: { bytes, keptBytes: end, sha256 }, head };
  return kept;
}

/**
 * Messages without a domain table of their own (DataTransfer, NotifyEvent, NotifyReport,
 * SecurityEventNotification, firmware/diagnostics/log status) are kept verbatim up to
 * MAX_LOGGED_PAYLOAD_BYTES, and cut with a marker beyond it.
 */
export async function recordChargerMessage({
  db,
  charger,
  action,
  payload,
  update,
}: ChargingDeps & { action: string; payload: Prisma.InputJsonValue; update?: ChargerStatusField }): Promise<void> {
  const insert = db.chargerMessage.create({ data: { ...charger, action, payload: boundedPayload(payload) } });
  if (!update) {
    await insert;
    return;
  }
  await db.$transaction([insert, db.charger.update({ where: { id: charger.chargerId }, data: update })]);
}
