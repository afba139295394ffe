import { z } from 'zod';
import type { Db } from '@magma/db';
import { scopedDb, tenantScope } from '../tenancy/index.ts';

// The five exported datasets, each read through a tenant-scoped client (so one tenant's export can
// only ever hold its own rows) in keyset pages after its watermark: (updatedAt, id) for rows that
// change (sessions, priced lines, payments: a changed row is exported again, consumers keep the
// latest by id), (createdAt, id) for statements written once, the BIGINT id for meter samples.
// Money is integer minor units with its currency; timestamps are UTC.

export const EXPORT_SCHEMA_VERSION = 1;

export type ColumnType = 'STRING' | 'INT32' | 'INT64' | 'DOUBLE' | 'BOOLEAN' | 'TIMESTAMP';
export type Column = { name: string; type: ColumnType };
export type Cell = string | number | bigint | boolean | Date | null;
export type Row = Record<string, Cell>;

/** The last row exported of a dataset: its keyset position. */
export type Watermark = { at: string | null; id: string };
export const watermarksSchema = z.record(z.string(), z.object({ at: z.string().nullable(), id: z.string() })).catch({});
export type Watermarks = Record<string, Watermark>;

export type DatasetPage = { rows: Row[]; sourceRows: number; last: Watermark | null };

export type DatasetReader = {
  /** Source records in (from, until], for the progress bar. */
  count(): Promise<number>;
  /** The next page after `after` (null: from the start). */
  page(after: Watermark | null, take: number): Promise<DatasetPage>;
};

export type Dataset = {
  name: DatasetName;
  columns: readonly Column[];
  reader(args: { db: Db; tenantId: string; from: Watermark | null; until: Date; currency: string }): DatasetReader;
};

export const DATASET_NAMES = ['sessions', 'priced_lines', 'meter_samples', 'payments', 'settlements'] as const;
export type DatasetName = (typeof DATASET_NAMES)[number];

const big = (n: number | bigint | null | undefined): bigint | null =>
  n === null || n === undefined ? null : BigInt(n);

/** Keyset condition "after w" on (time column, id), bounded above by `until`. */
function afterTime(column: 'updatedAt' | 'createdAt', w: Watermark | null, until: Date) {
  const bound = { [column]: { lte: until } };
  if (!w?.at) return bound;
  const at = new Date(w.at);
  return { AND: [bound, { OR: [{ [column]: { gt: at } }, { [column]: at, id: { gt: w.id } }] }] };
}

const lastOf = <T extends { id: string }>(rows: T[], at: (r: T) => Date): Watermark | null => {
  const r = rows.at(-1);
  return r ? { at: at(r).toISOString(), id: r.id } : null;
};

const SESSION_SELECT = {
  id: true,
  tenantId: true,
  chargerId: true,
  siteId: true,
  vendorId: true,
  evseId: true,
  connectorId: true,
  ocppTransactionId: true,
  idTokenId: true,
  status: true,
  startedAt: true,
  stoppedAt: true,
  meterStartWh: true,
  meterStopWh: true,
  energyWh: true,
  stopReason: true,
  currency: true,
  costMinor: true,
  taxMinor: true,
  sponsorMinor: true,
  writtenOffMinor: true,
  pricedAt: true,
  paymentId: true,
  createdAt: true,
  updatedAt: true,
} as const;

