import { randomUUID } from 'node:crypto';
import { Prisma, type Db } from '@magma/db';
import { nextWeek, weekContaining } from '@magma/ledger';
import { priceSession, utcToLocal, type MeterSampleInput, type TariffDefinition } from '@magma/tariff';
import { postEntries } from '../ledger/post-entries.ts';
import { postPaymentRefunds } from '../ledger/post-payment-refunds.ts';
import {
  postTransactionSettlement,
  sessionEntries,
  sessionRowSelect,
  type SessionEntries,
} from '../ledger/post-session-settlement.ts';
import { createPayoutRun } from '../payouts/create-payout-run.ts';
import { markPayout } from '../payouts/mark-payout.ts';
import { CLOSE_GRACE_MS } from '../settlements/close-due-weeks.ts';
import { closeSettlementWeek } from '../settlements/close-week.ts';
import { settlementSetup } from '../settlements/settlement-setup.ts';
import { createSplitTerms, termsAt } from '../settlements/split-terms.ts';
import { seedDefaultTariff } from '../tariffs/seed-default-tariff.ts';
import { tenantScope } from '../tenancy/scope.ts';
import { insertRows, type ColumnType } from './bulk-insert.ts';
import { mulberry32, type Random } from './random.ts';

// The demo network's past: `days` of sessions on the seeded chargers, generated from a seeded PRNG
// relative to `now`, so two seeds with the same `now` give the same figures. Every row is what the
// product itself would have written: sessions priced by the tariff engine on the meter samples
// stored with them, driver UPI payments through the test-mode gateway equal to the priced totals,
// refunds, faults, reservations, and the ledger's postings, weekly settlements and payouts made by
// the core use cases, replayed in time order (a week is closed, then paid, before the next one).

export type DemoHistoryOptions = {
  /** Days of history before `now` (1–90). */
  days: number;
  /** The instant the history ends at; the live fleet continues from it. */
  now: Date;
  /** PRNG seed: the same seed and `now` give the same history. */
  seed?: number;
};

export type DemoHistoryResult = {
  sessions: number;
  meterSamples: number;
  payments: number;
  refunds: number;
  faults: number;
  reservations: number;
  closedWeeks: number;
  payouts: number;
  ms: number;
};

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const SLOT = 5 * MIN;
/** Sessions that ended this long before `now` or later get 5-minute samples (the 24-hour chart). */
const DETAILED_WINDOW = 26 * HOUR;

/** Share of a day's arrivals in each local hour, by kind of site. */
const HOURLY = {
  // Malls open at 10, busiest at lunch and in the evening, dead at night.
  mall: [0, 0, 0, 0, 0, 0, 0.2, 0.5, 1, 2, 4, 6, 8, 8, 6, 5, 6, 8, 10, 10, 8, 5, 2, 0.5],
  // Highways: an early-morning wave of travellers and a long evening one, something at every hour.
  highway: [1, 0.6, 0.5, 0.6, 1, 3, 6, 8, 7, 5, 4, 4, 5, 5, 4, 4, 5, 7, 8, 7, 5, 4, 3, 2],
} as const;
/** Relative demand by local weekday (0 = Sunday). */
const WEEKLY = {
  mall: [1.45, 0.8, 0.8, 0.85, 0.9, 1.1, 1.5],
  highway: [1.3, 1.15, 0.85, 0.85, 0.9, 1.25, 1.1],
} as const;

const STOP_REASONS = ['EVDisconnected', 'EVDisconnected', 'EVDisconnected', 'Local', 'Remote'] as const;
const FAULT_CODES = [
  { code: 'GroundFailure', description: 'Earth leakage detected', severity: 2 },
  { code: 'OverCurrentFailure', description: 'Over-current protection tripped', severity: 3 },
  { code: 'PowerMeterFailure', description: 'Energy meter not responding', severity: 4 },
  { code: 'HighTemperature', description: 'Cable temperature above limit', severity: 3 },
  { code: 'ConnectorLockFailure', description: 'Connector lock failed to engage', severity: 4 },
] as const;

type Kind = keyof typeof HOURLY;
type ChargerRow = {
  id: string;
  identity: string;
  protocol: 'OCPP16' | 'OCPP201';
  siteId: string | null;
  vendorId: string | null;
  maxPowerKw: number;
  kind: Kind;
  connectors: { evseId: number; maxPowerKw: number; dc: boolean }[];
};
type Interval = { from: number; to: number };

