import type { Prisma } from '@magma/db';
import { enqueueEvent, eventIdOf } from '../events/index.ts';

// settlement.closed, written in the transaction that closes the week: one per vendor statement
// (the vendor's week net, so a vendor's stream sees its own), or one for the whole tenant with
// amount 0 when the week had no vendor figures. Keyed by the week (and vendor): closing twice
// writes nothing twice.

export async function emitSettlementClosed(
  tx: Prisma.TransactionClient,
  { tenantId, weekId, at }: { tenantId: string; weekId: string; at: Date },
): Promise<void> {
  // One query at a time: a transaction's client runs one statement at once (pg warns on overlap).
  const week = await tx.settlementWeek.findUniqueOrThrow({
    where: { id: weekId },
    select: { weekStart: true, weekEnd: true },
  });
  const tenant = await tx.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { currency: true } });
  const totals = await tx.settlementStatement.findMany({
    where: { weekId, siteKey: '' },
    select: { vendorId: true, weekNetMinor: true },
    orderBy: { vendorId: 'asc' },
  });
  const rows: { vendorId: string | null; weekNetMinor: number }[] =
    totals.length > 0
      ? totals.map((t) => ({ vendorId: t.vendorId, weekNetMinor: Number(t.weekNetMinor) }))
      : [{ vendorId: null, weekNetMinor: 0 }];
  for (const r of rows) {
    await enqueueEvent(tx, {
      id: eventIdOf('settlement.closed', r.vendorId ? `${weekId}_${r.vendorId}` : weekId),
      type: 'settlement.closed',
      tenantId,
      vendorId: r.vendorId,
      occurredAt: at,
      data: {
        settlementId: weekId,
        vendorId: r.vendorId,
        periodStart: week.weekStart.toISOString(),
        periodEnd: week.weekEnd.toISOString(),
        amountMinor: r.weekNetMinor,
        currency: tenant.currency,
      },
    });
  }
}