const sessions: Dataset = {
  name: 'sessions',
  columns: [
    { name: 'id', type: 'STRING' },
    { name: 'tenant_id', type: 'STRING' },
    { name: 'charger_id', type: 'STRING' },
    { name: 'site_id', type: 'STRING' },
    { name: 'vendor_id', type: 'STRING' },
    { name: 'evse_id', type: 'INT32' },
    { name: 'connector_id', type: 'INT32' },
    { name: 'ocpp_transaction_id', type: 'STRING' },
    { name: 'id_token_id', type: 'STRING' },
    { name: 'status', type: 'STRING' },
    { name: 'started_at', type: 'TIMESTAMP' },
    { name: 'stopped_at', type: 'TIMESTAMP' },
    { name: 'meter_start_wh', type: 'DOUBLE' },
    { name: 'meter_stop_wh', type: 'DOUBLE' },
    { name: 'energy_wh', type: 'INT64' },
    { name: 'stop_reason', type: 'STRING' },
    { name: 'currency', type: 'STRING' },
    { name: 'cost_minor', type: 'INT64' },
    { name: 'tax_minor', type: 'INT64' },
    { name: 'sponsor_minor', type: 'INT64' },
    { name: 'written_off_minor', type: 'INT64' },
    { name: 'priced_at', type: 'TIMESTAMP' },
    { name: 'payment_id', type: 'STRING' },
    { name: 'created_at', type: 'TIMESTAMP' },
    { name: 'updated_at', type: 'TIMESTAMP' },
  ],
  reader: ({ db, tenantId, from, until }) => {
    const sdb = scopedDb(db, tenantScope(tenantId));
    return {
      count: () => sdb.transaction.count({ where: afterTime('updatedAt', from, until) }),
      page: async (after, take) => {
        const found = await sdb.transaction.findMany({
          where: afterTime('updatedAt', after, until),
          orderBy: [{ updatedAt: 'asc' }, { id: 'asc' }],
          take,
          select: SESSION_SELECT,
        });
        const rows = found.map((t) => ({
          id: t.id,
          tenant_id: t.tenantId,
          charger_id: t.chargerId,
          site_id: t.siteId,
          vendor_id: t.vendorId,
          evse_id: t.evseId,
          connector_id: t.connectorId,
          ocpp_transaction_id: t.ocppTransactionId,
          id_token_id: t.idTokenId,
          status: t.status,
          started_at: t.startedAt,
          stopped_at: t.stoppedAt,
          meter_start_wh: t.meterStartWh,
          meter_stop_wh: t.meterStopWh,
          energy_wh: big(t.energyWh),
          stop_reason: t.stopReason,
          currency: t.currency,
          cost_minor: big(t.costMinor),
          tax_minor: big(t.taxMinor),
          sponsor_minor: big(t.sponsorMinor),
          written_off_minor: big(t.writtenOffMinor),
          priced_at: t.pricedAt,
          payment_id: t.paymentId,
          created_at: t.createdAt,
          updated_at: t.updatedAt,
        }));
        return { rows, sourceRows: found.length, last: lastOf(found, (t) => t.updatedAt) };
      },
    };
  },
};

// What the tariff engine stored per line (@magma/tariff PricedLine); a line of another shape is
// skipped rather than failing the whole export.
const pricedLine = z.object({
  dimension: z.string(),
  label: z.string(),
  from: z.number(),
  to: z.number(),
  quantity: z.number(),
  unit: z.string(),
  unitPriceMinor: z.number().int(),
  per: z.string(),
  amountMinor: z.number().int(),
  taxMinor: z.number().int(),
  sponsorMinor: z.number().int(),
  sponsorId: z.string().nullable(),
  free: z.boolean(),
  elementIndex: z.number().int().nullable(),
});

const pricedLines: Dataset = {
  name: 'priced_lines',
  columns: [
    { name: 'session_id', type: 'STRING' },
    { name: 'line_no', type: 'INT32' },
    { name: 'tenant_id', type: 'STRING' },
    { name: 'dimension', type: 'STRING' },
    { name: 'label', type: 'STRING' },
    { name: 'from_at', type: 'TIMESTAMP' },
    { name: 'to_at', type: 'TIMESTAMP' },
    { name: 'quantity', type: 'INT64' },
    { name: 'unit', type: 'STRING' },
    { name: 'unit_price_minor', type: 'INT64' },
    { name: 'per', type: 'STRING' },
    { name: 'amount_minor', type: 'INT64' },
    { name: 'tax_minor', type: 'INT64' },
    { name: 'sponsor_minor', type: 'INT64' },
    { name: 'sponsor_id', type: 'STRING' },
    { name: 'free', type: 'BOOLEAN' },
    { name: 'currency', type: 'STRING' },
    { name: 'priced_at', type: 'TIMESTAMP' },
    { name: 'session_updated_at', type: 'TIMESTAMP' },
  ],
  reader: ({ db, tenantId, from, until }) => {
    const sdb = scopedDb(db, tenantScope(tenantId));
    const priced = { pricedAt: { not: null } };
    return {
      count: () => sdb.transaction.count({ where: { AND: [priced, afterTime('updatedAt', from, until)] } }),
      page: async (after, take) => {
        const found = await sdb.transaction.findMany({
          where: { AND: [priced, afterTime('updatedAt', after, until)] },
          orderBy: [{ updatedAt: 'asc' }, { id: 'asc' }],
          take,
          select: { id: true, tenantId: true, currency: true, costLines: true, pricedAt: true, updatedAt: true },
        });
        const rows: Row[] = [];
        for (const t of found) {
          const lines = Array.isArray(t.costLines) ? t.costLines : [];
          lines.forEach((raw, n) => {
            const l = pricedLine.safeParse(raw);
            if (!l.success) return;
            rows.push({
              session_id: t.id,
              line_no: n,
              tenant_id: t.tenantId,
              dimension: l.data.dimension,
              label: l.data.label,
              from_at: new Date(l.data.from),
              to_at: new Date(l.data.to),
              quantity: BigInt(Math.round(l.data.quantity)),
              unit: l.data.unit,
              unit_price_minor: BigInt(l.data.unitPriceMinor),
              per: l.data.per,
              amount_minor: BigInt(l.data.amountMinor),
              tax_minor: BigInt(l.data.taxMinor),
              sponsor_minor: BigInt(l.data.sponsorMinor),
              sponsor_id: l.data.sponsorId,
              free: l.data.free,
              currency: t.currency,
              priced_at: t.pricedAt,
              session_updated_at: t.updatedAt,
            });
          });
        }
        return { rows, sourceRows: found.length, last: lastOf(found, (t) => t.updatedAt) };
      },
    };
  },
};

