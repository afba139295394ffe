import type { Db, Prisma } from '@magma/db';
import { parseTariffDefinition, type MeterSampleInput } from '@magma/tariff';
import { ENERGY, ENERGY_INTERVAL, energyPerTime } from '../charging/meter-readings.ts';
import { AppError } from '../errors/app-error.ts';
import { resolveTariffForConnector, type ResolvedTariff } from './resolve-tariff-for-connector.ts';

// Shared by pricing and estimating: what the engine needs to know about one transaction.

type TransactionRow = {
  id: string;
  tenantId: string;
  chargerId: string;
  siteId: string | null;
  evseId: number;
  connectorId: number;
  startedAt: Date;
  authorizedAt: Date | null;
  stoppedAt: Date | null;
  meterStartWh: number | null;
  meterStopWh: number | null;
  energyWh: number;
  lastMeterWh: number | null;
  lastMeterAt: Date | null;
  tariffVersionId: string | null;
};

/** The version recorded on the transaction, else the one active for its connector when it was authorised. */
export async function tariffForTransaction(
  db: Db,
  tx: TransactionRow,
): Promise<{ resolved: ResolvedTariff; recorded: boolean } | null> {
  if (tx.tariffVersionId) {
    const v = await db.tariffVersion.findFirst({
      where: { id: tx.tariffVersionId, tenantId: tx.tenantId },
      include: { tariff: { select: { name: true } } },
    });
    if (!v) throw new AppError('NOT_FOUND', 'The tariff version recorded on this transaction no longer exists');
    return {
      recorded: true,
      resolved: {
        tariffId: v.tariffId,
        tariffName: v.tariff.name,
        versionId: v.id,
        version: v.version,
        activeFrom: v.activeFrom,
        definition: parseTariffDefinition(v.definition),
      },
    };
  }
  const [connector, charger] = await Promise.all([
    db.connector.findFirst({
      where: { tenantId: tx.tenantId, chargerId: tx.chargerId, evseId: tx.evseId },
      orderBy: { connectorId: 'asc' },
      select: { type: true, connectorId: true },
    }),
    db.charger.findFirst({ where: { id: tx.chargerId, tenantId: tx.tenantId }, select: { siteId: true } }),
  ]);
  const resolved = await resolveTariffForConnector({
    db,
    tenantId: tx.tenantId,
    at: tx.authorizedAt ?? tx.startedAt,
    siteId: tx.siteId ?? charger?.siteId ?? null,
    connectorType: connector?.type ?? null,
  });
  return resolved ? { resolved, recorded: false } : null;
}

/**
 * Energy register readings of the transaction in Wh: the sampled register (the whole meter's, else
 * the sum of its phases, at the connector unless the charger reports it elsewhere only), plus the
 * start and stop readings the charger reported, plus the relay's latest reading. A charger that
 * reports no register, only the energy of each interval, has its intervals added up from the start
 * reading: the energy the relay credited the session with, read where it was delivered.
 */
export async function samplesForTransaction(db: Db, tx: TransactionRow): Promise<MeterSampleInput[]> {
  const rows = await db.meterSample.findMany({
    where: { tenantId: tx.tenantId, transactionId: tx.id, measurand: { in: [ENERGY, ENERGY_INTERVAL] } },
    orderBy: { timestamp: 'asc' },
    select: { timestamp: true, measurand: true, phase: true, location: true, value: true, unit: true },
  });
  const registers = energyPerTime(rows.filter((r) => r.measurand === ENERGY));
  const samples: MeterSampleInput[] = [];
  for (const [at, energyWh] of registers) samples.push({ at, energyWh });
  if (registers.size === 0) {
    let energyWh = tx.meterStartWh ?? 0;
    for (const [at, wh] of [...energyPerTime(rows.filter((r) => r.measurand === ENERGY_INTERVAL))].sort(
      (a, b) => a[0] - b[0],
    )) {
      if (wh > 0) energyWh += wh;
      samples.push({ at, energyWh });
    }
    if (samples.length > 0) samples.push({ at: tx.startedAt.getTime(), energyWh: tx.meterStartWh ?? 0 });
  }
  if (tx.meterStartWh !== null) samples.push({ at: tx.startedAt.getTime(), energyWh: tx.meterStartWh });
  if (tx.meterStopWh !== null && tx.stoppedAt) samples.push({ at: tx.stoppedAt.getTime(), energyWh: tx.meterStopWh });
  if (tx.lastMeterWh !== null && tx.lastMeterAt)
    samples.push({ at: tx.lastMeterAt.getTime(), energyWh: tx.lastMeterWh });
  if (samples.length < 2 && tx.energyWh > 0) {
    // No register readings: all we know is the total, spread evenly over the session.
    const end = tx.stoppedAt ?? tx.lastMeterAt ?? tx.startedAt;
    return [
      { at: tx.startedAt.getTime(), energyWh: 0 },
      { at: end.getTime(), energyWh: tx.energyWh },
    ];
  }
  return samples;
}