type GeneratedSession = {
  id: string;
  charger: ChargerRow;
  evseId: number;
  startedAt: number;
  chargedUntil: number;
  stoppedAt: number;
  meterStartWh: number;
  meterStopWh: number;
  socStart: number;
  socEnd: number;
  /** One register reading (and power, SoC) per 5-minute step while charging. */
  profile: { at: number; wh: number; w: number; soc: number }[];
  stopReason: string;
  upi: boolean;
  idToken: { id: string; token: string } | null;
  refund: 'full' | 'partial' | null;
};

/** Adds `days` of history to the demo tenant. Meant for a tenant the seed has just created. */
export async function seedDemoHistory({
  db,
  tenantId,
  days,
  now,
  seed = 19,
}: { db: Db; tenantId: string } & DemoHistoryOptions): Promise<DemoHistoryResult> {
  if (!Number.isInteger(days) || days < 1 || days > 90) throw new RangeError('days must be 1–90');
  const began = Date.now();
  const rnd = mulberry32(seed);
  const end = Math.floor(now.getTime() / 1000) * 1000;
  const start = end - days * DAY;

  const tenant = await db.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { timezone: true } });
  const tariff = await seedDefaultTariff({ db, tenantId });
  const admin = await db.membership.findFirst({
    where: { tenantId, role: 'OPERATOR_ADMIN' },
    select: { userId: true },
  });
  const scope = tenantScope(tenantId, 'OPERATOR_ADMIN', admin?.userId ?? null);
  const chargers = await loadChargers(db, tenantId);
  const cards = await db.idToken.findMany({
    where: { tenantId, status: 'ACCEPTED', type: 'RFID' },
    orderBy: { token: 'asc' },
    select: { id: true, token: true },
  });

  // Faults first: no session runs on a connector while it is faulted, and a session running when
  // one starts is stopped by it.
  const faults = makeFaults(rnd, chargers, start, end);
  const sessions: GeneratedSession[] = [];
  for (const charger of chargers) {
    for (const conn of charger.connectors) {
      const blocked = faults
        .filter((f) => f.chargerId === charger.id && (f.evseId === null || f.evseId === conn.evseId))
        .map((f) => ({ from: f.startedAt, to: f.endedAt }));
      sessions.push(...makeSessions(rnd, { charger, conn, blocked, cards, start, end, timeZone: tenant.timezone }));
    }
  }
  sessions.sort((a, b) => a.startedAt - b.startedAt);

  // Pricing: the tariff engine on the register readings stored with each session.
  const priced = sessions.map((s) => {
    const samples: MeterSampleInput[] = registerReadings(s, s.stoppedAt >= end - DETAILED_WINDOW);
    return priceSession(tariff.definition as TariffDefinition, {
      samples,
      timeZone: tenant.timezone,
      startedAt: s.startedAt,
      endedAt: s.stoppedAt,
    });
  });

  const paymentRows: Prisma.PaymentCreateManyInput[] = [];
  const refundRows: Prisma.RefundCreateManyInput[] = [];
  const txRows: Prisma.TransactionCreateManyInput[] = [];
  const sampleRows: Prisma.MeterSampleCreateManyInput[] = [];
  const refunded: { transactionId: string; paymentId: string; pricedAt: number; refundAt: number }[] = [];
  for (const [i, s] of sessions.entries()) {
    const p = priced[i]!;
    const pricedAt = s.stoppedAt + 1000 + Math.floor(rnd() * 2000);
    let paymentId: string | null = null;
    if (s.upi && p.driverMinor > 0) {
      paymentId = randomUUID();
      const hex = randomUUID().replaceAll('-', '').slice(0, 20);
      let refundedMinor = 0;
      if (s.refund) {
        refundedMinor =
          s.refund === 'full' ? p.driverMinor : Math.max(100, Math.round((p.driverMinor * 0.3) / 100) * 100);
        refundedMinor = Math.min(refundedMinor, p.driverMinor);
        const refundAt = Math.min(pricedAt + HOUR + Math.floor(rnd() * 20 * HOUR), end - MIN);
        refundRows.push({
          id: randomUUID(),
          paymentId,
          amountMinor: refundedMinor,
          providerRefundId: `test_rfnd_${hex}`,
          status: 'PROCESSED',
          reason: s.refund === 'full' ? 'Charger fault stopped the session' : 'Goodwill: slow charging reported',
          createdAt: new Date(refundAt),
          updatedAt: new Date(refundAt),
        });
        refunded.push({ transactionId: s.id, paymentId, pricedAt, refundAt });
      }
      paymentRows.push({
        id: paymentId,
        tenantId,
        provider: 'TEST',
        providerOrderId: `test_order_${hex}`,
        providerPaymentId: `test_pay_${hex}`,
        amountMinor: p.driverMinor,
        currency: p.currency,
        capturedMinor: p.driverMinor,
        refundedMinor,
        status: refundedMinor === 0 ? 'CAPTURED' : refundedMinor >= p.driverMinor ? 'REFUNDED' : 'PARTIALLY_REFUNDED',
        chargerId: s.charger.id,
        evseId: s.evseId,
        createdAt: new Date(s.startedAt - 40_000),
        updatedAt: new Date(pricedAt),
      });
    }
    txRows.push({
      id: s.id,
      tenantId,
      chargerId: s.charger.id,
      siteId: s.charger.siteId,
      vendorId: s.charger.vendorId,
      evseId: s.evseId,
      connectorId: 1,
      // 1.6 chargers know a transaction by its seq: set once the rows have one (below).
      ocppTransactionId: s.charger.protocol === 'OCPP16' ? `pending-${s.id}` : randomUUID(),
      idTokenId: s.idToken?.id ?? null,
      idTag: s.idToken?.token ?? null,
      status: 'COMPLETED',
      startedAt: new Date(s.startedAt),
      stoppedAt: new Date(s.stoppedAt),
      meterStartWh: s.meterStartWh,
      meterStopWh: s.meterStopWh,
      energyWh: s.meterStopWh - s.meterStartWh,
      lastMeterWh: s.meterStopWh,
      lastMeterAt: new Date(s.stoppedAt),
      liveSoc: s.socEnd,
      stopReason: s.stopReason,
      lastSeqNo: s.charger.protocol === 'OCPP201' ? s.profile.length + 1 : null,
      startedSeqNo: s.charger.protocol === 'OCPP201' ? 0 : null,
      tariffVersionId: tariff.versionId,
      currency: p.currency,
      costMinor: p.subtotalMinor,
      taxMinor: p.taxMinor,
      sponsorMinor: p.sponsorMinor,
      costLines: p.lines as unknown as Prisma.InputJsonValue,
      pricedAt: new Date(pricedAt),
      paymentId,
      createdAt: new Date(s.startedAt),
      updatedAt: new Date(pricedAt),
    });
    sampleRows.push(...meterSampleRows(tenantId, s, s.stoppedAt >= end - DETAILED_WINDOW));
  }

  const reservations = makeReservations(rnd, { tenantId, sessions, chargers, cards, start, end });

  // Bulk writes: one multi-row INSERT per table and chunk.
  await db.$transaction(
    async (tx) => {
      await insertRows(tx, 'Payment', PAYMENT_COLUMNS, paymentRows);
      await insertRows(tx, 'Transaction', TRANSACTION_COLUMNS, txRows);
      await tx.$executeRaw`UPDATE "Transaction" SET "ocppTransactionId" = seq::text
        WHERE "tenantId" = ${tenantId}::uuid AND "ocppTransactionId" LIKE 'pending-%'`;
      await insertRows(tx, 'Refund', REFUND_COLUMNS, refundRows);
      await insertRows(tx, 'MeterSample', SAMPLE_COLUMNS, sampleRows);
      await insertRows(
        tx,
        'Fault',
        FAULT_COLUMNS,
        faults.map((f) => ({
          id: randomUUID(),
          tenantId,
          chargerId: f.chargerId,
          vendorId: f.vendorId,
          evseId: f.evseId,
          connectorId: f.evseId === null ? null : 1,
          kind: f.kind,
          code: f.code,
          description: f.description,
          severity: f.severity,
          startedAt: new Date(f.startedAt),
          endedAt: new Date(f.endedAt),
          acknowledgedAt: new Date(f.startedAt + 10 * MIN),
          acknowledgedById: scope.userId,
        })),
      );
      await insertRows(tx, 'Reservation', RESERVATION_COLUMNS, reservations);
      // A charger with a history was last heard from at its last session or fault, not "never" (the
      // live simulator, or the real charger, moves this on when it connects).
      const seen = new Map<string, number>();
      const saw = (chargerId: string, at: number) => seen.set(chargerId, Math.max(seen.get(chargerId) ?? 0, at));
      for (const s of sessions) saw(s.charger.id, Math.min(s.stoppedAt, end));
      for (const f of faults) saw(f.chargerId, Math.min(f.endedAt, end));
      for (const [id, at] of seen)
        await tx.charger.updateMany({ where: { id, tenantId, lastSeenAt: null }, data: { lastSeenAt: new Date(at) } });
    },
    { timeout: 120_000 },
  );

  // Settlements: split terms from before the history, then week by week in time order.
  const setup = await settlementSetup(db, tenantId);
  const firstWeek = weekContaining(start, setup.week);
  const vendors = await db.vendor.findMany({ where: { tenantId }, orderBy: { name: 'asc' } });
  for (const v of vendors) {
    if (await termsAt(db, { tenantId, vendorId: v.id, siteId: null, at: new Date(firstWeek.start) })) continue;
    await createSplitTerms({
      db,
      scope,
      input: {
        vendorId: v.id,
        effectiveFrom: new Date(firstWeek.start),
        vendorShareBps: v.revenueShareBps ?? 7000,
        platformFeeBps: 200,
      },
    });
  }

  let closedWeeks = 0;
  let payouts = 0;
  let week = firstWeek;
  const refundsIn = (from: number, to: number) => refunded.filter((r) => r.refundAt >= from && r.refundAt < to);
  for (; week.end + CLOSE_GRACE_MS <= end; week = nextWeek(week, setup.week)) {
    await postRefunds(db, refundsIn(week.start, week.end), week.start);
    const closedAt = new Date(week.end + CLOSE_GRACE_MS);
    const closed = await closeSettlementWeek({
      db,
      tenantId,
      at: new Date(week.start),
      now: closedAt,
      closedById: scope.userId,
    });
    closedWeeks++;
    const runAt = new Date(Math.max(closedAt.getTime(), Math.min(week.end + DAY, end - 2 * MIN)));
    await createPayoutRun({ db, scope, weekId: closed.weekId, now: runAt });
    // The run and its payouts are dated by the database's clock: moved back to when the run happened.
    await db.payoutRun.updateMany({ where: { tenantId, weekId: closed.weekId }, data: { createdAt: runAt } });
    await db.payout.updateMany({ where: { tenantId, run: { weekId: closed.weekId } }, data: { createdAt: runAt } });
    const paidAt = week.end + 2 * DAY;
    const created = await db.payout.findMany({
      where: { tenantId, run: { weekId: closed.weekId } },
      orderBy: { vendorId: 'asc' },
    });
    payouts += created.length;
    // The bank confirmed the transfers two days after the week: the latest week's may still be out.
    if (paidAt < end) {
      for (const p of created) {
        const utr = `HDFCN${String(Math.floor(rnd() * 1e12)).padStart(12, '0')}`;
        await markPayout({ db, scope, input: { payoutId: p.id, outcome: 'PAID', utr }, now: new Date(paidAt) });
      }
    }
  }
  // The open week: its sessions settled as they ended (the driver settlement posts each one).
  await postOpenWeek(db, tenantId, week.start);
  await postRefunds(db, refundsIn(week.start, end), week.start);

  return {
    sessions: txRows.length,
    meterSamples: sampleRows.length,
    payments: paymentRows.length,
    refunds: refundRows.length,
    faults: faults.length,
    reservations: reservations.length,
    closedWeeks,
    payouts,
    ms: Date.now() - began,
  };
}

