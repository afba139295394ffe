import type { Db, PayoutModel as Payout } from '@magma/db';
import {
  createRazorpayRouteClient,
  PaymentError,
  routeReference,
  type PayoutEvent,
  type RazorpayRouteClient,
  type RouteTransfer,
} from '@magma/payments';
import { AppError } from '../errors/app-error.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { Tx } from '../ledger/ledger-accounts.ts';
import { scopedDb } from '../tenancy/scoped-db.ts';
import { assertAdmin, type Scope } from '../tenancy/scope.ts';
import { applyPayoutEvents } from './apply-payout-events.ts';
import { applyPayoutStatus } from './payout-status.ts';
import { ROUTE_RAIL } from './route-payout-run.ts';
import { ownReversalsMinor } from './route-transfer-reversals.ts';

// Razorpay Route: for tenants whose drivers pay through the platform's marketplace account, a
// vendor is paid by transfers out of the captured payments of its own sessions into its linked
// account. Design: the payout run (the week is closed) splits each vendor's net payable over the
// week's captured platform Razorpay payments at its chargers, one QUEUED Payout per (vendor,
// payment) with routePaymentId, the money set aside (PAYOUT_SENT) like every rail. The worker
// creates each transfer with reference = the payout's id (the client looks the payment's
// transfers up by that reference first, so a lost answer or a retry makes no second transfer),
// created on hold and released at once because the week has closed. Transfer statuses come back
// by the platform's webhook or the worker's poll into applyPayoutEvents; a failed or reversed
// transfer returns its money to the vendor's balance like a failed payout.

export { ROUTE_RAIL, routeAllocation } from './route-payout-run.ts';
export type { RazorpayRouteClient };

/**
 * The platform marketplace account's Route client, from the same Razorpay keys its driver payments
 * use (RAZORPAY_KEY_ID / RAZORPAY_KEY_SECRET / RAZORPAY_WEBHOOK_SECRET); null where any is missing.
 */
export function platformRouteClient(keys: {
  keyId?: string;
  keySecret?: string;
  webhookSecret?: string;
}): RazorpayRouteClient | null {
  if (!keys.keyId || !keys.keySecret || !keys.webhookSecret) return null;
  return createRazorpayRouteClient({ keyId: keys.keyId, keySecret: keys.keySecret, webhookSecret: keys.webhookSecret });
}

/** Route pays out of payments taken on the platform's account: refused for any other tenant. */
export async function assertRouteEligible(db: Db | Tx, tenantId: string): Promise<void> {
  const t = await db.tenant.findUnique({ where: { id: tenantId }, select: { paymentsMode: true } });
  if (t?.paymentsMode !== 'PLATFORM_ACCOUNT') {
    throw new AppError(
      'CONFLICT',
      'Razorpay Route pays vendors out of payments taken on the platform’s marketplace account; this operator’s drivers do not pay through it',
    );
  }
}

/** A transfer's status as a payout status (partially_reversed changes nothing here). */
function payoutStatusOf(t: RouteTransfer): string | null {
  switch (t.status) {
    case 'created':
    case 'pending':
      return 'pending';
    case 'processed':
    case 'failed':
    case 'reversed':
      return t.status;
    default:
      return null;
  }
}

/**
 * The payout event a transfer's state makes, or null. A transfer Razorpay reports reversed only by
 * the reversals we made for refunds (route-transfer-reversals) is not a reversed payout: those
 * amounts returned to the vendor's balance on their own, the rest of the transfer stands.
 */
async function routeEventOf(db: Db, t: RouteTransfer, payoutId: string): Promise<PayoutEvent | null> {
  if (t.status === 'reversed' && t.amountReversedMinor <= (await ownReversalsMinor(db, payoutId))) return null;
  return eventOf(t, payoutId);
}