const meterSamples: Dataset = {
  name: 'meter_samples',
  columns: [
    { name: 'id', type: 'INT64' },
    { name: 'tenant_id', type: 'STRING' },
    { name: 'charger_id', type: 'STRING' },
    { name: 'session_id', type: 'STRING' },
    { name: 'evse_id', type: 'INT32' },
    { name: 'sampled_at', type: 'TIMESTAMP' },
    { name: 'measurand', type: 'STRING' },
    { name: 'phase', type: 'STRING' },
    { name: 'location', type: 'STRING' },
    { name: 'context', type: 'STRING' },
    { name: 'unit', type: 'STRING' },
    { name: 'value', type: 'DOUBLE' },
  ],
  reader: ({ db, tenantId, from }) => {
    const sdb = scopedDb(db, tenantScope(tenantId));
    const after = (w: Watermark | null) => (w ? { id: { gt: BigInt(w.id) } } : {});
    // Append-only: the run's upper bound is the last id when it starts, so the run ends even while
    // chargers keep sending.
    let ceiling: Promise<bigint | null> | null = null;
    const top = () =>
      (ceiling ??= sdb.meterSample
        .findFirst({ orderBy: { id: 'desc' }, select: { id: true } })
        .then((r) => r?.id ?? null));
    const bounded = async (w: Watermark | null) => {
      const max = await top();
      return { AND: [after(w), { id: { lte: max ?? 0n } }] };
    };
    return {
      count: async () => sdb.meterSample.count({ where: await bounded(from) }),
      page: async (w, take) => {
        const found = await sdb.meterSample.findMany({
          where: await bounded(w),
          orderBy: { id: 'asc' },
          take,
        });
        const rows = found.map((s) => ({
          id: s.id,
          tenant_id: s.tenantId,
          charger_id: s.chargerId,
          session_id: s.transactionId,
          evse_id: s.evseId,
          sampled_at: s.timestamp,
          measurand: s.measurand,
          phase: s.phase,
          location: s.location,
          context: s.context,
          unit: s.unit,
          value: s.value,
        }));
        const last = found.at(-1);
        return { rows, sourceRows: found.length, last: last ? { at: null, id: last.id.toString() } : null };
      },
    };
  },
};