const PAYMENT_COLUMNS = {
  id: 'uuid',
  tenantId: 'uuid',
  provider: '"PaymentProvider"',
  providerOrderId: 'text',
  providerPaymentId: 'text',
  amountMinor: 'int',
  currency: 'text',
  capturedMinor: 'int',
  refundedMinor: 'int',
  status: '"PaymentStatus"',
  chargerId: 'uuid',
  evseId: 'int',
  createdAt: 'timestamp',
  updatedAt: 'timestamp',
} as const satisfies Record<string, ColumnType>;
const TRANSACTION_COLUMNS = {
  id: 'uuid',
  tenantId: 'uuid',
  chargerId: 'uuid',
  siteId: 'uuid',
  vendorId: 'uuid',
  evseId: 'int',
  connectorId: 'int',
  ocppTransactionId: 'text',
  idTokenId: 'uuid',
  idTag: 'text',
  status: '"TransactionStatus"',
  startedAt: 'timestamp',
  stoppedAt: 'timestamp',
  meterStartWh: 'float8',
  meterStopWh: 'float8',
  energyWh: 'int',
  lastMeterWh: 'float8',
  lastMeterAt: 'timestamp',
  liveSoc: 'int',
  stopReason: 'text',
  lastSeqNo: 'int',
  startedSeqNo: 'int',
  tariffVersionId: 'uuid',
  currency: 'text',
  costMinor: 'int',
  taxMinor: 'int',
  sponsorMinor: 'int',
  costLines: 'jsonb',
  pricedAt: 'timestamp',
  paymentId: 'uuid',
  createdAt: 'timestamp',
  updatedAt: 'timestamp',
} as const satisfies Record<string, ColumnType>;
const REFUND_COLUMNS = {
  id: 'uuid',
  paymentId: 'uuid',
  amountMinor: 'int',
  providerRefundId: 'text',
  status: 'text',
  reason: 'text',
  createdAt: 'timestamp',
  updatedAt: 'timestamp',
} as const satisfies Record<string, ColumnType>;
const SAMPLE_COLUMNS = {
  tenantId: 'uuid',
  chargerId: 'uuid',
  transactionId: 'uuid',
  evseId: 'int',
  timestamp: 'timestamp',
  measurand: 'text',
  location: 'text',
  context: 'text',
  unit: 'text',
  value: 'float8',
} as const satisfies Record<string, ColumnType>;
const FAULT_COLUMNS = {
  id: 'uuid',
  tenantId: 'uuid',
  chargerId: 'uuid',
  vendorId: 'uuid',
  evseId: 'int',
  connectorId: 'int',
  kind: '"FaultKind"',
  code: 'text',
  description: 'text',
  severity: 'int',
  startedAt: 'timestamp',
  endedAt: 'timestamp',
  acknowledgedAt: 'timestamp',
  acknowledgedById: 'uuid',
} as const satisfies Record<string, ColumnType>;
const RESERVATION_COLUMNS = {
  id: 'uuid',
  tenantId: 'uuid',
  chargerId: 'uuid',
  evseId: 'int',
  idTokenId: 'uuid',
  idTag: 'text',
  expiresAt: 'timestamp',
  status: '"ReservationStatus"',
  note: 'text',
  transactionId: 'uuid',
  endedAt: 'timestamp',
  createdAt: 'timestamp',
  updatedAt: 'timestamp',
} as const satisfies Record<string, ColumnType>;