/**
 * What a session is billed for: the whole transaction, unless the station started it before anyone
 * authorised it (2.0.1, cable plugged in first: TxStartPoint EVConnected). Then the bill starts at
 * the authorization, when the driver paid (or tapped a card): the time before it is not charging
 * time, and the register at that moment is the start reading. That register is the highest one read
 * at or before the authorization, because no energy is offered before it; whatever the meter counted
 * while the car waited is not the driver's.
 */
export function billedSpan(
  tx: Pick<TransactionRow, 'startedAt' | 'authorizedAt'>,
  samples: readonly MeterSampleInput[],
): { startedAt: number; samples: MeterSampleInput[] } {
  const startedAt = tx.startedAt.getTime();
  const from = tx.authorizedAt?.getTime();
  if (from === undefined || from <= startedAt) return { startedAt, samples: [...samples] };
  let atAuthorization: number | null = null;
  const after: MeterSampleInput[] = [];
  for (const s of samples) {
    if (s.at > from) after.push(s);
    else if (atAuthorization === null || s.energyWh > atAuthorization) atAuthorization = s.energyWh;
  }
  return {
    startedAt: from,
    samples: atAuthorization === null ? after : [{ at: from, energyWh: atAuthorization }, ...after],
  };
}

/**
 * The start and energy a driver's receipt shows: the transaction's own, or from the authorization
 * when the station started the transaction earlier (the part the driver is billed for, billedSpan).
 */
export async function billedFigures(db: Db, tx: TransactionRow): Promise<{ startedAt: Date; energyWh: number }> {
  if (!tx.authorizedAt || tx.authorizedAt <= tx.startedAt) return { startedAt: tx.startedAt, energyWh: tx.energyWh };
  const billed = billedSpan(tx, await samplesForTransaction(db, tx));
  const registers = billed.samples.map((s) => s.energyWh);
  const energyWh = registers.length >= 2 ? Math.max(...registers) - Math.min(...registers) : 0;
  return { startedAt: new Date(billed.startedAt), energyWh: Math.round(Math.min(energyWh, tx.energyWh)) };
}

export const transactionSelect = {
  id: true,
  tenantId: true,
  chargerId: true,
  siteId: true,
  evseId: true,
  connectorId: true,
  status: true,
  startedAt: true,
  authorizedAt: true,
  stoppedAt: true,
  meterStartWh: true,
  meterStopWh: true,
  energyWh: true,
  lastMeterWh: true,
  lastMeterAt: true,
  tariffVersionId: true,
  currency: true,
  costMinor: true,
  taxMinor: true,
  sponsorMinor: true,
  writtenOffMinor: true,
  costLines: true,
  pricedAt: true,
  tenant: { select: { timezone: true } },
} as const;

/** The transaction with what pricing and estimating read; `where` carries the caller's tenant scope. */
export async function findTransactionForPricing(db: Db, where: Prisma.TransactionWhereInput) {
  const tx = await db.transaction.findFirst({ where, select: transactionSelect });
  if (!tx) throw new AppError('NOT_FOUND', 'Transaction not found');
  return tx;
}
