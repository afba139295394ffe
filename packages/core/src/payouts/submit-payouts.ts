import type { Db, PayoutModel as Payout } from '@magma/db';
import { localDate } from '@magma/ledger';
import { PaymentError, type Beneficiary, type PayoutMode, type PayoutProvider } from '@magma/payments';
import type { CredentialKeyring } from '@magma/payments';
import { minorOf } from '../ledger/money-columns.ts';
import { applyPayoutEvents } from './apply-payout-events.ts';
import { applyPayoutStatus, PAYOUT_STATUSES, type PayoutStatus } from './payout-status.ts';
import { razorpayXForTenant, type RailEndpoints } from './payout-rail-account.ts';

// The worker's half of a RazorpayX payout run. The run left its payouts QUEUED (money set aside);
// here each is sent: the vendor's bank account or UPI address is registered once as a contact and
// fund account (the ids are kept on VendorFundAccount and reused), then the payout is created with
// X-Payout-Idempotency = the payout's id and a body that is the same on every attempt, so a lost
// answer, a crash between the request and the commit, or two workers at once make ONE payout at
// RazorpayX. A payout is "still to send" while it has no RazorpayX id, so a restarted worker picks
// up exactly those.

/** IMPS carries up to ₹5,00,000; above it the payout goes by NEFT. */
const IMPS_MAX_MINOR = 50_000_000;
const TO_SEND: PayoutStatus[] = ['CREATED', 'QUEUED'];

export type SubmitOutcome = { submitted: number; failed: number; waiting: number };

type Step = 'register' | 'pay';
class StepError extends Error {
  constructor(
    readonly step: Step,
    readonly error: unknown,
  ) {
    super(error instanceof Error ? error.message : String(error));
  }
}

/** Sends every queued RazorpayX payout (all tenants, oldest first, up to `limit`). */
export async function submitQueuedPayouts({
  db,
  keyring,
  endpoints,
  limit = 200,
  now = () => new Date(),
  onError,
}: {
  db: Db;
  keyring: CredentialKeyring | null;
  endpoints?: RailEndpoints;
  limit?: number;
  now?: () => Date;
  onError?: (e: unknown, what: string) => void;
}): Promise<SubmitOutcome> {
  const queued = await db.payout.findMany({
    where: { rail: 'RAZORPAYX', providerPayoutId: null, status: { in: TO_SEND } },
    orderBy: { createdAt: 'asc' },
    take: limit,
  });
  const out: SubmitOutcome = { submitted: 0, failed: 0, waiting: 0 };
  const tenants = [...new Set(queued.map((p) => p.tenantId))];
  for (const tenantId of tenants) {
    const mine = queued.filter((p) => p.tenantId === tenantId);
    let provider: PayoutProvider | null = null;
    try {
      provider = await razorpayXForTenant({ db, tenantId, keyring, endpoints });
    } catch (e) {
      onError?.(e, `RazorpayX account of tenant ${tenantId}`);
    }
    if (!provider) {
      await db.payout.updateMany({
        where: { id: { in: mine.map((p) => p.id) } },
        data: { lastSubmitError: 'No usable RazorpayX account: save and test it under Settings → Payouts' },
      });
      out.waiting += mine.length;
      continue;
    }
    for (const payout of mine) {
      const r = await submitOne({ db, provider, payout, at: now() }).catch((e: unknown) => {
        onError?.(e, `payout ${payout.id}`);
        return 'waiting' as const;
      });
      out[r]++;
    }
  }
  return out;
}

