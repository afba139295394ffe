import { randomUUID } from 'node:crypto';
import type { CheckoutData } from '@magma/payments';
import { AppError } from '../errors/app-error.ts';
import { PAYMENTS_NOT_SET_UP } from '../payments/accounts/gateway-registry.ts';
import { formatMoney } from '@magma/tariff/format-money';
import {
  AMOUNT_RANGE_MESSAGE,
  paidSessionInput,
  MAX_PREPAID_MINOR,
  MIN_PREPAID_MINOR,
  type PaidSessionInput,
} from './driver-session-input.ts';
import { getConnectorForDriver } from './get-connector-for-driver.ts';
import { hashSessionToken } from './session-token.ts';
import { sealedTokenFor, sessionReturnPath } from './session-link.ts';
import { audit } from './start-charging.ts';
import { nowOf, type DriverDeps } from './types.ts';

export type PaidSessionCheckout = {
  sessionId: string;
  sessionToken: string;
  amountMinor: number;
  checkout: CheckoutData;
  /** True when this session token had already been used (a second press of Pay). */
  reused: boolean;
};

const DUPLICATE_WAIT_MS = 10_000;
/** A language tag as stored: "en", "hi", "hi-IN" (the column holds 8 characters). */
const LOCALE_TAG = /^[a-z]{2,3}(-[A-Z]{2})?$/;

/**
 * A driver chose an amount or an energy on the connector page and pressed Pay: creates the
 * session and the gateway order. The charger starts later, when the payment is captured
 * (`onDriverPaymentEvent`). The session token comes from the page, so pressing Pay twice returns
 * the first checkout instead of taking a second payment.
 */