const payments: Dataset = {
  name: 'payments',
  columns: [
    { name: 'id', type: 'STRING' },
    { name: 'tenant_id', type: 'STRING' },
    { name: 'provider', type: 'STRING' },
    { name: 'provider_order_id', type: 'STRING' },
    { name: 'provider_payment_id', type: 'STRING' },
    { name: 'status', type: 'STRING' },
    { name: 'currency', type: 'STRING' },
    { name: 'amount_minor', type: 'INT64' },
    { name: 'captured_minor', type: 'INT64' },
    { name: 'refunded_minor', type: 'INT64' },
    { name: 'gateway_fee_minor', type: 'INT64' },
    { name: 'gateway_tax_minor', type: 'INT64' },
    { name: 'charger_id', type: 'STRING' },
    { name: 'evse_id', type: 'INT32' },
    { name: 'failure_reason', type: 'STRING' },
    { name: 'created_at', type: 'TIMESTAMP' },
    { name: 'updated_at', type: 'TIMESTAMP' },
  ],
  reader: ({ db, tenantId, from, until }) => {
    const sdb = scopedDb(db, tenantScope(tenantId));
    return {
      count: () => sdb.payment.count({ where: afterTime('updatedAt', from, until) }),
      page: async (after, take) => {
        // The driver's email stays out of the warehouse.
        const found = await sdb.payment.findMany({
          where: afterTime('updatedAt', after, until),
          orderBy: [{ updatedAt: 'asc' }, { id: 'asc' }],
          take,
          omit: { email: true },
        });
        const rows = found.map((p) => ({
          id: p.id,
          tenant_id: p.tenantId,
          provider: p.provider,
          provider_order_id: p.providerOrderId,
          provider_payment_id: p.providerPaymentId,
          status: p.status,
          currency: p.currency,
          amount_minor: big(p.amountMinor),
          captured_minor: big(p.capturedMinor),
          refunded_minor: big(p.refundedMinor),
          gateway_fee_minor: big(p.gatewayFeeMinor),
          gateway_tax_minor: big(p.gatewayTaxMinor),
          charger_id: p.chargerId,
          evse_id: p.evseId,
          failure_reason: p.failureReason,
          created_at: p.createdAt,
          updated_at: p.updatedAt,
        }));
        return { rows, sourceRows: found.length, last: lastOf(found, (p) => p.updatedAt) };
      },
    };
  },
};

const settlements: Dataset = {
  name: 'settlements',
  columns: [
    { name: 'id', type: 'STRING' },
    { name: 'tenant_id', type: 'STRING' },
    { name: 'week_id', type: 'STRING' },
    { name: 'week_start', type: 'TIMESTAMP' },
    { name: 'week_end', type: 'TIMESTAMP' },
    { name: 'vendor_id', type: 'STRING' },
    { name: 'site_key', type: 'STRING' },
    { name: 'sessions', type: 'INT32' },
    { name: 'energy_wh', type: 'INT64' },
    { name: 'currency', type: 'STRING' },
    { name: 'gross_minor', type: 'INT64' },
    { name: 'gst_minor', type: 'INT64' },
    { name: 'gateway_fee_minor', type: 'INT64' },
    { name: 'platform_fee_minor', type: 'INT64' },
    { name: 'vendor_share_minor', type: 'INT64' },
    { name: 'tds_minor', type: 'INT64' },
    { name: 'tcs_minor', type: 'INT64' },
    { name: 'refunds_minor', type: 'INT64' },
    { name: 'adjustments_minor', type: 'INT64' },
    { name: 'week_net_minor', type: 'INT64' },
    { name: 'opening_minor', type: 'INT64' },
    { name: 'net_payable_minor', type: 'INT64' },
    { name: 'created_at', type: 'TIMESTAMP' },
  ],
  reader: ({ db, tenantId, from, until, currency }) => {
    const sdb = scopedDb(db, tenantScope(tenantId));
    return {
      count: () => sdb.settlementStatement.count({ where: afterTime('createdAt', from, until) }),
      page: async (after, take) => {
        const found = await sdb.settlementStatement.findMany({
          where: afterTime('createdAt', after, until),
          orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
          take,
          include: { week: { select: { weekStart: true, weekEnd: true } } },
        });
        const rows = found.map((s) => ({
          id: s.id,
          tenant_id: s.tenantId,
          week_id: s.weekId,
          week_start: s.week.weekStart,
          week_end: s.week.weekEnd,
          vendor_id: s.vendorId,
          site_key: s.siteKey,
          sessions: s.sessions,
          energy_wh: big(s.energyWh),
          currency,
          gross_minor: big(s.grossMinor),
          gst_minor: big(s.gstMinor),
          gateway_fee_minor: big(s.gatewayFeeMinor),
          platform_fee_minor: big(s.platformFeeMinor),
          vendor_share_minor: big(s.vendorShareMinor),
          tds_minor: big(s.tdsMinor),
          tcs_minor: big(s.tcsMinor),
          refunds_minor: big(s.refundsMinor),
          adjustments_minor: big(s.adjustmentsMinor),
          week_net_minor: big(s.weekNetMinor),
          opening_minor: big(s.openingMinor),
          net_payable_minor: big(s.netPayableMinor),
          created_at: s.createdAt,
        }));
        return { rows, sourceRows: found.length, last: lastOf(found, (s) => s.createdAt) };
      },
    };
  },
};

export const DATASETS: readonly Dataset[] = [sessions, pricedLines, meterSamples, payments, settlements];