async function submitOne({
  db,
  provider,
  payout,
  at,
}: {
  db: Db;
  provider: PayoutProvider;
  payout: Payout;
  at: Date;
}): Promise<keyof SubmitOutcome> {
  await db.payout.update({ where: { id: payout.id }, data: { submitAttempts: { increment: 1 } } });
  try {
    const { fundAccountId, beneficiary, mode } = await fundAccountOf(db, provider, payout).catch((e: unknown) => {
      throw new StepError('register', e);
    });
    const result = await provider
      .createPayout({
        idempotencyKey: payout.id,
        beneficiary,
        fundAccountId,
        amountMinor: minorOf(payout.amountMinor),
        currency: 'INR',
        mode,
        narration: await narrationOf(db, payout),
        notes: { payout_id: payout.id, vendor_id: payout.vendorId ?? '' },
      })
      .catch((e: unknown) => {
        throw new StepError('pay', e);
      });
    const status = result.status.toUpperCase() as PayoutStatus;
    await db.$transaction(async (tx) => {
      await tx.payout.update({
        where: { id: payout.id },
        data: { providerPayoutId: result.providerPayoutId, submittedAt: at, lastSubmitError: null },
      });
      if (PAYOUT_STATUSES.includes(status)) {
        await applyPayoutStatus(tx, {
          payout,
          status,
          utr: result.utr,
          reason: result.failureReason,
          source: 'razorpayx',
          at,
        });
      }
    });
    return 'submitted';
  } catch (e) {
    if (!(e instanceof StepError) || !PaymentError.is(e.error)) throw e instanceof StepError ? e.error : e;
    const err = e.error;
    // Our own checks (an amount under ₹1, an IFSC of the wrong shape) and RazorpayX refusing the
    // vendor's bank details can never succeed: the payout fails and its money returns to the
    // vendor's balance for the next statement. A refused key, a lost answer or a refused payout
    // request wait (the same key is sent again next time; a refused request may already have
    // made a payout, which only the operator can tell).
    const final =
      err.code === 'BAD_INPUT' ||
      (e.step === 'register' && err.code === 'REJECTED' && err.status !== 401 && err.status !== 403);
    if (!final) {
      await db.payout.update({ where: { id: payout.id }, data: { lastSubmitError: err.message.slice(0, 500) } });
      return 'waiting';
    }
    await db.$transaction(async (tx) => {
      await tx.payout.update({ where: { id: payout.id }, data: { lastSubmitError: err.message.slice(0, 500) } });
      await applyPayoutStatus(tx, {
        payout,
        status: 'FAILED',
        reason: err.message.slice(0, 300),
        source: 'razorpayx',
        at,
      });
    });
    return 'failed';
  }
}

/**
 * The vendor's fund account for this payout, registered with RazorpayX once: the payout's own
 * fund account, or the vendor's bank details (kept as a fund account the first time).
 */
async function fundAccountOf(
  db: Db,
  provider: PayoutProvider,
  payout: Payout,
): Promise<{ fundAccountId: string; beneficiary: Beneficiary; mode: PayoutMode }> {
  // Only Razorpay Route pays the operator (vendorId null); a RazorpayX payout is always a vendor's.
  if (!payout.vendorId) {
    throw new PaymentError({ code: 'BAD_INPUT', provider: 'razorpayx', message: 'A RazorpayX payout needs a vendor' });
  }
  const vendor = await db.vendor.findFirstOrThrow({
    where: { id: payout.vendorId, tenantId: payout.tenantId },
    select: {
      id: true,
      name: true,
      legalName: true,
      contactEmail: true,
      bankAccountName: true,
      bankAccountNumber: true,
      bankIfsc: true,
    },
  });
  let fund = payout.fundAccountId
    ? await db.vendorFundAccount.findFirst({ where: { id: payout.fundAccountId, tenantId: payout.tenantId } })
    : null;
  if (!fund) {
    if (!vendor.bankAccountNumber || !vendor.bankIfsc) {
      throw new PaymentError({ code: 'BAD_INPUT', provider: 'razorpayx', message: 'The vendor has no bank account' });
    }
    const details = {
      tenantId: payout.tenantId,
      vendorId: vendor.id,
      kind: 'BANK_ACCOUNT',
      accountNumber: vendor.bankAccountNumber,
      ifsc: vendor.bankIfsc,
      active: true,
    };
    fund =
      (await db.vendorFundAccount.findFirst({ where: details, orderBy: { createdAt: 'asc' } })) ??
      (await db.vendorFundAccount.create({
        data: { ...details, accountName: vendor.bankAccountName ?? vendor.legalName },
      }));
    await db.payout.update({ where: { id: payout.id }, data: { fundAccountId: fund.id } });
  }
  const isVpa = fund.kind === 'VPA';
  const beneficiary: Beneficiary = {
    reference: vendor.id,
    name: (vendor.legalName || vendor.name).slice(0, 50),
    ...(vendor.contactEmail ? { email: vendor.contactEmail } : {}),
    account: isVpa
      ? { kind: 'vpa', address: fund.vpa ?? '' }
      : {
          kind: 'bank_account',
          holderName: (fund.accountName ?? vendor.legalName).slice(0, 120),
          ifsc: fund.ifsc ?? '',
          accountNumber: fund.accountNumber ?? '',
        },
  };
  const mode: PayoutMode = isVpa ? 'UPI' : minorOf(payout.amountMinor) <= IMPS_MAX_MINOR ? 'IMPS' : 'NEFT';
  if (fund.providerFundAccountId) return { fundAccountId: fund.providerFundAccountId, beneficiary, mode };
  const ref = await provider.registerBeneficiary(beneficiary);
  await db.vendorFundAccount.update({
    where: { id: fund.id },
    data: { providerContactId: ref.contactId, providerFundAccountId: ref.fundAccountId },
  });
  return { fundAccountId: ref.fundAccountId, beneficiary, mode };
}