export async function startPaidSession(
  deps: DriverDeps,
  {
    tenantId,
    baseUrl,
    input,
    locale = null,
  }: {
    tenantId: string;
    baseUrl: string;
    input: PaidSessionInput;
    /** The driver pages' language (the web app resolves it from the switch's cookie or Accept-Language). */
    locale?: string | null;
  },
): Promise<PaidSessionCheckout> {
  const parsed = paidSessionInput.safeParse(input);
  if (!parsed.success) {
    // The driver reads the first problem; a choice's wording names the range (never zod's jargon).
    const issue = parsed.error.issues.find((i) => i.path[0] === 'choice') ?? parsed.error.issues[0];
    throw new AppError('BAD_INPUT', issue?.message ?? 'Bad input', { details: parsed.error.issues });
  }
  const { sessionToken, code, choice, email } = parsed.data;
  const { db } = deps;
  const tokenHash = hashSessionToken(sessionToken);

  const existing = await db.driverSession.findUnique({ where: { tokenHash } });
  if (existing) return awaitCheckout(deps, { tenantId, sessionToken, sessionId: existing.id });

  const now = nowOf(deps);
  const connector = await getConnectorForDriver({ db, pricing: deps.pricing, tenantId, code, now });
  if (!connector.availability.canStart) throw new AppError('CONFLICT', connector.availability.message);
  const price = await deps.pricing.connectorPrice({ db, tenantId, connectorRowId: connector.connectorRowId, at: now });
  if (!price) throw new AppError('CONFLICT', 'No price is set for this connector yet.');
  // No usable gateway (none set up, keys missing): nothing is created and nothing starts.
  const gateway = await deps.payments.providerFor({ db, tenantId, chargerId: connector.chargerId });
  if (!gateway.ok) {
    throw new AppError('CONFLICT', PAYMENTS_NOT_SET_UP, { details: { reason: 'payments-not-set-up' } });
  }

  const limitWh = choice.kind === 'energy' ? Math.round(choice.kwh * 1000) : null;
  const amountMinor = choice.kind === 'amount' ? choice.rupees * 100 : price.quoteForWh(limitWh!);
  if (amountMinor < MIN_PREPAID_MINOR || amountMinor > MAX_PREPAID_MINOR) {
    throw new AppError(
      'BAD_INPUT',
      choice.kind === 'amount'
        ? AMOUNT_RANGE_MESSAGE
        : `${choice.kwh} kWh costs about ${formatMoney(amountMinor, price.currency)} here. ${AMOUNT_RANGE_MESSAGE}, or choose ${amountMinor < MIN_PREPAID_MINOR ? 'more' : 'less'} energy.`,
    );
  }

  const sessionId = randomUUID();
  const tokenSealed = sealedTokenFor(deps.sessionLinks, { sessionId, token: sessionToken, baseUrl });
  try {
    await db.driverSession.create({
      data: {
        id: sessionId,
        tenantId,
        tokenHash,
        tokenSealed,
        kind: 'PAID',
        status: 'AWAITING_PAYMENT',
        chargerId: connector.chargerId,
        connectorRowId: connector.connectorRowId,
        evseId: connector.evseId,
        connectorId: connector.connectorId,
        limitMinor: amountMinor,
        limitWh,
        email,
        locale: locale !== null && LOCALE_TAG.test(locale) ? locale : null,
      },
    });
  } catch (e) {
    // Two presses raced past the lookup: the unique token hash lets exactly one through.
    if ((e as { code?: string }).code === 'P2002') {
      const winner = await db.driverSession.findUniqueOrThrow({ where: { tokenHash } });
      return awaitCheckout(deps, { tenantId, sessionToken, sessionId: winner.id });
    }
    throw e;
  }

  try {
    const payment = await deps.payments.createPayment({
      db,
      tenantId,
      amountMinor,
      currency: price.currency,
      email,
      chargerId: connector.chargerId,
      evseId: connector.evseId,
      returnUrl: `${baseUrl.replace(/\/+$/, '')}${sessionReturnPath(deps.sessionLinks, { tenantId, sessionId, token: sessionToken, sealed: tokenSealed, now })}`,
      description: `Charging at ${connector.label}`,
    });
    await db.driverSession.update({
      where: { id: sessionId },
      data: { paymentId: payment.paymentId, checkout: payment.checkout as object },
    });
    await audit(deps, { id: sessionId, tenantId }, 'driver.checkout_created', {
      paymentId: payment.paymentId,
      amountMinor,
      limitWh,
      connectorRowId: connector.connectorRowId,
    });
    return { sessionId, sessionToken, amountMinor, checkout: payment.checkout, reused: false };
  } catch (e) {
    await db.driverSession.update({
      where: { id: sessionId },
      data: { status: 'PAYMENT_FAILED', failureReason: AppError.from(e).message, endedAt: nowOf(deps) },
    });
    throw AppError.is(e)
      ? e
      : new AppError('UPSTREAM', 'The payment gateway is not answering. Nothing was charged; please try again.', {
          cause: e,
        });
  }
}

async function awaitCheckout(
  deps: DriverDeps,
  { tenantId, sessionToken, sessionId }: { tenantId: string; sessionToken: string; sessionId: string },
): Promise<PaidSessionCheckout> {
  const deadline = Date.now() + DUPLICATE_WAIT_MS;
  for (;;) {
    const s = await deps.db.driverSession.findUniqueOrThrow({ where: { id: sessionId } });
    if (s.tenantId !== tenantId || s.kind !== 'PAID') throw new AppError('CONFLICT', 'This session already exists');
    if (s.checkout && s.limitMinor !== null) {
      return { sessionId, sessionToken, amountMinor: s.limitMinor, checkout: s.checkout as CheckoutData, reused: true };
    }
    if (s.status === 'PAYMENT_FAILED')
      throw new AppError('CONFLICT', s.failureReason ?? 'This payment could not be created');
    if (Date.now() > deadline) throw new AppError('CONFLICT', 'This payment is still being created; please reload.');
    await new Promise((r) => setTimeout(r, 200));
  }
}
