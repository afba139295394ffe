import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { anyPaidSession, anyTerms, NEXT_WEEK, WEEK } from '../test/builders.ts';
import { balances, isBalanced, type JournalEntry } from './accounts.ts';
import { closeWeek, type WeekClose } from './close-week.ts';
import { adjustment, payoutSent, refundFailed, refundSession, refundUnapplied, writeOff } from './movements.ts';
import { splitSession, type SplitSummary } from './split-session.ts';
import { DEFAULT_TAX_RULES, parseTaxRules, type TaxRules } from './tax.ts';

const RUNS = { numRuns: 150 };
const VENDORS = new Map([
  ['v1', { pan: 'ABCPE1234F' }],
  ['v2', { pan: null }],
  ['v3', { pan: 'AAACB2222Q', tdsExempt: true }],
]);
const taxRulesArb: fc.Arbitrary<TaxRules> = fc
  .record({ tcs: fc.boolean(), tdsBase: fc.constantFrom('NET_REVENUE' as const, 'VENDOR_SHARE' as const) })
  .map((r) => parseTaxRules({ tds: { base: r.tdsBase }, tcs: { enabled: r.tcs } }));

/** Sessions settled across the week, some refunded (in parts, some after the week), some prepaid in excess. */
const anyWorld = fc
  .array(
    fc.record({
      s: anyPaidSession,
      terms: anyTerms,
      at: fc.integer({ min: WEEK.start, max: WEEK.end - 1 }),
      /** `fails`: accepted and posted, then failed at the gateway (its entry undone). */
      refunds: fc.array(
        fc.record({ fraction: fc.integer({ min: 1, max: 10_000 }), late: fc.boolean(), fails: fc.boolean() }),
        { maxLength: 3 },
      ),
      refundExcess: fc.boolean(),
      /** Billed on account (an RFID card's session): no payment, no gateway refunds. */
      onAccount: fc.boolean(),
    }),
    { minLength: 1, maxLength: 25 },
  )
  .map((rows) => {
    const entries: JournalEntry[] = [];
    const splits: SplitSummary[] = [];
    let refunded = 0;
    rows.forEach((row, i) => {
      const sessionId = `s${i}`;
      const onAccount = row.onAccount && row.s.priced.driverMinor > 0;
      const { entries: es, summary } = splitSession({
        session: { id: sessionId, vendorId: row.s.vendorId, siteId: row.s.siteId, priced: row.s.priced },
        payment: row.s.payment && !onAccount ? { id: `p${i}`, ...row.s.payment } : null,
        onAccount,
        terms: row.terms,
        at: row.at,
      });
      entries.push(...es);
      splits.push(summary);
      if (onAccount) return;
      let before = 0;
      row.refunds.forEach((r, j) => {
        const left = summary.driverMinor - before;
        const amount = Math.floor((left * r.fraction) / 10_000);
        if (amount <= 0) return;
        const at = r.late ? NEXT_WEEK.start + j : Math.min(row.at + 1 + j, WEEK.end - 1);
        const refund = refundSession({
          split: summary,
          refund: { id: `r${i}.${j}`, amountMinor: amount, at },
          refundedBeforeMinor: before,
        });
        entries.push(refund);
        if (r.fails) entries.push(refundFailed(refund, at));
        else before += amount;
      });
      refunded += before;
      if (row.refundExcess && summary.unappliedMinor > 0) {
        entries.push(
          refundUnapplied({ id: `u${i}`, amountMinor: summary.unappliedMinor, currency: 'INR', at: row.at + 1 }),
        );
        refunded += summary.unappliedMinor;
      }
    });
    return { entries, splits, refunded };
  });

function close(
  entries: Iterable<JournalEntry>,
  taxRules: TaxRules = DEFAULT_TAX_RULES,
  carry = new Map<string, number>(),
): WeekClose {
  return closeWeek({ week: WEEK, currency: 'INR', taxRules, vendors: VENDORS, entries, openingCarry: carry });
}

const bal = (b: Map<string, number>, key: string) => b.get(`${key}|INR`) ?? 0;
/** Balances without the accounts that came back to zero. */
const nonZero = (b: Map<string, number>) => new Map([...b].filter(([, v]) => v !== 0));
/** Negation without a -0 (toBe compares with Object.is). */
const neg = (n: number) => 0 - n;
const sumPrefix = (b: Map<string, number>, prefix: string) =>
  [...b].filter(([k]) => k.startsWith(prefix)).reduce((s, [, v]) => s + v, 0);