function eventOf(t: RouteTransfer, payoutId: string | null): PayoutEvent | null {
  const status = payoutStatusOf(t);
  if (!status) return null;
  return {
    providerEventId: `${t.transferId}:${t.status}`,
    providerPayoutId: t.transferId,
    reference: payoutId ?? t.reference,
    status: status as PayoutEvent['status'],
    amountMinor: t.amountMinor,
    utr: null,
    failureReason: t.status === 'failed' ? 'Razorpay Route transfer failed' : null,
    raw: t.raw,
  };
}

/**
 * Creates the Route linked account of every vendor with a bank account that has none yet, on the
 * platform's marketplace account; the acc_ id is stored and reused. Operator admins only.
 */
export async function ensureVendorLinkedAccounts({
  db,
  scope,
  route,
}: {
  db: Db;
  scope: Scope;
  route: RazorpayRouteClient | null;
}): Promise<{ created: number; skipped: string[] }> {
  assertAdmin(scope);
  await assertRouteEligible(db, scope.tenantId);
  if (!route)
    throw new AppError('CONFLICT', 'This platform has no Razorpay keys, so Route linked accounts cannot be made');
  // One maker per tenant at a time (two clicks must not make two accounts for one vendor): the
  // lock is held while Razorpay answers, so the stored ids are read after it was taken.
  return scopedDb(db, scope).$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`route-linked:${scope.tenantId}`}))`;
      const [vendors, have] = await Promise.all([
        tx.vendor.findMany({
          orderBy: { createdAt: 'asc' },
          include: { sites: { take: 1, orderBy: { createdAt: 'asc' } } },
        }),
        tx.vendorLinkedAccount.findMany({ select: { vendorId: true } }),
      ]);
      const done = new Set(have.map((h) => h.vendorId));
      const skipped: string[] = [];
      let created = 0;
      for (const v of vendors) {
        if (done.has(v.id)) continue;
        const site = v.sites[0];
        if (!v.bankAccountNumber || !v.bankIfsc || !v.contactEmail || !v.contactPhone || !site?.postalCode) {
          skipped.push(v.name);
          continue;
        }
        const acc = await route.createLinkedAccount({
          reference: routeReference(v.id),
          email: v.contactEmail,
          phone: v.contactPhone,
          legalBusinessName: v.legalName,
          businessType: businessTypeOf(v.pan),
          contactName: v.bankAccountName ?? v.legalName,
          category: 'utilities',
          subcategory: 'electricity',
          address: {
            street1: site.address.slice(0, 100),
            street2: site.city.slice(0, 100),
            city: site.city,
            state: site.state,
            postalCode: site.postalCode,
            country: 'IN',
          },
          ...(v.pan ? { pan: v.pan } : {}),
          settlement: {
            accountNumber: v.bankAccountNumber,
            ifsc: v.bankIfsc,
            beneficiaryName: v.bankAccountName ?? v.legalName,
          },
        });
        await tx.vendorLinkedAccount.create({
          data: {
            tenantId: scope.tenantId,
            vendorId: v.id,
            accountId: acc.accountId,
            productId: acc.productId,
            status: acc.activationStatus,
          },
        });
        await recordAudit(tx, scope, {
          action: 'route.linked_account_created',
          entityType: 'Vendor',
          entityId: v.id,
          after: { accountId: acc.accountId },
        });
        created++;
      }
      return { created, skipped };
    },
    { timeout: 120_000 },
  );
}

/** Razorpay's business type from the PAN's fourth character (the holder's status). */
function businessTypeOf(pan: string | null): string {
  const kind = pan?.[3]?.toUpperCase();
  if (kind === 'C') return 'private_limited';
  if (kind === 'F') return 'partnership';
  if (kind === 'T') return 'trust';
  if (kind === 'A' || kind === 'B') return 'society';
  if (kind === 'P') return 'individual';
  return 'proprietorship';
}

export type RouteSubmitOutcome = { submitted: number; failed: number; waiting: number };

/** The worker: creates (once) and releases the transfers of queued Route payouts, all tenants. */
export async function submitRouteTransfers({
  db,
  route,
  limit = 200,
  now = () => new Date(),
  onError,
}: {
  db: Db;
  route: RazorpayRouteClient | null;
  limit?: number;
  now?: () => Date;
  onError?: (e: unknown, what: string) => void;
}): Promise<RouteSubmitOutcome> {
  const out: RouteSubmitOutcome = { submitted: 0, failed: 0, waiting: 0 };
  const queued = await db.payout.findMany({
    where: { rail: ROUTE_RAIL, providerPayoutId: null, status: { in: ['CREATED', 'QUEUED'] } },
    orderBy: { createdAt: 'asc' },
    take: limit,
  });
  for (const payout of queued) {
    if (!route) {
      await db.payout.update({
        where: { id: payout.id },
        data: { lastSubmitError: 'This deployment has no Razorpay Route keys (RAZORPAY_KEY_ID…)' },
      });
      out.waiting++;
      continue;
    }
    const r = await submitOne(db, route, payout, now()).catch((e: unknown) => {
      onError?.(e, `route payout ${payout.id}`);
      return 'waiting' as const;
    });
    out[r]++;
  }
  return out;
}

async function submitOne(
  db: Db,
  route: RazorpayRouteClient,
  payout: Payout,
  at: Date,
): Promise<keyof RouteSubmitOutcome> {
  await db.payout.update({ where: { id: payout.id }, data: { submitAttempts: { increment: 1 } } });
  const [linked, payment] = await Promise.all([
    db.vendorLinkedAccount.findFirst({ where: { tenantId: payout.tenantId, vendorId: payout.vendorId } }),
    payout.routePaymentId
      ? db.payment.findFirst({
          where: { id: payout.routePaymentId, tenantId: payout.tenantId },
          select: { providerPaymentId: true },
        })
      : null,
  ]);
  if (!linked || !payment?.providerPaymentId) {
    await db.payout.update({
      where: { id: payout.id },
      data: { lastSubmitError: linked ? 'The payment has no Razorpay id' : 'The vendor has no Route linked account' },
    });
    return 'waiting';
  }
  try {
    // One transfer at a time per payment: the client's lookup-then-create is safe under this lock.
    const transfer = await db.$transaction(
      async (tx) => {
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`route-payment:${payout.routePaymentId}`}))`;
        const [t] = await route.transferFromPayment({
          paymentId: payment.providerPaymentId!,
          transfers: [
            {
              reference: payout.id,
              account: linked.accountId,
              amountMinor: Number(payout.amountMinor),
              holdUntil: null,
            },
          ],
        });
        await tx.payout.update({
          where: { id: payout.id },
          data: { providerPayoutId: t!.transferId, submittedAt: at, lastSubmitError: null },
        });
        return t!;
      },
      { timeout: 60_000 },
    );
    // The week is closed: the hold ends now (a failed release is retried by the poll).
    if (transfer.onHold && transfer.status !== 'failed' && transfer.status !== 'reversed') {
      await route.releaseHold(transfer.transferId).catch(async (e: unknown) => {
        await db.payout.update({
          where: { id: payout.id },
          data: { lastSubmitError: `release: ${e instanceof Error ? e.message : String(e)}`.slice(0, 500) },
        });
      });
    }
    const ev = await routeEventOf(db, transfer, payout.id);
    if (ev) await applyPayoutEvents({ db, tenantId: payout.tenantId, events: [ev], source: 'razorpay-route', now: at });
    return 'submitted';
  } catch (e) {
    if (!PaymentError.is(e)) throw e;
    if (e.code !== 'BAD_INPUT') {
      await db.payout.update({ where: { id: payout.id }, data: { lastSubmitError: e.message.slice(0, 500) } });
      return 'waiting';
    }
    await db.$transaction(async (tx) => {
      await tx.payout.update({ where: { id: payout.id }, data: { lastSubmitError: e.message.slice(0, 500) } });
      await applyPayoutStatus(tx, {
        payout,
        status: 'FAILED',
        reason: e.message.slice(0, 300),
        source: 'razorpay-route',
        at,
      });
    });
    return 'failed';
  }
}

