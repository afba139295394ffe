import { z } from 'zod';
import { GatewayFeeBearer, SettlementWeekStatus } from '@magma/db';
import { dateTime, minor, pageOutput } from './common.ts';
import { csvFileOutput } from './settlements.ts';

// Settlements, the ledger and payouts: what the Settlements (operator) and Earnings (vendor) pages
// read. Amounts are integer minor units (paise); a 64-bit ledger amount leaves REST as a JSON integer.

const int = () => z.number().int();

const figures = {
  sessions: int(),
  grossMinor: int(),
  gstMinor: int(),
  gatewayFeeMinor: int(),
  platformFeeMinor: int(),
  vendorShareMinor: int(),
  tdsMinor: int(),
  tcsMinor: int(),
  refundsMinor: int(),
  adjustmentsMinor: int(),
  weekNetMinor: int(),
  netPayableMinor: int(),
};
const weekTotals = z.object({ ...figures, energyWh: z.number() });

export const settlementWeekRow = z.object({
  id: z.string(),
  weekStart: dateTime,
  weekEnd: dateTime,
  status: z.enum(SettlementWeekStatus),
  closedAt: dateTime.nullable(),
  vendors: int(),
  totals: weekTotals,
});
export const settlementWeeksOutput = z.array(settlementWeekRow);

const statementFigures = {
  id: z.string(),
  tenantId: z.string(),
  weekId: z.string(),
  vendorId: z.string(),
  siteKey: z.string(),
  createdAt: dateTime,
  energyWh: z.number(),
  sessions: int(),
  grossMinor: minor,
  gstMinor: minor,
  gatewayFeeMinor: minor,
  platformFeeMinor: minor,
  vendorShareMinor: minor,
  tdsMinor: minor,
  tcsMinor: minor,
  refundsMinor: minor,
  adjustmentsMinor: minor,
  weekNetMinor: minor,
  openingMinor: minor,
  netPayableMinor: minor,
};

export const settlementWeekOutput = z.object({
  week: z.object({
    id: z.string(),
    tenantId: z.string(),
    status: z.enum(SettlementWeekStatus),
    weekStart: dateTime,
    weekEnd: dateTime,
    createdAt: dateTime,
    closedAt: dateTime.nullable(),
    closedById: z.string().nullable(),
  }),
  vendors: z.array(
    z.object({
      ...statementFigures,
      vendorName: z.string(),
      sites: z.array(z.object({ ...statementFigures, siteName: z.string() })),
    }),
  ),
  totals: weekTotals,
});

export const weekSoFarOutput = z.object({
  weekStart: dateTime,
  weekEnd: dateTime,
  vendors: z.array(
    z.object({
      vendorId: z.string(),
      vendorName: z.string(),
      sessions: int(),
      energyWh: z.number(),
      grossMinor: int(),
      vendorShareMinor: int(),
      tdsMinor: int(),
      tcsMinor: int(),
      refundsMinor: int(),
      weekNetMinor: int(),
    }),
  ),
});

export const closeWeekOutput = z.object({
  weekId: z.string(),
  weekStart: dateTime,
  weekEnd: dateTime,
  closedNow: z.boolean(),
  postedSessions: int(),
  statements: int(),
});

export const splitTermsOutput = z.object({
  id: z.string(),
  tenantId: z.string(),
  vendorId: z.string(),
  siteId: z.string().nullable(),
  version: int(),
  createdAt: dateTime,
  createdById: z.string().nullable(),
  effectiveFrom: dateTime,
  vendorShareBps: int().meta({ example: 7000 }),
  vendorPerKwhMinor: int(),
  platformFeeBps: int(),
  platformFeeFixedMinor: int(),
  gatewayFeeBearer: z.enum(GatewayFeeBearer),
  platformFeeBearer: z.enum(GatewayFeeBearer),
  sponsorShared: z.boolean(),
});
export const splitTermsListOutput = z.array(splitTermsOutput);

export const settlementConfigOutput = z.object({
  tenantId: z.string(),
  updatedAt: dateTime,
  cutoffWeekday: int(),
  cutoffMinute: int(),
  tcsEnabled: z.boolean(),
  payoutRail: z.string(),
});

export const taxRateOutput = z.object({
  id: z.string(),
  tenantId: z.string(),
  kind: z.string(),
  createdAt: dateTime,
  createdById: z.string().nullable(),
  effectiveFrom: dateTime,
  rateCentiBps: int(),
  enabled: z.boolean(),
});

const rateFrom = z.object({ from: z.string(), bps: int() });
const taxBase = z.enum(['NET_REVENUE', 'VENDOR_SHARE']);

export const settlementSettingsOutput = z.object({
  config: settlementConfigOutput.nullable(),
  rates: z.array(taxRateOutput),
  week: z.object({ timeZone: z.string(), closeDay: int(), cutoff: z.string() }),
  taxRules: z.object({
    tds: z.object({
      enabled: z.boolean(),
      withPan: z.array(rateFrom),
      withoutPan: z.array(rateFrom),
      base: taxBase,
      roundToMinor: int(),
    }),
    tcs: z.object({ enabled: z.boolean(), rates: z.array(rateFrom), base: taxBase, roundToMinor: int() }),
  }),
  payoutRail: z.string(),
});