describe('ledger properties', { timeout: 30_000 }, () => {
  it('every entry balances, and a session’s revenue account nets to zero', () => {
    fc.assert(
      fc.property(anyWorld, taxRulesArb, ({ entries, splits }, rules) => {
        const closing = close(entries, rules);
        const all = [...entries, ...closing.entries];
        expect(all.filter((e) => !isBalanced(e) || e.lines.some((l) => !Number.isSafeInteger(l.amountMinor)))).toEqual(
          [],
        );
        for (const s of splits) {
          const own = entries.filter((e) => e.sessionId === s.sessionId && e.source.kind !== 'REFUND');
          expect(bal(balances(own), 'SESSION_REVENUE')).toBe(0);
          expect(s.vendorShareMinor + s.operatorShareMinor).toBe(s.netMinor);
          expect(s.netMinor + s.gstMinor).toBe(s.grossMinor);
        }
      }),
      RUNS,
    );
  });

  it('driver payments + on-account charges + sponsors = vendor shares + operator share + platform fees + taxes + gateway fees + refunds + unrefunded excess, to the paisa', () => {
    fc.assert(
      fc.property(anyWorld, taxRulesArb, ({ entries, splits, refunded }, rules) => {
        const closing = close(entries, rules);
        const b = balances([...entries, ...closing.entries]);
        const paid = splits.reduce((s, x) => s + x.capturedMinor, 0);
        const sponsored = splits.reduce((s, x) => s + x.sponsorMinor, 0);
        const onAccount = splits.reduce((s, x) => s + x.onAccountMinor, 0);
        const vendors = neg(sumPrefix(b, 'VENDOR_PAYABLE:'));
        // The operator's share is net of the gateway fees (and their GST) it bears; the fees are counted once, as fees.
        const operator = neg(bal(b, 'OPERATOR_REVENUE')) - bal(b, 'GATEWAY_FEES_EXPENSE') - bal(b, 'GST_INPUT');
        const platform = neg(bal(b, 'PLATFORM_FEES'));
        const taxes = neg(bal(b, 'GST_OUTPUT')) - bal(b, 'TDS_PAYABLE') - bal(b, 'TCS_PAYABLE');
        const gatewayFees = splits.reduce((s, x) => s + x.gatewayFeeMinor + x.gatewayFeeTaxMinor, 0);
        const owedToDrivers = neg(bal(b, 'DRIVER_BALANCE'));
        expect(paid + onAccount + sponsored).toBe(
          vendors + operator + platform + taxes + gatewayFees + refunded + owedToDrivers,
        );
        // And each side ties to what the inputs say.
        expect(bal(b, 'SPONSOR_RECEIVABLE')).toBe(sponsored);
        expect(bal(b, 'ON_ACCOUNT_RECEIVABLE')).toBe(onAccount);
        expect(bal(b, 'GATEWAY_CLEARING')).toBe(
          paid - refunded - splits.reduce((s, x) => s + x.gatewayFeeMinor + x.gatewayFeeTaxMinor, 0),
        );
        expect(bal(b, 'SESSION_REVENUE')).toBe(0);
      }),
      RUNS,
    );
  });

  it('the statement of each vendor is the sum of its postings, and the week totals tie to the sessions', () => {
    fc.assert(
      fc.property(anyWorld, taxRulesArb, ({ entries, splits }, rules) => {
        const closing = close(entries, rules);
        const inWeek = [...entries, ...closing.entries].filter(
          (e) => e.effectiveAt >= WEEK.start && e.effectiveAt < WEEK.end,
        );
        const b = balances(inWeek);
        for (const v of closing.vendors) {
          if (v.vendorId === null) continue;
          expect(v.movementMinor).toBe(neg(bal(b, `VENDOR_PAYABLE:${v.vendorId}`)));
          expect(v.sites.reduce((s, x) => s + x.movementMinor, 0)).toBe(v.movementMinor);
          expect(v.closingMinor).toBe(v.netPayableMinor + v.carryForwardMinor);
          expect(v.netPayableMinor).toBeGreaterThanOrEqual(0);
          // Withholding is never negative and never more than the top rate (5%) of the week's base
          // plus the rounding to the rupee (50 paise).
          const base = rules.tds.base === 'NET_REVENUE' ? v.netRevenueMinor : v.vendorShareMinor - v.vendorRefundsMinor;
          expect(v.tdsMinor).toBeGreaterThanOrEqual(0);
          expect(v.tdsMinor).toBeLessThanOrEqual(Math.max(0, (base * 500) / 10_000) + 50);
          expect(v.tcsMinor).toBeGreaterThanOrEqual(0);
        }
        expect(closing.totals.sessions).toBe(splits.length);
        expect(closing.totals.grossCollectedMinor).toBe(splits.reduce((s, x) => s + x.grossMinor, 0));
        expect(closing.totals.gstMinor - closing.totals.refundedGstMinor).toBe(neg(bal(b, 'GST_OUTPUT')));
        expect(closing.totals.tdsMinor).toBe(neg(bal(b, 'TDS_PAYABLE')));
      }),
      RUNS,
    );
  });

  it('closing a week twice, or with its entries in any order, gives the identical statement', () => {
    fc.assert(
      fc.property(anyWorld, taxRulesArb, fc.infiniteStream(fc.nat()), ({ entries }, rules, rnd) => {
        const first = close(entries, rules);
        const shuffled = [...entries, ...first.entries]
          .map((e) => ({ e, k: rnd.next().value }))
          .sort((a, b) => a.k - b.k)
          .map((x) => x.e);
        const again = close(shuffled, rules);
        expect(again.vendors).toEqual(first.vendors);
        expect(again.entries).toEqual(first.entries);
        expect(again.totals).toEqual(first.totals);
        expect(again.skippedOwnEntries).toBe(first.entries.length);
      }),
      RUNS,
    );
  });

  it('partial refunds reverse exactly what one refund of their sum reverses', () => {
    fc.assert(
      fc.property(
        anyPaidSession,
        anyTerms,
        fc.array(fc.integer({ min: 1, max: 10_000 }), { minLength: 2, maxLength: 5 }),
        (s, t, parts) => {
          const { summary } = splitSession({
            session: { id: 's', vendorId: 'v1', siteId: null, priced: s.priced },
            payment: s.payment ? { id: 'p', ...s.payment } : null,
            terms: t,
            at: WEEK.start,
          });
          let before = 0;
          const pieces: JournalEntry[] = [];
          for (const [i, f] of parts.entries()) {
            const amount = Math.floor(((summary.driverMinor - before) * f) / 10_000);
            if (amount <= 0) continue;
            pieces.push(
              refundSession({
                split: summary,
                refund: { id: `r${i}`, amountMinor: amount, at: WEEK.start },
                refundedBeforeMinor: before,
              }),
            );
            before += amount;
          }
          if (before === 0) return;
          const whole = refundSession({
            split: summary,
            refund: { id: 'all', amountMinor: before, at: WEEK.start },
            refundedBeforeMinor: 0,
          });
          expect(nonZero(balances(pieces))).toEqual(nonZero(balances([whole])));
        },
      ),
      RUNS,
    );
  });

  it('a refund after payout carries into the next week; what is paid plus what carries is what was earned', () => {
    fc.assert(
      fc.property(
        anyPaidSession,
        anyTerms,
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 0, max: 5_000 }),
        (s, t, fraction, charge) => {
          const { entries, summary } = splitSession({
            session: { id: 's', vendorId: 'v1', siteId: 'a', priced: s.priced },
            payment: s.payment ? { id: 'p', ...s.payment } : null,
            terms: t,
            at: WEEK.start + 1000,
          });
          const w1 = close(entries);
          const v1 = w1.vendors.find((v) => v.vendorId === 'v1');
          const paid = v1?.netPayableMinor ?? 0;
          const later: JournalEntry[] = [];
          if (paid > 0)
            later.push(
              payoutSent({
                payoutId: 'po1',
                vendorId: 'v1',
                amountMinor: paid,
                currency: 'INR',
                at: NEXT_WEEK.start + 10,
              }),
            );
          const amount = Math.floor((summary.driverMinor * fraction) / 10_000);
          if (amount > 0)
            later.push(
              refundSession({
                split: summary,
                refund: { id: 'r', amountMinor: amount, at: NEXT_WEEK.start + 20 },
                refundedBeforeMinor: 0,
              }),
            );
          if (charge > 0) {
            later.push(
              adjustment({
                id: 'adj',
                at: NEXT_WEEK.start + 30,
                currency: 'INR',
                amountMinor: charge,
                debit: { kind: 'VENDOR_PAYABLE', vendorId: 'v1' },
                credit: { kind: 'OPERATOR_REVENUE' },
                memo: 'charge',
              }),
            );
          }
          const w2 = closeWeek({
            week: NEXT_WEEK,
            currency: 'INR',
            taxRules: DEFAULT_TAX_RULES,
            vendors: VENDORS,
            entries: [...entries, ...w1.entries, ...later],
            openingCarry: new Map([['v1', v1?.carryForwardMinor ?? 0]]),
          });
          const s2 = w2.vendors.find((v) => v.vendorId === 'v1');
          // The refund lands in week 2, not week 1.
          expect(w1.totals.refundsMinor).toBe(0);
          expect(w2.totals.refundsMinor).toBe(amount);
          expect(s2?.payoutsSentMinor ?? 0).toBe(paid);
          const earned = (v1?.movementMinor ?? 0) + (s2?.movementMinor ?? 0);
          expect(paid + (s2?.netPayableMinor ?? 0) + (s2?.carryForwardMinor ?? 0)).toBe(earned);
          // Nothing is clawed back: a week that ends below zero pays nothing and carries it all.
          if (s2 && s2.closingMinor < 0) {
            expect(s2.netPayableMinor).toBe(0);
            expect(s2.carryForwardMinor).toBe(s2.closingMinor);
          }
          // The vendor's payable account agrees: what it still owes is the carry plus the unpaid payable.
          const b = balances([...entries, ...w1.entries, ...later, ...w2.entries]);
          expect(neg(bal(b, 'VENDOR_PAYABLE:v1'))).toBe((s2?.netPayableMinor ?? 0) + (s2?.carryForwardMinor ?? 0));
        },
      ),
      RUNS,
    );
  });

  it('a write-off clears a negative vendor balance against suspense', () => {
    const e = writeOff({
      id: 'w',
      at: WEEK.start,
      currency: 'INR',
      account: { kind: 'VENDOR_PAYABLE', vendorId: 'v1' },
      balanceMinor: 500,
      memo: 'uncollectable',
    });
    expect(balances([e])).toEqual(
      new Map([
        ['VENDOR_PAYABLE:v1|INR', -500],
        ['SUSPENSE|INR', 500],
      ]),
    );
  });
});