/** Posts refunds (and their session first when its own week is still open). */
async function postRefunds(
  db: Db,
  refunds: { transactionId: string; paymentId: string; pricedAt: number; refundAt: number }[],
  weekStart: number,
) {
  for (const r of refunds) {
    await db.$transaction(async (tx) => {
      if (r.pricedAt >= weekStart) {
        await postTransactionSettlement({ tx, transactionId: r.transactionId, at: new Date(r.pricedAt) });
      }
      await postPaymentRefunds({ tx, paymentId: r.paymentId, at: new Date(r.refundAt) });
    });
  }
}

/** The settled sessions of the open week, posted page by page as the driver settlement would. */
async function postOpenWeek(db: Db, tenantId: string, weekStart: number) {
  const accountCache = new Map<string, string>();
  const ids = await db.transaction.findMany({
    where: { tenantId, status: 'COMPLETED', pricedAt: { gte: new Date(weekStart) } },
    orderBy: { id: 'asc' },
    select: { id: true },
  });
  for (let i = 0; i < ids.length; i += 500) {
    const page = ids.slice(i, i + 500).map((r) => r.id);
    await db.$transaction(
      async (tx) => {
        const rows = await tx.transaction.findMany({
          where: { id: { in: page } },
          select: {
            ...sessionRowSelect,
            payment: { select: { id: true, capturedMinor: true, gatewayFeeMinor: true, gatewayTaxMinor: true } },
          },
        });
        const entries: SessionEntries['entries'] = [];
        for (const t of rows) {
          const made = await sessionEntries({ tx, transaction: t, payment: t.payment, at: t.pricedAt! });
          if ('entries' in made) entries.push(...made.entries);
        }
        await postEntries({ tx, tenantId, entries, purpose: 'session-settled', accountCache });
      },
      { timeout: 120_000 },
    );
  }
}