/**
 * The worker: asks Razorpay for Route transfers still in flight (a webhook lost), releases any
 * still on hold, and applies their statuses like the webhook would.
 */
export async function pollRouteTransfers({
  db,
  route,
  staleAfterMs = 30 * 60_000,
  limit = 100,
  now = () => new Date(),
  onError,
}: {
  db: Db;
  route: RazorpayRouteClient | null;
  staleAfterMs?: number;
  limit?: number;
  now?: () => Date;
  onError?: (e: unknown, what: string) => void;
}): Promise<number> {
  if (!route) return 0;
  const stale = await db.payout.findMany({
    where: {
      rail: ROUTE_RAIL,
      providerPayoutId: { not: null },
      status: { in: ['QUEUED', 'PENDING', 'PROCESSING'] },
      updatedAt: { lte: new Date(now().getTime() - staleAfterMs) },
    },
    orderBy: { updatedAt: 'asc' },
    take: limit,
  });
  let changed = 0;
  for (const paymentId of new Set(stale.map((p) => p.routePaymentId))) {
    const mine = stale.filter((p) => p.routePaymentId === paymentId);
    try {
      const payment = await db.payment.findUniqueOrThrow({
        where: { id: paymentId! },
        select: { providerPaymentId: true },
      });
      const transfers = await route.transfersOf(payment.providerPaymentId!);
      for (const payout of mine) {
        let t = transfers.find((x) => x.transferId === payout.providerPayoutId);
        if (!t) continue;
        if (t.onHold && (t.status === 'processed' || t.status === 'pending' || t.status === 'created')) {
          t = await route.releaseHold(t.transferId);
        }
        const ev = await routeEventOf(db, t, payout.id);
        const n = ev
          ? await applyPayoutEvents({
              db,
              tenantId: payout.tenantId,
              events: [ev],
              source: 'razorpay-route-poll',
              now: now(),
            })
          : 0;
        if (n === 0) await db.payout.update({ where: { id: payout.id }, data: { updatedAt: now() } });
        changed += n;
      }
    } catch (e) {
      onError?.(e, `route payment ${paymentId}`);
    }
  }
  return changed;
}

