import { z } from 'zod';
import type { Db } from '@magma/db';
import { atBestLocation, ENERGY, ENERGY_INTERVAL, energyPerTime } from '../charging/meter-readings.ts';
import { adjustmentRefundView } from '../driver/driver-refund.ts';
import { AppError } from '../errors/app-error.ts';
import { estimateTransactionCost } from '../tariffs/estimate-transaction-cost.ts';
import { scopedDb } from '../tenancy/scoped-db.ts';
import { isVendorScope, type Scope } from '../tenancy/scope.ts';

export const sessionDetailInput = z.object({ sessionId: z.uuid() });

export type CurvePoint = { at: Date; energyWh: number | null; powerW: number | null; soc: number | null };

const MAX_SAMPLES = 20_000;

type Sample = {
  timestamp: Date;
  measurand: string;
  phase?: string | null;
  location?: string | null;
  unit: string | null;
  value: number;
};

/**
 * One point per sampling instant. Energy is the session's energy as pricing and the live figures
 * read it (energyPerTime): the whole-meter register, else the sum of the phase registers, else the
 * intervals (Energy.Active.Import.Interval) added up from the session's start. Power is the reported
 * Power.Active.Import where the charger sends it, otherwise derived from the energy between
 * consecutive readings and given to the first of the two (each point's power holds until the next).
 */
export function meterCurve(samples: readonly Sample[], opts: { startedAt?: Date } = {}): CurvePoint[] {
  const byTime = new Map<number, CurvePoint>();
  const pointAt = (t: number) => {
    let p = byTime.get(t);
    if (!p) byTime.set(t, (p = { at: new Date(t), energyWh: null, powerW: null, soc: null }));
    return p;
  };
  const registers = energyPerTime(samples.filter((s) => s.measurand === ENERGY));
  for (const [t, wh] of registers) pointAt(t).energyWh = Math.round(wh);
  if (registers.size === 0) {
    const intervals = [...energyPerTime(samples.filter((s) => s.measurand === ENERGY_INTERVAL))].sort(
      (a, b) => a[0] - b[0],
    );
    let total = 0;
    for (const [t, wh] of intervals) {
      // An interval never takes energy back.
      if (wh > 0) total += wh;
      pointAt(t).energyWh = Math.round(total);
    }
    const start = opts.startedAt?.getTime();
    if (intervals.length > 0 && start !== undefined && start < intervals[0]![0]) pointAt(start).energyWh = 0;
  }
  for (const s of atBestLocation(samples.filter((x) => !x.phase))) {
    const k = s.unit === 'kWh' || s.unit === 'kW' ? 1000 : 1;
    if (s.measurand === 'Power.Active.Import') pointAt(s.timestamp.getTime()).powerW = Math.round(s.value * k);
    else if (s.measurand === 'SoC') pointAt(s.timestamp.getTime()).soc = Math.round(s.value);
  }
  const points = [...byTime.values()].sort((a, b) => a.at.getTime() - b.at.getTime());
  const reportsPower = points.some((p) => p.powerW !== null);
  if (reportsPower) return points;
  // Derived, a reading's power is the average until the next reading (as a reported one holds until
  // the next sample): 10 kWh between 13:33 and 13:46 is 46 kW from 13:33, not a spike at 13:46.
  const readings = points.filter((p) => p.energyWh !== null);
  for (let i = 0; i + 1 < readings.length; i++) {
    const a = readings[i]!;
    const b = readings[i + 1]!;
    const hours = (b.at.getTime() - a.at.getTime()) / 3_600_000;
    if (hours > 0) a.powerW = Math.max(0, Math.round((b.energyWh! - a.energyWh!) / hours));
  }
  return points;
}

