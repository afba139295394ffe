import type { Db } from '@magma/db';
import { emitSettlementClosed } from './settlement-events.ts';
import { addEntry, finishWeek, startWeek, weekContaining, type Week, type WeekClose } from '@magma/ledger';
import { AppError } from '../errors/app-error.ts';
import type { Tx } from '../ledger/ledger-accounts.ts';
import { minorOf } from '../ledger/money-columns.ts';
import { ledgerLockKey, postEntries } from '../ledger/post-entries.ts';
import { sessionEntries, sessionRowSelect, type SessionEntries } from '../ledger/post-session-settlement.ts';
import { termsAt } from './split-terms.ts';
import { settlementSetup, type SettlementSetup } from './settlement-setup.ts';
import { streamBookedEntries } from './week-entries.ts';

export type CloseWeekResult = {
  weekId: string;
  weekStart: Date;
  weekEnd: Date;
  /** False when the week had been closed before: nothing was written. */
  closedNow: boolean;
  /** Sessions the close posted itself (settled sessions the settlement had not posted). */
  postedSessions: number;
  statements: number;
};

const CATCH_UP_PAGE = 1000;

/**
 * Closes one settlement week of a tenant: posts any settled session of the week not yet in the
 * ledger, folds the week's entries into statements per vendor and per site, posts TDS and TCS,
 * writes the statements and marks the week CLOSED. Idempotent: a closed week is returned as it is
 * (closing twice changes nothing); a close interrupted half way is finished by the next run and
 * gives the same figures, since every posting is keyed by its source. Refuses a week that has not
 * ended, or one after an earlier week that is not closed yet and has entries.
 */
