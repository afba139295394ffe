import type { Account, JournalEntry, PostingLine } from './accounts.ts';
import { allocateProportionally, assertMinor, mulDivRoundHalfUp } from './money.ts';
import { OPERATOR_ONLY_TERMS, type FeeBearer, type SplitTerms } from './terms.ts';

// A settled session → its journal entries. Every figure is an integer; each rounding is named in
// the README and the remainder of the net revenue goes to the operator, so the parts always add up
// to the whole exactly.

/** The priced session's money, as the tariff engine's PricedSession carries it. */
export type PricedSessionFacts = {
  currency: string;
  /** Price before GST. */
  subtotalMinor: number;
  /** GST on the price. */
  taxMinor: number;
  /** subtotal + tax. */
  totalMinor: number;
  /** Part of the total a sponsor pays. */
  sponsorMinor: number;
  /** Part of the total the driver pays: total − sponsor. */
  driverMinor: number;
  /** Energy delivered, mWh. */
  energyMwh: number;
};

export type SessionToSplit = {
  id: string;
  /** The vendor whose site it is; null for the operator's own sites. */
  vendorId: string | null;
  siteId: string | null;
  priced: PricedSessionFacts;
};

/** The driver's captured payment for the session and what the gateway charged for it. */
export type PaymentFacts = {
  id: string;
  /** Captured amount; at least the driver's part. More (a prepayment) leaves the rest owed to the driver. */
  capturedMinor: number;
  /** The gateway's fee before GST. */
  gatewayFeeMinor: number;
  /** GST on the gateway's fee. */
  gatewayFeeTaxMinor: number;
};

export type SplitSessionInput = {
  session: SessionToSplit;
  /**
   * Null only when the driver owes nothing (a free or fully sponsored session), or when the
   * session is billed on account.
   */
  payment: PaymentFacts | null;
  /**
   * The driver's part is billed on account (an RFID or other id-token session with no payment):
   * it is owed on ON_ACCOUNT_RECEIVABLE instead of arriving through the gateway. No payment then.
   */
  onAccount?: boolean;
  /** The terms version active when the session started; ignored (operator-only) without a vendor. */
  terms: SplitTerms | null;
  /** When the session is settled (epoch ms): the entries' effectiveAt. */
  at: number;
};

/** Every figure of a split, enough to compute its refunds later (store it, or split again). */
export type SplitSummary = {
  sessionId: string;
  vendorId: string | null;
  siteId: string | null;
  currency: string;
  termsVersion: string;
  energyMwh: number;
  /** Total price incl. GST = driver + sponsor. */
  grossMinor: number;
  gstMinor: number;
  /** Net charging revenue: gross − GST. */
  netMinor: number;
  driverMinor: number;
  sponsorMinor: number;
  capturedMinor: number;
  /** The driver's part billed on account (0 for a paid session). */
  onAccountMinor: number;
  /** Captured beyond the driver's part, owed back to the driver. */
  unappliedMinor: number;
  /** Vendor's share of the net revenue (percentage part + per-kWh part). */
  vendorShareMinor: number;
  vendorShareBpsPartMinor: number;
  vendorShareKwhPartMinor: number;
  /** Net revenue − vendor share (may be negative when a per-kWh share exceeds the price). */
  operatorShareMinor: number;
  platformFeeMinor: number;
  platformFeeVendorMinor: number;
  gatewayFeeMinor: number;
  gatewayFeeTaxMinor: number;
  gatewayFeeVendorMinor: number;
};

export type SessionSplit = { entries: JournalEntry[]; summary: SplitSummary };

/** Splits `fee` into [vendor part, operator part] by who bears it. */
export function bearFee(fee: number, bearer: FeeBearer, vendorShare: number, operatorShare: number): [number, number] {
  if (fee === 0 || bearer === 'OPERATOR') return [0, fee];
  if (bearer === 'VENDOR') return [fee, 0];
  const weights = [Math.max(vendorShare, 0), Math.max(operatorShare, 0)];
  if (weights[0]! + weights[1]! === 0) return [0, fee];
  const [v, o] = allocateProportionally(fee, weights) as [number, number];
  return [v, o];
}

export function line(account: Account, amountMinor: number, currency: string): PostingLine {
  return { account, amountMinor: amountMinor + 0, currency }; // + 0: never a -0
}