export type RouteWebhookOutcome = { status: number; body: { ok: boolean; applied?: number; error?: string } };

/**
 * The platform's Route webhook (transfer.processed / failed / reversed), signed with the platform
 * account's webhook secret: each transfer is matched to its payout by the transfer id or our
 * reference (the payout's id), in whichever tenant it belongs to.
 */
export async function handleRouteWebhook({
  db,
  route,
  rawBody,
  headers,
  now = new Date(),
}: {
  db: Db;
  route: RazorpayRouteClient | null;
  rawBody: Buffer | string;
  headers: Record<string, string | string[] | undefined>;
  now?: Date;
}): Promise<RouteWebhookOutcome> {
  if (!route) return { status: 404, body: { ok: false, error: 'Razorpay Route is not set up on this platform' } };
  const verified = route.verifyWebhook({ rawBody, headers });
  if (!verified.ok) {
    return { status: verified.reason === 'bad-payload' ? 400 : 401, body: { ok: false, error: verified.message } };
  }
  let applied = 0;
  for (const e of verified.events) {
    const ref = e.transfer.reference;
    const payout = await db.payout.findFirst({
      where: {
        rail: ROUTE_RAIL,
        OR: [
          { providerPayoutId: e.transfer.transferId },
          ...(ref && /^[0-9a-f-]{36}$/i.test(ref) ? [{ id: ref }] : []),
        ],
      },
      select: { id: true, tenantId: true },
    });
    const ev = payout ? await routeEventOf(db, e.transfer, payout.id) : null;
    if (!payout || !ev) continue;
    applied += await applyPayoutEvents({
      db,
      tenantId: payout.tenantId,
      events: [ev],
      source: 'razorpay-route-webhook',
      now,
    });
  }
  return { status: 200, body: { ok: true, applied } };
}
