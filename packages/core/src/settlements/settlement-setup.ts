import { z } from 'zod';
import type { Db } from '@magma/db';
import { DEFAULT_TAX_RULES, localDate, type RateTable, type TaxRules, type WeekConfig } from '@magma/ledger';
import { AppError } from '../errors/app-error.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { Tx } from '../ledger/ledger-accounts.ts';
import { scopedDb } from '../tenancy/scoped-db.ts';
import { assertAdmin, type Scope } from '../tenancy/scope.ts';
import { assertRouteEligible } from '../payouts/razorpay-route-payouts.ts';

// A tenant's settlement settings: when its weeks close (weekday and cut-off in its time zone),
// whether GST TCS applies, the payout rail, and the TDS / TCS rates with their effective dates.

export const TAX_RATE_KINDS = ['TDS_194O', 'TDS_194O_NO_PAN', 'TCS_52'] as const;
export type TaxRateKind = (typeof TAX_RATE_KINDS)[number];

export type SettlementSetup = {
  tenantId: string;
  currency: string;
  timeZone: string;
  week: WeekConfig;
  taxRules: TaxRules;
  payoutRail: string;
};

const hhmm = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** The tenant's settings as the pure package takes them (defaults where nothing is set). */
export async function settlementSetup(db: Db | Tx, tenantId: string): Promise<SettlementSetup> {
  const tenant = await db.tenant.findUniqueOrThrow({
    where: { id: tenantId },
    select: { timezone: true, currency: true },
  });
  const config = await db.settlementConfig.findUnique({ where: { tenantId } });
  const rates = await db.taxRateSetting.findMany({ where: { tenantId }, orderBy: { effectiveFrom: 'asc' } });
  const table = (kind: TaxRateKind, fallback: RateTable): RateTable => {
    const rows = rates.filter((r) => r.kind === kind);
    if (rows.length === 0) return fallback;
    // One rate per local date: the latest setting for a date wins.
    const byDate = new Map<string, number>();
    for (const r of rows)
      byDate.set(localDate(tenant.timezone, r.effectiveFrom.getTime()), r.enabled ? r.rateCentiBps / 100 : 0);
    return [...byDate].sort(([a], [b]) => (a < b ? -1 : 1)).map(([from, bps]) => ({ from, bps }));
  };
  const d = DEFAULT_TAX_RULES;
  return {
    tenantId,
    currency: tenant.currency,
    timeZone: tenant.timezone,
    week: {
      timeZone: tenant.timezone,
      closeDay: config ? (config.cutoffWeekday === 0 ? 7 : config.cutoffWeekday) : 1,
      cutoff: hhmm(config?.cutoffMinute ?? 0),
    },
    taxRules: {
      tds: {
        ...d.tds,
        withPan: table('TDS_194O', d.tds.withPan),
        withoutPan: table('TDS_194O_NO_PAN', d.tds.withoutPan),
      },
      tcs: { ...d.tcs, enabled: config?.tcsEnabled ?? false, rates: table('TCS_52', d.tcs.rates) },
    },
    payoutRail: config?.payoutRail ?? 'OFFLINE',
  };
}

export const settlementConfigInput = z
  .object({
    cutoffWeekday: z.number().int().min(0).max(6),
    cutoffMinute: z.number().int().min(0).max(1439),
    tcsEnabled: z.boolean(),
    payoutRail: z.enum(['OFFLINE', 'RAZORPAYX', 'RAZORPAY_ROUTE']),
  })
  .partial()
  .strict();

export async function updateSettlementConfig({
  db,
  scope,
  input,
}: {
  db: Db;
  scope: Scope;
  input: z.input<typeof settlementConfigInput>;
}) {
  assertAdmin(scope);
  const patch = settlementConfigInput.parse(input);
  if (patch.payoutRail === 'RAZORPAY_ROUTE') await assertRouteEligible(db, scope.tenantId);
  return scopedDb(db, scope).$transaction(async (tx) => {
    const current = await tx.settlementConfig.findFirst({ select: { cutoffWeekday: true, cutoffMinute: true } });
    const moves =
      (patch.cutoffWeekday !== undefined && patch.cutoffWeekday !== (current?.cutoffWeekday ?? 1)) ||
      (patch.cutoffMinute !== undefined && patch.cutoffMinute !== (current?.cutoffMinute ?? 0));
    // Weeks are cut from the last closed one on: a new cut-off would make the next week overlap it
    // and count its postings twice.
    if (moves && (await tx.settlementWeek.findFirst({ where: { status: { not: 'OPEN' } }, select: { id: true } }))) {
      throw new AppError('CONFLICT', 'The week cut-off cannot change once a week has closed');
    }
    const row = await tx.settlementConfig.upsert({
      where: { tenantId: scope.tenantId },
      create: { tenantId: scope.tenantId, ...patch },
      update: patch,
    });
    await recordAudit(tx, scope, { action: 'settlement_config.updated', entityType: 'SettlementConfig', after: patch });
    return row;
  });
}

export const taxRateInput = z
  .object({
    kind: z.enum(TAX_RATE_KINDS),
    /** Basis points: 0.1% = 10. */
    rateBps: z.number().int().min(0).max(10_000),
    enabled: z.boolean().default(true),
    effectiveFrom: z.coerce.date(),
  })
  .strict();

/** A new rate from a date (rates change: 194-O went from 1% to 0.1% on 1 October 2024). */
export async function setTaxRate({ db, scope, input }: { db: Db; scope: Scope; input: z.input<typeof taxRateInput> }) {
  assertAdmin(scope);
  const f = taxRateInput.parse(input);
  return scopedDb(db, scope).$transaction(async (tx) => {
    const row = await tx.taxRateSetting.create({
      data: {
        tenantId: scope.tenantId,
        kind: f.kind,
        rateCentiBps: f.rateBps * 100,
        enabled: f.enabled,
        effectiveFrom: f.effectiveFrom,
        createdById: scope.userId,
      },
    });
    await recordAudit(tx, scope, {
      action: 'tax_rate.set',
      entityType: 'TaxRateSetting',
      entityId: row.id,
      after: { ...f, effectiveFrom: f.effectiveFrom.toISOString() },
    });
    return row;
  });
}

/** Settings and rates for the settings screen (operator staff and admins). */
export async function getSettlementSettings({ db, scope }: { db: Db; scope: Scope }) {
  const sdb = scopedDb(db, scope);
  const [config, rates] = await Promise.all([
    sdb.settlementConfig.findFirst({}),
    sdb.taxRateSetting.findMany({ orderBy: [{ kind: 'asc' }, { effectiveFrom: 'desc' }], take: 200 }),
  ]);
  const setup = await settlementSetup(db, scope.tenantId);
  return { config, rates, week: setup.week, taxRules: setup.taxRules, payoutRail: setup.payoutRail };
}