// ---- ledger
const journalEntry = z.object({
  id: z.string(),
  sourceKind: z.string(),
  sourceId: z.string(),
  purpose: z.string(),
  vendorId: z.string().nullable(),
  siteId: z.string().nullable(),
  transactionId: z.string().nullable(),
  memo: z.string().nullable(),
  occurredAt: dateTime,
  bookedAt: dateTime,
  lines: z.array(z.object({ account: z.string(), accountName: z.string(), amountMinor: minor })),
});
export const journalEntriesOutput = z.object({ entries: z.array(journalEntry), nextCursor: z.string().nullable() });
export const journalPageOutput = pageOutput(journalEntry);

export const ledgerBalancesOutput = z.array(
  z.object({
    id: z.string(),
    code: z.string(),
    kind: z.string(),
    name: z.string(),
    vendorId: z.string().nullable(),
    balanceMinor: minor,
  }),
);

// ---- payouts
const payoutFields = {
  id: z.string(),
  vendorId: z
    .string()
    .nullable()
    .meta({ description: 'Null: a Razorpay Route transfer of the operator’s own share to its linked account' }),
  runId: z.string(),
  currency: z.string(),
  amountMinor: int(),
  status: z.string().meta({ example: 'PAID' }),
  rail: z.string().meta({ example: 'OFFLINE' }),
  utr: z.string().nullable(),
  failureReason: z.string().nullable(),
  createdAt: dateTime,
  updatedAt: dateTime,
};
const payoutRecord = z.object({
  ...payoutFields,
  tenantId: z.string(),
  fundAccountId: z.string().nullable(),
  idempotencyKey: z.string(),
  providerPayoutId: z.string().nullable(),
});

export const payoutListOutput = z.array(z.object(payoutFields));
export const payoutPageOutput = pageOutput(z.object(payoutFields)).extend({
  hasPrevious: z.boolean().meta({ description: 'Whether a page comes before this one' }),
  previousCursor: z
    .string()
    .nullable()
    .meta({ description: 'The previous page’s cursor; null when that page is the first (fetch it without a cursor)' }),
});
export const payoutTotalsOutput = z.object({ payouts: int(), amountMinor: int() });

export const payoutRunsOutput = z.array(
  z.object({
    id: z.string(),
    tenantId: z.string(),
    weekId: z.string().nullable(),
    rail: z.string(),
    status: z.string(),
    createdById: z.string().nullable(),
    createdAt: dateTime,
    updatedAt: dateTime,
    payouts: z.array(
      payoutRecord.extend({
        events: z.array(
          z.object({
            id: z.string(),
            tenantId: z.string(),
            payoutId: z.string(),
            status: z.string(),
            source: z.string(),
            reason: z.string().nullable(),
            utr: z.string().nullable(),
            receivedAt: dateTime,
          }),
        ),
      }),
    ),
  }),
);

const routeShortfall = z.object({
  vendorId: z.string().nullable().meta({ description: 'Null: the operator’s own share' }),
  name: z.string(),
  payableMinor: int(),
  transferredMinor: int(),
  shortMinor: int(),
});

export const payoutRunCreatedOutput = z.object({
  runId: z.string(),
  rail: z.string(),
  created: int(),
  skippedNoBank: z.array(z.string()).meta({ description: 'Vendors without bank details: no payout made' }),
  shortfalls: z.array(routeShortfall).meta({
    description:
      'Razorpay Route: payees whose payable the captured payments could not cover; the short amount stays owed and the next run pays it',
  }),
});

export const payoutRunOutput = z.object({
  id: z.string(),
  weekId: z.string().nullable(),
  rail: z.string(),
  status: z.string(),
  createdAt: dateTime,
  updatedAt: dateTime,
  shortfalls: z.array(routeShortfall),
  shortMinor: int().meta({ description: 'The shortfalls added up' }),
  reversals: z.array(
    z.object({
      id: z.string(),
      payoutId: z.string(),
      vendorId: z.string(),
      refundId: z.string(),
      amountMinor: int(),
      status: z.enum(['PENDING', 'REVERSED', 'CARRIED']).meta({
        description:
          'REVERSED: taken back from the Route transfer; CARRIED: the transfer was settled (or the reversal refused), so the next statement takes the refund’s share',
      }),
      providerReversalId: z.string().nullable(),
      note: z.string().nullable(),
      createdAt: dateTime,
      updatedAt: dateTime,
    }),
  ),
});

export const markPayoutOutput = z.object({ changed: z.boolean(), payout: payoutRecord });

export const reconcileBankFileOutput = z.object({
  runId: z.uuid(),
  rows: z.number().int().meta({ description: 'Data rows read from the file' }),
  applied: z
    .array(z.object({ payoutId: z.uuid(), status: z.string(), utr: z.string().nullable() }))
    .meta({ description: 'Payouts this upload moved (paid with the UTR, or failed: the money is the vendor’s again)' }),
  alreadyApplied: z.number().int().meta({ description: 'Rows already recorded by an earlier upload or by hand' }),
  problems: z
    .array(
      z.object({
        line: z.number().int().nullable().meta({ description: 'Line in the file (the header is 1)' }),
        reference: z.string().nullable(),
        message: z.string(),
      }),
    )
    .meta({
      description: 'Rows not applied: unknown reference, another amount, unreadable, or contradicting the payout',
    }),
});

export { csvFileOutput };
