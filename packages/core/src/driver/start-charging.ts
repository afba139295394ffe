import type { DriverSessionModel as DriverSession } from '@magma/db';
import { AppError } from '../errors/app-error.ts';
import { refundStartFailure } from './refund-start-failure.ts';
import { linkDriverTransaction } from './link-driver-transaction.ts';
import { sessionLinkUrl } from './session-link.ts';
import { newAppIdTag, newRemoteStartId } from './session-token.ts';
import { nowOf, type DriverDeps } from './types.ts';

/** APP tokens live as long as a long session could; settlement expires them at once. */
const APP_TOKEN_TTL_MS = 24 * 3600_000;

/**
 * Sends the remote start for a session whose payment is captured (or PIN accepted). The
 * AWAITING_PAYMENT → STARTING claim makes it run once however many webhooks arrive; a charger
 * that rejects, times out or is offline turns the session START_FAILED and refunds the payment.
 */
export async function startChargingForSession(
  deps: DriverDeps,
  { sessionId, idTokenId }: { sessionId: string; idTokenId?: string },
) {
  const { db } = deps;
  const now = nowOf(deps);
  const claimed = await db.driverSession.updateMany({
    where: { id: sessionId, status: 'AWAITING_PAYMENT' },
    data: { status: 'STARTING', startRequestedAt: now, remoteStartId: newRemoteStartId() },
  });
  if (claimed.count === 0) return { started: false as const, reason: 'already-handled' };
  const session = await db.driverSession.findUniqueOrThrow({ where: { id: sessionId } });

  const token = idTokenId
    ? await db.idToken.findUniqueOrThrow({ where: { id: idTokenId } })
    : await issueAppToken(deps, session, now);
  await db.driverSession.update({ where: { id: sessionId }, data: { idTokenId: token.id, idTag: token.token } });
  await audit(deps, session, 'driver.start_requested', { idTokenId: token.id });

  let failure: string | null = null;
  let chargerTransactionId: string | undefined;
  try {
    const reply = await deps.chargers.remoteStart({
      tenantId: session.tenantId,
      chargerId: session.chargerId,
      evseId: session.evseId,
      connectorId: session.connectorId,
      idTag: token.token,
      remoteStartId: session.remoteStartId ?? newRemoteStartId(),
    });
    if (!reply.accepted) failure = `The charger refused to start${reply.reason ? ` (${reply.reason})` : ''}`;
    chargerTransactionId = reply.transactionId;
  } catch (e) {
    const err = AppError.from(e);
    failure =
      err.code === 'CHARGER_OFFLINE'
        ? 'The charger is offline'
        : err.code === 'CHARGER_TIMEOUT'
          ? 'The charger did not answer'
          : `The charger could not be started: ${err.message}`;
  }
  if (failure) {
    await failStart(deps, { sessionId, reason: failure });
    return { started: false as const, reason: failure };
  }
  // Cable plugged in first, a 2.0.1 station answers with the transaction it already runs: the
  // strongest evidence of which transaction is the driver's (see linkDriverTransaction).
  if (chargerTransactionId) await db.driverSession.update({ where: { id: sessionId }, data: { chargerTransactionId } });
  await linkDriverTransaction(deps, { sessionId });
  await sendPaymentReceipt(deps, session);
  return { started: true as const };
}

/**
 * The paid session's payment email, with the link that follows the session while it charges. Only
 * the process that won the AWAITING_PAYMENT → STARTING claim gets here, so it is sent once; a
 * failure to send is reported and never fails the start.
 */
async function sendPaymentReceipt(deps: DriverDeps, session: DriverSession) {
  const send = deps.mail.sendPaymentReceipt;
  if (!send || session.kind !== 'PAID' || !session.email || !session.paymentId) return;
  try {
    const [payment, charger] = await Promise.all([
      deps.db.payment.findUniqueOrThrow({ where: { id: session.paymentId } }),
      deps.db.charger.findUniqueOrThrow({ where: { id: session.chargerId }, include: { site: true, tenant: true } }),
    ]);
    await send({
      db: deps.db,
      tenantId: session.tenantId,
      to: session.email,
      sessionId: session.id,
      paymentId: payment.id,
      amountMinor: payment.capturedMinor,
      currency: payment.currency,
      paidAt: payment.updatedAt,
      gatewayReference: payment.providerPaymentId,
      chargerLabel: `${charger.identity} #${session.evseId}`,
      siteName: charger.site?.name ?? null,
      timeZone: charger.tenant.timezone,
      locale: session.locale,
      sessionLink: deps.sessionLinks ? sessionLinkUrl(deps.sessionLinks, session, nowOf(deps)) : null,
    });
  } catch (e) {
    deps.onError?.(e, `payment email for driver session ${session.id}`);
  }
}

async function issueAppToken(deps: DriverDeps, session: DriverSession, now: Date) {
  return deps.db.idToken.create({
    data: {
      tenantId: session.tenantId,
      token: newAppIdTag(),
      type: 'APP',
      status: 'ACCEPTED',
      expiresAt: new Date(now.getTime() + APP_TOKEN_TTL_MS),
      label: session.paymentId ? `Driver payment ${session.paymentId}` : `Driver session ${session.id}`,
    },
  });
}

/** STARTING → START_FAILED (once), then the full refund of a paid session. */
export async function failStart(deps: DriverDeps, { sessionId, reason }: { sessionId: string; reason: string }) {
  const { db } = deps;
  const moved = await db.driverSession.updateMany({
    where: { id: sessionId, status: 'STARTING', transactionId: null },
    data: { status: 'START_FAILED', failureReason: reason, endedAt: nowOf(deps) },
  });
  if (moved.count === 0) return false;
  const session = await db.driverSession.findUniqueOrThrow({ where: { id: sessionId } });
  if (session.idTokenId && session.kind === 'PAID') {
    await db.idToken.updateMany({ where: { id: session.idTokenId, type: 'APP' }, data: { status: 'EXPIRED' } });
  }
  await audit(deps, session, 'driver.start_failed', { reason });
  await refundStartFailure(deps, { sessionId });
  return true;
}

export async function audit(
  deps: DriverDeps,
  session: Pick<DriverSession, 'id' | 'tenantId'>,
  action: string,
  after: Record<string, unknown>,
) {
  await deps.db.auditLog.create({
    data: {
      tenantId: session.tenantId,
      action,
      entityType: 'DriverSession',
      entityId: session.id,
      after: after as object,
    },
  });
}