async function loadChargers(db: Db, tenantId: string): Promise<ChargerRow[]> {
  const rows = await db.charger.findMany({
    where: { tenantId, origin: 'DEMO_SEED' },
    orderBy: { identity: 'asc' },
    include: { connectors: { orderBy: { evseId: 'asc' } }, site: { select: { vendor: { select: { name: true } } } } },
  });
  return rows.map((c) => ({
    id: c.id,
    identity: c.identity,
    protocol: c.protocol as 'OCPP16' | 'OCPP201',
    siteId: c.siteId,
    vendorId: c.vendorId,
    maxPowerKw: Number(c.maxPowerKw ?? 7.4),
    kind: /highway|fuel/i.test(c.site?.vendor?.name ?? '') ? 'highway' : 'mall',
    connectors: c.connectors.map((k) => ({
      evseId: k.evseId,
      maxPowerKw: Number(k.maxPowerKw ?? c.maxPowerKw ?? 7.4),
      dc: k.type === 'CCS2' || k.type === 'CHADEMO',
    })),
  }));
}

type FaultSpec = {
  chargerId: string;
  vendorId: string | null;
  evseId: number | null;
  kind: 'CONNECTOR_ERROR' | 'OFFLINE';
  code: string;
  description: string;
  severity: number;
  startedAt: number;
  endedAt: number;
};

