import type { Db } from '@magma/db';
import { emitSettlementClosed } from './settlement-events.ts';
import { addEntry, finishWeek, startWeek, weekContaining, type Week, type WeekClose } from '@magma/ledger';
import { AppError } from '../errors/app-error.ts';
import { accountIds, type Tx } from '../ledger/ledger-accounts.ts';
import { minorOf } from '../ledger/money-columns.ts';
import { ledgerLockKey, postEntries } from '../ledger/post-entries.ts';
import { sessionEntries, sessionRowSelect, type SessionEntries } from '../ledger/post-session-settlement.ts';
import { termsAt } from './split-terms.ts';
import { settlementSetup, type SettlementSetup } from './settlement-setup.ts';
import { forEachBookedEntryPage } from './week-entries.ts';

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
const CATCH_UP_IN_FLIGHT = 2;

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
  const { closed, pans } = await foldWeek(db, { setup, week, weekStart });

  const statements = await db.$transaction(
    async (tx) => {
      await postEntries({
        tx,
        tenantId,
        entries: closed.entries,
        purpose: 'week-close',
        lastClosedWeekEnd: previousEnd,
      });
      const rows = statementRows(tenantId, row.id, closed, pans);
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
 * settle: no driver session, or a settled one), posted page by page in id order. Each page is read
 * and split here, then written in its own database transaction while the next page is read: at most
 * CATCH_UP_IN_FLIGHT pages are being written at once (they hold disjoint sessions).
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
  const writing = new Set<Promise<void>>();
  try {
    for (;;) {
      // Keyset over the primary key, the payment read with the page.
      const page = await db.transaction.findMany({
        where: {
          tenantId,
          id: { gt: after },
          status: 'COMPLETED',
          pricedAt: { gte: weekStart, lt: weekEnd },
        },
        orderBy: { id: 'asc' },
        take: CATCH_UP_PAGE,
        select: { ...sessionRowSelect, payment: { select: paymentSelect } },
      });
      if (page.length === 0) break;
      after = page[page.length - 1]!.id;
      const skip = await postedOrSettling(
        db,
        tenantId,
        page.map((t) => t.id),
      );
      // One insert for the page: the sessions' entries together.
      const batch: SessionEntries['entries'] = [];
      let sessions = 0;
      for (const t of page) {
        if (skip.has(t.id)) continue;
        const made = await sessionEntries({ tx: db, transaction: t, payment: t.payment, at: t.pricedAt!, termsCache });
        if ('entries' in made) {
          batch.push(...made.entries);
          sessions++;
        }
      }
      if (batch.length === 0) continue;
      // Accounts are created here, one page at a time, so that pages written side by side never
      // create the same ones (in different orders, they could deadlock).
      await accountIds(
        db,
        tenantId,
        batch.flatMap((e) => e.lines.map((l) => l.account)),
        accountCache,
      );
      const write = db
        .$transaction(
          (tx) =>
            postEntries({
              tx,
              tenantId,
              entries: batch,
              purpose: 'session-settled',
              lastClosedWeekEnd: previousEnd,
              accountCache,
            }),
          { timeout: 120_000 },
        )
        .then((n) => {
          posted += sessions;
          entries += n;
          onProgress?.({ postedSessions: posted, entries });
        })
        .finally(() => writing.delete(write));
      // A failed write is rethrown by the race or the Promise.all below; until then it must not
      // count as an unhandled rejection (that would end the process while the next page is read).
      write.catch(() => undefined);
      writing.add(write);
      if (writing.size >= CATCH_UP_IN_FLIGHT) await Promise.race(writing);
    }
    await Promise.all(writing);
  } catch (e) {
    await Promise.allSettled(writing);
    throw e;
  }
  return posted;
}

/**
 * The sessions of a page that the ledger has already (their operator share is posted) or that a
 * driver session is still settling (it posts them itself when it settles). One index probe per id
 * (LATERAL … LIMIT 1): left to plan `sourceId = ANY(…)`, PostgreSQL scanned the tenant's every
 * session entry for each page.
 */
async function postedOrSettling(db: Db, tenantId: string, ids: string[]): Promise<Set<string>> {
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT s.id::text AS id FROM unnest(${ids}::uuid[]) AS s(id)
    CROSS JOIN LATERAL (
      SELECT 1 FROM "JournalEntry" e
      WHERE e."tenantId" = ${tenantId}::uuid AND e."sourceKind" = 'OPERATOR_SHARE' AND e."sourceId" = s.id::text
        AND e.purpose = 'session-settled'
      LIMIT 1
    ) hit
    UNION ALL
    SELECT d."transactionId"::text FROM "DriverSession" d
    WHERE d."transactionId" = ANY(${ids}::uuid[]) AND d.status <> 'SETTLED'`;
  return new Set(rows.map((r) => r.id));
}

const paymentSelect = { id: true, capturedMinor: true, gatewayFeeMinor: true, gatewayTaxMinor: true } as const;

async function foldWeek(
  db: Db,
  { setup, week, weekStart }: { setup: SettlementSetup; week: Week; weekStart: Date },
): Promise<{ closed: WeekClose; pans: Map<string, string | null> }> {
  const { tenantId } = setup;
  const vendors = await db.vendor.findMany({ where: { tenantId }, select: { id: true, pan: true } });
  const acc = startWeek({
    week,
    currency: setup.currency,
    taxRules: setup.taxRules,
    vendors: new Map(vendors.map((v) => [v.id, { pan: v.pan }])),
  });
  await forEachBookedEntryPage(db, { tenantId, from: weekStart, to: new Date(week.end) }, (page) => {
    for (const e of page) addEntry(acc, e);
  });
  return {
    closed: finishWeek(acc, { openingCarry: await openingCarry(db, tenantId, weekStart) }),
    pans: new Map(vendors.map((v) => [v.id, v.pan])),
  };
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

function statementRows(tenantId: string, weekId: string, closed: WeekClose, pans: Map<string, string | null>) {
  const rows = [];
  for (const v of closed.vendors) {
    if (v.vendorId === null) continue;
    // The PAN and rates this close withheld with: the quarter's summary reports them as they were.
    const taxAtClose = {
      pan: pans.get(v.vendorId) ?? null,
      panValid: v.panValid,
      tdsRateBps: v.tdsRateBps,
      tcsRateBps: v.tcsRateBps,
    };
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
      ...taxAtClose,
      openingMinor: v.openingCarryMinor,
      netPayableMinor: v.netPayableMinor,
    });
    for (const s of v.sites) {
      rows.push({ tenantId, weekId, vendorId: v.vendorId, siteKey: s.siteId ?? 'none', ...figures(s), ...taxAtClose });
    }
  }
  return rows;
}