/** "Settlement 2026 11 22": the week's last local day, the same on every attempt. */
async function narrationOf(db: Db, payout: Payout): Promise<string> {
  const run = await db.payoutRun.findUniqueOrThrow({ where: { id: payout.runId }, select: { weekId: true } });
  const [week, tenant] = await Promise.all([
    run.weekId ? db.settlementWeek.findUnique({ where: { id: run.weekId }, select: { weekEnd: true } }) : null,
    db.tenant.findUniqueOrThrow({ where: { id: payout.tenantId }, select: { timezone: true } }),
  ]);
  if (!week) return 'Settlement payout';
  return `Settlement ${localDate(tenant.timezone, week.weekEnd.getTime() - 1).replaceAll('-', ' ')}`;
}

const IN_FLIGHT: PayoutStatus[] = ['QUEUED', 'PENDING', 'PROCESSING'];

/**
 * Asks RazorpayX for payouts sent but still in flight after `staleAfterMs` with no news (a webhook
 * lost or never configured), and applies what it says the same way a webhook would.
 */
export async function pollInFlightPayouts({
  db,
  keyring,
  endpoints,
  staleAfterMs = 30 * 60_000,
  limit = 100,
  now = () => new Date(),
  onError,
}: {
  db: Db;
  keyring: CredentialKeyring | null;
  endpoints?: RailEndpoints;
  staleAfterMs?: number;
  limit?: number;
  now?: () => Date;
  onError?: (e: unknown, what: string) => void;
}): Promise<number> {
  const stale = await db.payout.findMany({
    where: {
      rail: 'RAZORPAYX',
      providerPayoutId: { not: null },
      status: { in: IN_FLIGHT },
      updatedAt: { lte: new Date(now().getTime() - staleAfterMs) },
    },
    orderBy: { updatedAt: 'asc' },
    take: limit,
  });
  let changed = 0;
  for (const tenantId of new Set(stale.map((p) => p.tenantId))) {
    const provider = await razorpayXForTenant({ db, tenantId, keyring, endpoints }).catch(() => null);
    if (!provider) continue;
    for (const payout of stale.filter((p) => p.tenantId === tenantId)) {
      try {
        const r = await provider.fetchPayout(payout.providerPayoutId!);
        const event = {
          providerEventId: `${r.providerPayoutId}:${r.status}`,
          providerPayoutId: r.providerPayoutId,
          reference: payout.id,
          status: r.status,
          amountMinor: r.amountMinor,
          utr: r.utr,
          failureReason: r.failureReason,
          raw: r.raw,
        };
        const n = await applyPayoutEvents({ db, tenantId, events: [event], source: 'razorpayx-poll', now: now() });
        // Touched either way, so an unchanged payout is asked again only after another quiet spell.
        if (n === 0) await db.payout.update({ where: { id: payout.id }, data: { updatedAt: now() } });
        changed += n;
      } catch (e) {
        onError?.(e, `payout ${payout.id}`);
      }
    }
  }
  return changed;
}