export async function getSessionDetail({
  db,
  scope,
  input,
}: {
  db: Db;
  scope: Scope;
  input: z.input<typeof sessionDetailInput>;
}) {
  const { sessionId } = sessionDetailInput.parse(input);
  const sdb = scopedDb(db, scope);
  const session = await sdb.transaction.findFirst({
    where: { id: sessionId },
    include: {
      charger: {
        select: { id: true, identity: true, model: true, site: { select: { id: true, name: true, city: true } } },
      },
      idToken: { select: { token: true, label: true, type: true, vendorId: true } },
      payment: {
        select: {
          provider: true,
          status: true,
          currency: true,
          capturedMinor: true,
          refundedMinor: true,
          payerVpaMasked: true,
          payerPhoneMasked: true,
          refunds: {
            select: {
              id: true,
              amountMinor: true,
              status: true,
              reason: true,
              createdAt: true,
              providerRefundId: true,
              anomaly: true,
            },
            orderBy: { createdAt: 'asc' },
          },
        },
      },
    },
  });
  if (!session) throw new AppError('NOT_FOUND', 'No such session');
  // The card record is the card owner's: a vendor user reads its own cards, never the operator's or
  // another vendor's (the id the charger reported stays in idTag).
  const { idToken: card, payment, ...row } = session;
  const idToken =
    card && (!isVendorScope(scope) || card.vendorId === scope.vendorId)
      ? { token: card.token, label: card.label, type: card.type }
      : null;
  // A driver session settled on the CSMS's estimate and re-priced later on the charger's own stop
  // (adjust-settled-session.ts): what it was charged and what the final figures would have cost.
  // Driver sessions are the operator's: a vendor user does not see them.
  const driver = isVendorScope(scope)
    ? null
    : await sdb.driverSession.findFirst({
        where: { transactionId: sessionId },
        select: {
          id: true,
          status: true,
          paymentId: true,
          costMinor: true,
          adjustmentMinor: true,
          adjustedAt: true,
        },
      });
  const samples = await sdb.meterSample.findMany({
    where: {
      transactionId: sessionId,
      measurand: { in: [ENERGY, ENERGY_INTERVAL, 'Power.Active.Import', 'SoC'] },
    },
    orderBy: { timestamp: 'asc' },
    take: MAX_SAMPLES,
    select: { timestamp: true, measurand: true, phase: true, location: true, unit: true, value: true },
  });
  // A running session's cost so far, the same estimate the driver's live page and the charger's
  // cost updates show; a session no tariff applies to has none.
  const estimate =
    session.status === 'ACTIVE'
      ? await estimateTransactionCost({ db, tenantId: scope.tenantId, transactionId: sessionId })
      : null;
  const tariffVersionId = session.tariffVersionId ?? (estimate?.tariffVersionId || null);
  // The session was found through the scoped client; its tariff version is read by the tenant.
  const version = tariffVersionId
    ? await db.tariffVersion.findFirst({
        where: { id: tariffVersionId, tenantId: scope.tenantId },
        select: { id: true, version: true, tariff: { select: { id: true, name: true } } },
      })
    : null;
  const tariff = version
    ? { tariffId: version.tariff.id, name: version.tariff.name, versionId: version.id, version: version.version }
    : null;
  return {
    session: { ...row, idToken, costLines: costLines(session.costLines) },
    tariff,
    estimate: estimate && {
      /** Before GST, its GST, and the two together (what the driver pays), all so far. */
      netMinor: estimate.subtotalMinor,
      taxMinor: estimate.taxMinor,
      totalMinor: estimate.totalMinor,
      currency: estimate.currency,
      energyWh: estimate.energyWh,
      at: estimate.at,
      lines: costLines(estimate.lines),
    },
    payment: payment && {
      ...payment,
      // Refunds the gateway declined are the operator's to return to the driver some other way.
      declinedMinor: payment.refunds.filter((r) => r.status === 'FAILED').reduce((n, r) => n + r.amountMinor, 0),
    },
    curve: meterCurve(samples, { startedAt: session.startedAt }),
    driverSession: driver && {
      ...driver,
      // What became of money the adjustment found was owed back (refunded, or under the gateway's minimum).
      adjustmentRefund: payment ? adjustmentRefundView(driver, payment, payment.refunds) : null,
    },
  };
}

export type CostLine = {
  label: string;
  dimension: string;
  quantity: number;
  unit: string;
  amountMinor: number;
  taxMinor: number;
};

function costLines(json: unknown): CostLine[] {
  const lines = Array.isArray(json)
    ? json
    : Array.isArray((json as { lines?: unknown })?.lines)
      ? (json as { lines: unknown[] }).lines
      : [];
  return lines.flatMap((l: Record<string, unknown>) =>
    typeof l?.amountMinor === 'number'
      ? [
          {
            label: String(l.label ?? l.dimension ?? ''),
            dimension: String(l.dimension ?? ''),
            quantity: Number(l.quantity ?? 0),
            unit: String(l.unit ?? ''),
            amountMinor: l.amountMinor,
            taxMinor: Number(l.taxMinor ?? 0),
          },
        ]
      : [],
  );
}
