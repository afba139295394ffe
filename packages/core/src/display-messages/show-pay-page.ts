import type { z } from 'zod';
import { AppError } from '../errors/app-error.ts';
import type { CallDeps } from '../device-model/charger-call.ts';
import { newShortCode } from '../seed/short-code.ts';
import { scopedDb } from '../tenancy/scoped-db.ts';
import { displayCharger } from './charger.ts';
import { showPayPageInput } from './schemas.ts';
import { setDisplayMessage, type SetDisplayMessageResult } from './set-display-message.ts';

/**
 * The pay-page message of a connector has a fixed id per EVSE, so showing it again replaces the
 * one the charger holds instead of adding another.
 */
export const PAY_PAGE_MESSAGE_ID = 900_000;

/**
 * "Show the payment QR on the charger": sends the connector's driver pay page (/c/{code} on the
 * tenant's host, the link its sticker carries) as a URI message, which a station's screen shows as
 * a QR code the driver scans to pay and start. A connector without a short code gets one.
 */
export async function showPayPage(
  deps: CallDeps & { input: z.input<typeof showPayPageInput>; origin: string | null },
): Promise<SetDisplayMessageResult & { url: string }> {
  const { db, scope, origin } = deps;
  const { chargerId, evseId, priority, state } = showPayPageInput.parse(deps.input);
  if (!origin || !/^https?:\/\/[^/\s]+$/.test(origin))
    throw new AppError('BAD_INPUT', 'The pay page address is not known for this request (no host)');
  await displayCharger(db, scope, chargerId);
  const sdb = scopedDb(db, scope);
  const connector = await sdb.connector.findFirst({
    where: { chargerId, evseId },
    orderBy: { connectorId: 'asc' },
    select: { id: true, shortCode: true },
  });
  if (!connector) throw new AppError('NOT_FOUND', `The charger has not reported a connector ${evseId}`);
  let code = connector.shortCode;
  for (let attempt = 0; !code && attempt < 5; attempt++) {
    const candidate = newShortCode();
    const set = await sdb.connector
      .updateMany({ where: { id: connector.id, shortCode: null }, data: { shortCode: candidate } })
      .catch(() => ({ count: 0 }));
    code = set.count
      ? candidate
      : ((await sdb.connector.findFirst({ where: { id: connector.id }, select: { shortCode: true } }))?.shortCode ??
        null);
  }
  if (!code) throw new AppError('CONFLICT', 'Could not give the connector a short code; try again');
  const url = `${origin}/c/${code}`;
  const result = await setDisplayMessage({
    ...deps,
    input: {
      chargerId,
      message: {
        id: PAY_PAGE_MESSAGE_ID + evseId,
        priority,
        ...(state ? { state } : {}),
        format: 'URI',
        content: url,
      },
    },
  });
  return { ...result, url };
}