/** About one connector fault per charger a fortnight and an occasional loss of connection. */
function makeFaults(rnd: Random, chargers: ChargerRow[], start: number, end: number): FaultSpec[] {
  const out: FaultSpec[] = [];
  for (const c of chargers) {
    for (let t = start; t < end; t += DAY) {
      if (rnd() < 1 / 14) {
        const f = FAULT_CODES[Math.floor(rnd() * FAULT_CODES.length)]!;
        const at = t + Math.floor(rnd() * DAY);
        const len = (15 + Math.floor(rnd() * 165)) * MIN;
        if (at + len < end - HOUR) {
          const conn = c.connectors[Math.floor(rnd() * c.connectors.length)]!;
          out.push({
            chargerId: c.id,
            vendorId: c.vendorId,
            evseId: conn.evseId,
            kind: 'CONNECTOR_ERROR',
            ...f,
            startedAt: at,
            endedAt: at + len,
          });
        }
      }
      if (rnd() < 1 / 20) {
        const at = t + Math.floor(rnd() * DAY);
        const len = (5 + Math.floor(rnd() * 40)) * MIN;
        if (at + len < end - HOUR) {
          out.push({
            chargerId: c.id,
            vendorId: c.vendorId,
            evseId: null,
            kind: 'OFFLINE',
            code: 'Offline',
            description: 'No heartbeat from the charger (mobile network)',
            severity: 5,
            startedAt: at,
            endedAt: at + len,
          });
        }
      }
    }
  }
  return out.sort((a, b) => a.startedAt - b.startedAt);
}

/** The sessions of one connector: arrivals by hour and weekday, one car at a time. */
function makeSessions(
  rnd: Random,
  {
    charger,
    conn,
    blocked,
    cards,
    start,
    end,
    timeZone,
  }: {
    charger: ChargerRow;
    conn: ChargerRow['connectors'][number];
    blocked: Interval[];
    cards: { id: string; token: string }[];
    start: number;
    end: number;
    timeZone: string;
  },
): GeneratedSession[] {
  const hourly: readonly number[] = HOURLY[charger.kind];
  const weekly: readonly number[] = WEEKLY[charger.kind];
  const hourSum = hourly.reduce((a, b) => a + b, 0);
  // Arrivals a day on an average weekday when the connector is free: fast chargers see more cars.
  const daily = conn.dc ? (charger.kind === 'highway' ? 11 : 8) : charger.kind === 'mall' ? 5 : 3.5;
  let meterWh = 1_000_000 + Math.floor(rnd() * 9_000_000);
  // The zone's offset, read once an hour of the loop rather than once a slot.
  let offsetHour = NaN;
  let offset = 0;
  const toLocal = (at: number) => {
    const h = Math.floor(at / HOUR);
    if (h !== offsetHour) {
      offsetHour = h;
      offset = utcToLocal(timeZone, h * HOUR) - h * HOUR;
    }
    return at + offset;
  };
  const out: GeneratedSession[] = [];
  let t = start;
  while (t < end) {
    const local = toLocal(t);
    const hour = Math.floor((local % DAY) / HOUR);
    const dow = new Date(Math.floor(local / DAY) * DAY).getUTCDay();
    // A network that is growing: a month ago it saw about 20% fewer cars.
    const growth = 0.8 + (0.2 * (t - start)) / (end - start);
    const p = (daily * growth * weekly[dow]! * hourly[hour]!) / hourSum / 12;
    if (rnd() >= p || blocked.some((b) => t >= b.from - 30 * MIN && t < b.to)) {
      t += SLOT;
      continue;
    }
    const startedAt = t + Math.floor(rnd() * 240) * 1000;
    const s = chargeCar(rnd, { charger, conn, startedAt, meterWh });
    // A fault cuts a running session short; a session that would still run at `now` is the live fleet's.
    const fault = blocked.find((b) => b.from > startedAt && b.from < s.stoppedAt);
    if (fault) cutAt(s, fault.from, 'Other');
    if (s.stoppedAt >= end - MIN) break;
    const upi = rnd() < (charger.kind === 'highway' ? 0.9 : 0.8) || cards.length === 0;
    const refund = !upi ? null : fault ? (rnd() < 0.7 ? 'full' : null) : rnd() < 0.012 ? 'partial' : null;
    out.push({
      ...s,
      upi,
      idToken: upi ? null : cards[Math.floor(rnd() * cards.length)]!,
      refund,
    });
    meterWh = s.meterStopWh;
    t = Math.ceil((s.stoppedAt + (2 + Math.floor(rnd() * 10)) * MIN) / SLOT) * SLOT;
  }
  return out;
}