export async function closeSettlementWeek({
  db,
  tenantId,
  at,
  now = new Date(),
  closedById = null,
  onProgress,
}: {
  db: Db;
  tenantId: string;
  /** Any instant inside the week to close. */
  at: Date;
  now?: Date;
  closedById?: string | null;
  onProgress?: (p: { postedSessions: number; entries: number }) => void;
}): Promise<CloseWeekResult> {
  const setup = await settlementSetup(db, tenantId);
  const week = weekContaining(at.getTime(), setup.week);
  if (week.end > now.getTime()) throw new AppError('CONFLICT', 'The week has not ended yet');
  const weekStart = new Date(week.start);
  const weekEnd = new Date(week.end);

  const row = await db.settlementWeek.upsert({
    where: { tenantId_weekStart: { tenantId, weekStart } },
    create: { tenantId, weekStart, weekEnd },
    update: {},
  });
  if (row.status === 'CLOSED') {
    const statements = await db.settlementStatement.count({ where: { weekId: row.id } });
    return { weekId: row.id, weekStart, weekEnd, closedNow: false, postedSessions: 0, statements };
  }

  // From here on, postings dated in this week roll into the next one.
  const previousEnd = await db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${ledgerLockKey(tenantId)}))`;
    const prev = await tx.settlementWeek.findFirst({
      where: { tenantId, status: { not: 'OPEN' }, weekStart: { lt: weekStart } },
      orderBy: { weekEnd: 'desc' },
      select: { weekEnd: true, status: true },
    });
    const earlierOpen = await tx.journalEntry.findFirst({
      where: {
        tenantId,
        bookedAt: { lt: weekStart, ...(prev ? { gte: prev.weekEnd } : {}) },
      },
      select: { bookedAt: true },
    });
    if (earlierOpen) {
      throw new AppError('CONFLICT', 'An earlier week with postings is not closed yet: close it first');
    }
    await tx.settlementWeek.update({ where: { id: row.id }, data: { status: 'CLOSING' } });
    return prev ? prev.weekEnd.getTime() : null;
  });

  const postedSessions = await catchUpSessions(db, { tenantId, weekStart, weekEnd, previousEnd, onProgress });
  const closed = await foldWeek(db, { setup, week, weekStart });

  const statements = await db.$transaction(
    async (tx) => {
      await postEntries({
        tx,
        tenantId,
        entries: closed.entries,
        purpose: 'week-close',
        lastClosedWeekEnd: previousEnd,
      });
      const rows = statementRows(tenantId, row.id, closed);
      await tx.settlementStatement.createMany({ data: rows, skipDuplicates: true });
      await tx.settlementWeek.update({
        where: { id: row.id },
        data: { status: 'CLOSED', closedAt: now, closedById },
      });
      await emitSettlementClosed(tx, { tenantId, weekId: row.id, at: now });
      return rows.length;
    },
    { timeout: 120_000 },
  );
  return { weekId: row.id, weekStart, weekEnd, closedNow: true, postedSessions, statements };
}

/**
 * Settled sessions of the week the ledger does not have yet (priced sessions with nothing left to
 * settle: no driver session, or a settled one), posted page by page in id order.
 */
async function catchUpSessions(
  db: Db,
  {
    tenantId,
    weekStart,
    weekEnd,
    previousEnd,
    onProgress,
  }: {
    tenantId: string;
    weekStart: Date;
    weekEnd: Date;
    previousEnd: number | null;
    onProgress?: (p: { postedSessions: number; entries: number }) => void;
  },
): Promise<number> {
  const accountCache = new Map<string, string>();
  const terms = new Map<string, Awaited<ReturnType<typeof termsAt>>>();
  // Terms change rarely: one lookup per vendor, site and effective version is enough within a close.
  const termsCache: typeof termsAt = async (tx, q) => {
    const k = `${q.vendorId}:${q.siteId ?? ''}`;
    let hit = terms.get(k);
    if (hit === undefined || (hit && hit.effectiveFrom > q.at)) {
      hit = await termsAt(tx, q);
      if (!hit || hit.effectiveFrom <= weekStart) terms.set(k, hit);
    }
    return hit;
  };
  let after = '00000000-0000-0000-0000-000000000000';
  let posted = 0;
  let entries = 0;
  for (;;) {
    // Keyset over the primary key; the sessions already posted are then dropped through the
    // entries' unique index (an anti-join in this query made PostgreSQL hash every entry per page).
    const page = await db.$queryRaw<{ id: string }[]>`
      SELECT t.id FROM "Transaction" t
      WHERE t."tenantId" = ${tenantId}::uuid AND t.id > ${after}::uuid AND t.status = 'COMPLETED'
        AND t."pricedAt" >= ${weekStart} AND t."pricedAt" < ${weekEnd}
      ORDER BY t.id
      LIMIT ${CATCH_UP_PAGE}`;
    if (page.length === 0) return posted;
    after = page[page.length - 1]!.id;
    const pageIds = page.map((r) => r.id);
    const done = await db.journalEntry.findMany({
      where: { tenantId, sourceKind: 'OPERATOR_SHARE', purpose: 'session-settled', sourceId: { in: pageIds } },
      select: { sourceId: true },
    });
    // A driver session still settling posts its own session when it settles.
    const settling = await db.driverSession.findMany({
      where: { transactionId: { in: pageIds }, status: { not: 'SETTLED' } },
      select: { transactionId: true },
    });
    const skip = new Set([...done.map((d) => d.sourceId), ...settling.map((d) => d.transactionId!)]);
    const ids = pageIds.filter((id) => !skip.has(id)).map((id) => ({ id }));
    if (ids.length === 0) continue;
    await db.$transaction(
      async (tx) => {
        const txs = await tx.transaction.findMany({
          where: { id: { in: ids.map((r) => r.id) } },
          select: { ...sessionRowSelect, payment: { select: paymentSelect } },
        });
        // One insert for the page: the sessions' entries together.
        const batch: SessionEntries['entries'] = [];
        for (const t of txs) {
          const made = await sessionEntries({ tx, transaction: t, payment: t.payment, at: t.pricedAt!, termsCache });
          if ('entries' in made) {
            batch.push(...made.entries);
            posted++;
          }
        }
        entries += await postEntries({
          tx,
          tenantId,
          entries: batch,
          purpose: 'session-settled',
          lastClosedWeekEnd: previousEnd,
          accountCache,
        });
      },
      { timeout: 120_000 },
    );
    onProgress?.({ postedSessions: posted, entries });
  }
}

const paymentSelect = { id: true, capturedMinor: true, gatewayFeeMinor: true, gatewayTaxMinor: true } as const;

async function foldWeek(
  db: Db | Tx,
  { setup, week, weekStart }: { setup: SettlementSetup; week: Week; weekStart: Date },
): Promise<WeekClose> {
  const { tenantId } = setup;
  const vendors = await db.vendor.findMany({ where: { tenantId }, select: { id: true, pan: true } });
  const acc = startWeek({
    week,
    currency: setup.currency,
    taxRules: setup.taxRules,
    vendors: new Map(vendors.map((v) => [v.id, { pan: v.pan }])),
  });
  for await (const page of streamBookedEntries(db, { tenantId, from: weekStart, to: new Date(week.end) })) {
    for (const e of page) addEntry(acc, e);
  }
  return finishWeek(acc, { openingCarry: await openingCarry(db, tenantId, weekStart) });
}

/** Each vendor's carry from its latest statement before the week: opening + week net − paid. */
async function openingCarry(db: Db | Tx, tenantId: string, weekStart: Date): Promise<Map<string, number>> {
  const rows = await db.$queryRaw<{ vendorId: string; carry: bigint }[]>`
    SELECT DISTINCT ON (s."vendorId") s."vendorId",
           (s."openingMinor" + s."weekNetMinor" - s."netPayableMinor")::bigint AS carry
    FROM "SettlementStatement" s JOIN "SettlementWeek" w ON w.id = s."weekId"
    WHERE s."tenantId" = ${tenantId}::uuid AND s."siteKey" = '' AND w.status = 'CLOSED' AND w."weekEnd" <= ${weekStart}
    ORDER BY s."vendorId", w."weekEnd" DESC`;
  return new Map(rows.map((r) => [r.vendorId, minorOf(r.carry)]));
}

function statementRows(tenantId: string, weekId: string, closed: WeekClose) {
  const rows = [];
  for (const v of closed.vendors) {
    if (v.vendorId === null) continue;
    const figures = (f: WeekClose['totals']) => ({
      sessions: f.sessions,
      energyWh: BigInt(Math.round(f.energyMwh / 1000)),
      grossMinor: f.grossCollectedMinor,
      gstMinor: f.gstMinor,
      gatewayFeeMinor: f.gatewayFeesVendorMinor,
      platformFeeMinor: f.platformFeesVendorMinor,
      vendorShareMinor: f.vendorShareMinor,
      tdsMinor: f.tdsMinor,
      tcsMinor: f.tcsMinor,
      refundsMinor: f.vendorRefundsMinor,
      adjustmentsMinor: f.adjustmentsMinor + f.payoutsReturnedMinor,
      weekNetMinor: f.movementMinor,
    });
    rows.push({
      tenantId,
      weekId,
      vendorId: v.vendorId,
      siteKey: '',
      ...figures(v),
      openingMinor: v.openingCarryMinor,
      netPayableMinor: v.netPayableMinor,
    });
    for (const s of v.sites) {
      rows.push({ tenantId, weekId, vendorId: v.vendorId, siteKey: s.siteId ?? 'none', ...figures(s) });
    }
  }
  return rows;
}