export function splitSession(input: SplitSessionInput): SessionSplit {
  const { session, payment, at } = input;
  const p = session.priced;
  const cur = p.currency;
  for (const [k, v] of Object.entries(p)) if (k !== 'currency') assertMinor(`priced.${k}`, v as number);
  if (p.subtotalMinor + p.taxMinor !== p.totalMinor) throw new RangeError('priced: subtotal + tax must equal total');
  if (p.sponsorMinor + p.driverMinor !== p.totalMinor)
    throw new RangeError('priced: sponsor + driver must equal total');
  const onAccount = input.onAccount === true;
  if (onAccount && payment) throw new RangeError(`session ${session.id}: billed on account, yet paid by ${payment.id}`);
  if (payment) {
    assertMinor('payment.capturedMinor', payment.capturedMinor);
    assertMinor('payment.gatewayFeeMinor', payment.gatewayFeeMinor);
    assertMinor('payment.gatewayFeeTaxMinor', payment.gatewayFeeTaxMinor);
    if (payment.capturedMinor < p.driverMinor) {
      throw new RangeError(
        `payment ${payment.id} captured ${payment.capturedMinor}, less than the driver's ${p.driverMinor}`,
      );
    }
  } else if (p.driverMinor > 0 && !onAccount) {
    throw new RangeError(`session ${session.id}: the driver owes ${p.driverMinor} but there is no payment`);
  }

  const vendorId = session.vendorId;
  const terms = vendorId === null ? OPERATOR_ONLY_TERMS : (input.terms ?? OPERATOR_ONLY_TERMS);
  const N = p.subtotalMinor;
  const G = p.taxMinor;
  const T = p.totalMinor;
  const S = p.sponsorMinor;
  const D = p.driverMinor;

  const shareBase = terms.sponsorHandling === 'OPERATOR_KEEPS' && T > 0 ? N - mulDivRoundHalfUp(N, S, T) : N;
  const vBps = mulDivRoundHalfUp(shareBase, terms.vendorShareBps, 10_000);
  const vKwh = mulDivRoundHalfUp(p.energyMwh, terms.landOwnerMinorPerKwh, 1_000_000);
  const v = vendorId === null ? 0 : vBps + vKwh;
  const o = N - v;
  const pf = mulDivRoundHalfUp(N, terms.platformFee.bps, 10_000) + terms.platformFee.fixedMinor;
  const [pfVendor, pfOperator] = vendorId === null ? [0, pf] : bearFee(pf, terms.platformFee.bearer, v, o);
  const fee = payment?.gatewayFeeMinor ?? 0;
  const feeTax = payment?.gatewayFeeTaxMinor ?? 0;
  const [feeVendor] = vendorId === null ? [0] : bearFee(fee, terms.gatewayFeeBearer, v, o);
  const captured = payment?.capturedMinor ?? 0;

  const dims = { effectiveAt: at, vendorId, siteId: session.siteId, sessionId: session.id };
  const memo = `session ${session.id} (terms ${terms.version})`;
  const vendorAcc: Account | null = vendorId === null ? null : { kind: 'VENDOR_PAYABLE', vendorId };
  const entries: JournalEntry[] = [];
  const push = (
    kind: JournalEntry['source']['kind'],
    id: string,
    lines: PostingLine[],
    extra?: Partial<JournalEntry>,
  ) => {
    entries.push({ source: { kind, id }, ...dims, memo, lines: lines.filter((l) => l.amountMinor !== 0), ...extra });
  };

  if (payment && captured > 0) {
    push('DRIVER_PAYMENT', payment.id, [
      line({ kind: 'GATEWAY_CLEARING' }, captured, cur),
      line({ kind: 'SESSION_REVENUE' }, -D, cur),
      line({ kind: 'DRIVER_BALANCE' }, -(captured - D), cur),
    ]);
  }
  if (onAccount && D > 0) {
    push('ON_ACCOUNT_CHARGE', session.id, [
      line({ kind: 'ON_ACCOUNT_RECEIVABLE' }, D, cur),
      line({ kind: 'SESSION_REVENUE' }, -D, cur),
    ]);
  }
  if (S > 0) {
    push('SPONSOR_SHARE', session.id, [
      line({ kind: 'SPONSOR_RECEIVABLE' }, S, cur),
      line({ kind: 'SESSION_REVENUE' }, -S, cur),
    ]);
  }
  if (G > 0) {
    push('GST_ON_CHARGING', session.id, [
      line({ kind: 'SESSION_REVENUE' }, G, cur),
      line({ kind: 'GST_OUTPUT' }, -G, cur),
    ]);
  }
  if (vendorAcc && v !== 0) {
    push('VENDOR_SHARE', session.id, [line({ kind: 'SESSION_REVENUE' }, v, cur), line(vendorAcc, -v, cur)]);
  }
  // Always posted, even at zero: it carries the session's count and energy for the statements.
  entries.push({
    source: { kind: 'OPERATOR_SHARE', id: session.id },
    ...dims,
    memo,
    lines: [line({ kind: 'SESSION_REVENUE' }, o, cur), line({ kind: 'OPERATOR_REVENUE' }, -o, cur)],
    session: { sessionId: session.id, energyMwh: p.energyMwh },
  });
  if (pf > 0) {
    push('PLATFORM_FEE', session.id, [
      ...(vendorAcc ? [line(vendorAcc, pfVendor, cur)] : []),
      line({ kind: 'OPERATOR_REVENUE' }, pfOperator, cur),
      line({ kind: 'PLATFORM_FEES' }, -pf, cur),
    ]);
  }
  if (payment && fee + feeTax > 0) {
    push('GATEWAY_FEE', payment.id, [
      line({ kind: 'GATEWAY_FEES_EXPENSE' }, fee - feeVendor, cur),
      line({ kind: 'GST_INPUT' }, feeTax, cur),
      ...(vendorAcc ? [line(vendorAcc, feeVendor, cur)] : []),
      line({ kind: 'GATEWAY_CLEARING' }, -(fee + feeTax), cur),
    ]);
  }

  return {
    entries,
    summary: {
      sessionId: session.id,
      vendorId,
      siteId: session.siteId,
      currency: cur,
      termsVersion: terms.version,
      energyMwh: p.energyMwh,
      grossMinor: T,
      gstMinor: G,
      netMinor: N,
      driverMinor: D,
      sponsorMinor: S,
      capturedMinor: captured,
      onAccountMinor: onAccount ? D : 0,
      unappliedMinor: captured - D,
      vendorShareMinor: v,
      vendorShareBpsPartMinor: vendorId === null ? 0 : vBps,
      vendorShareKwhPartMinor: vendorId === null ? 0 : vKwh,
      operatorShareMinor: o,
      platformFeeMinor: pf,
      platformFeeVendorMinor: pfVendor,
      gatewayFeeMinor: fee,
      gatewayFeeTaxMinor: feeTax,
      gatewayFeeVendorMinor: feeVendor,
    },
  };
}