/** A car charging from its arrival SoC to its driver's target, the power tapering near full. */
function chargeCar(
  rnd: Random,
  {
    charger,
    conn,
    startedAt,
    meterWh,
  }: { charger: ChargerRow; conn: ChargerRow['connectors'][number]; startedAt: number; meterWh: number },
): Omit<GeneratedSession, 'upi' | 'idToken' | 'refund'> {
  const batteryWh = [30_200, 40_500, 50_300, 60_000][Math.floor(rnd() * 4)]!;
  const carMaxW = conn.dc
    ? [30_000, 50_000, 60_000][Math.floor(rnd() * 3)]!
    : [3_300, 7_200, 11_000][Math.floor(rnd() * 3)]!;
  const maxW = Math.min(carMaxW, conn.maxPowerKw * 1000);
  let soc = 10 + rnd() * 40;
  const target = conn.dc ? 75 + rnd() * 15 : 80 + rnd() * 20;
  const profile: GeneratedSession['profile'] = [];
  let at = startedAt;
  let wh = meterWh;
  // Five-minute steps at the power of the step's start; the last step ends at the target.
  for (let i = 0; i < 200 && soc < target; i++) {
    const taper = soc < 80 ? 1 : Math.max(0.25, 1 - (soc - 80) / 25);
    const w = Math.round(maxW * taper * (0.93 + rnd() * 0.05));
    profile.push({ at, wh, w, soc: Math.floor(soc) });
    const needWh = ((target - soc) / 100) * batteryWh;
    const stepWh = (w * SLOT) / HOUR;
    const frac = Math.min(1, needWh / stepWh);
    const dt = Math.max(1000, Math.round(SLOT * frac));
    wh += Math.round((w * dt) / HOUR);
    soc += ((w * dt) / HOUR / batteryWh) * 100;
    at += dt;
  }
  const chargedUntil = at;
  // Drivers come back a while after charging ends; mall shoppers sometimes overstay into idle fees.
  const idleMin = conn.dc ? rnd() * 6 : charger.kind === 'mall' ? rnd() * rnd() * 45 : rnd() * 10;
  return {
    id: randomUUID(),
    charger,
    evseId: conn.evseId,
    startedAt,
    chargedUntil,
    stoppedAt: chargedUntil + Math.round(idleMin * MIN) + 20_000,
    meterStartWh: meterWh,
    meterStopWh: wh,
    socStart: profile[0]?.soc ?? Math.floor(soc),
    socEnd: Math.min(100, Math.floor(soc)),
    profile,
    stopReason: STOP_REASONS[Math.floor(rnd() * STOP_REASONS.length)]!,
  };
}

/** Stops a session at `at` (a fault), keeping only what it charged until then. */
function cutAt(s: Omit<GeneratedSession, 'upi' | 'idToken' | 'refund'>, at: number, reason: string) {
  const kept = s.profile.filter((p) => p.at < at);
  const last = kept[kept.length - 1];
  const wh = last ? last.wh + Math.round((last.w * (at - last.at)) / HOUR) : s.meterStartWh;
  s.profile = kept;
  s.chargedUntil = at;
  s.stoppedAt = at;
  s.meterStopWh = Math.min(wh, s.meterStopWh);
  s.socEnd = last?.soc ?? s.socStart;
  s.stopReason = reason;
}

/** The register readings priced and stored: every step for a detailed session, else start, end of charging, stop. */
function registerReadings(s: GeneratedSession, detailed: boolean): MeterSampleInput[] {
  const out: MeterSampleInput[] = [{ at: s.startedAt, energyWh: s.meterStartWh }];
  if (detailed) for (const p of s.profile.slice(1)) out.push({ at: p.at, energyWh: p.wh });
  if (s.chargedUntil > s.startedAt && s.chargedUntil < s.stoppedAt)
    out.push({ at: s.chargedUntil, energyWh: s.meterStopWh });
  out.push({ at: s.stoppedAt, energyWh: s.meterStopWh });
  return out;
}

function meterSampleRows(
  tenantId: string,
  s: GeneratedSession,
  detailed: boolean,
): Prisma.MeterSampleCreateManyInput[] {
  const base = { tenantId, chargerId: s.charger.id, transactionId: s.id, evseId: s.evseId, location: 'Outlet' };
  const rows: Prisma.MeterSampleCreateManyInput[] = [];
  const register = (at: number, wh: number, context: string) =>
    rows.push({
      ...base,
      timestamp: new Date(at),
      measurand: 'Energy.Active.Import.Register',
      unit: 'Wh',
      context,
      value: wh,
    });
  register(s.startedAt, s.meterStartWh, 'Transaction.Begin');
  if (detailed) {
    for (const p of s.profile) {
      if (p.at > s.startedAt) register(p.at, p.wh, 'Sample.Periodic');
      rows.push({
        ...base,
        timestamp: new Date(p.at),
        measurand: 'Power.Active.Import',
        unit: 'W',
        context: 'Sample.Periodic',
        value: p.w,
      });
      rows.push({
        ...base,
        timestamp: new Date(p.at),
        measurand: 'SoC',
        unit: 'Percent',
        location: 'EV',
        context: 'Sample.Periodic',
        value: p.soc,
      });
    }
    if (s.chargedUntil < s.stoppedAt) {
      register(s.chargedUntil, s.meterStopWh, 'Sample.Periodic');
      rows.push({
        ...base,
        timestamp: new Date(s.chargedUntil),
        measurand: 'Power.Active.Import',
        unit: 'W',
        context: 'Sample.Periodic',
        value: 0,
      });
    }
  } else if (s.chargedUntil > s.startedAt && s.chargedUntil < s.stoppedAt) {
    register(s.chargedUntil, s.meterStopWh, 'Sample.Periodic');
  }
  register(s.stoppedAt, s.meterStopWh, 'Transaction.End');
  return rows;
}

/** Reservations: some used by the card's session, some expired, some cancelled by the driver. */
function makeReservations(
  rnd: Random,
  {
    tenantId,
    sessions,
    chargers,
    cards,
    start,
    end,
  }: {
    tenantId: string;
    sessions: GeneratedSession[];
    chargers: ChargerRow[];
    cards: { id: string; token: string }[];
    start: number;
    end: number;
  },
): Prisma.ReservationCreateManyInput[] {
  const out: Prisma.ReservationCreateManyInput[] = [];
  for (const s of sessions) {
    if (!s.idToken || rnd() > 0.15) continue;
    const made = s.startedAt - (10 + Math.floor(rnd() * 20)) * MIN;
    out.push({
      id: randomUUID(),
      tenantId,
      chargerId: s.charger.id,
      evseId: s.evseId,
      idTokenId: s.idToken.id,
      idTag: s.idToken.token,
      expiresAt: new Date(made + 30 * MIN),
      status: 'USED',
      transactionId: s.id,
      endedAt: new Date(s.startedAt),
      createdAt: new Date(made),
      updatedAt: new Date(s.startedAt),
    });
  }
  if (cards.length > 0 && chargers.length > 0) {
    for (let t = start; t < end - DAY; t += DAY) {
      if (rnd() < 0.6) {
        const c = chargers[Math.floor(rnd() * chargers.length)]!;
        const card = cards[Math.floor(rnd() * cards.length)]!;
        const made = t + Math.floor(rnd() * DAY);
        const expired = rnd() < 0.6;
        const endedAt = expired ? made + 30 * MIN : made + (5 + Math.floor(rnd() * 20)) * MIN;
        out.push({
          id: randomUUID(),
          tenantId,
          chargerId: c.id,
          evseId: c.connectors[0]!.evseId,
          idTokenId: card.id,
          idTag: card.token,
          expiresAt: new Date(made + 30 * MIN),
          status: expired ? 'EXPIRED' : 'CANCELLED',
          note: expired ? null : 'Cancelled by the operator on the driver’s request',
          endedAt: new Date(endedAt),
          createdAt: new Date(made),
          updatedAt: new Date(endedAt),
        });
      }
    }
  }
  return out;
}
