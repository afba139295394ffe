import type { Db, Prisma } from '@magma/db';
import {
  estimateSession,
  formatMinor,
  priceSession,
  quoteSession,
  tariffDefinitionSchema,
  type MeterSampleInput,
  type PricedSession,
  type TariffDefinition,
} from '@magma/tariff';
import { AppError } from '../../errors/app-error.ts';
import type { ConnectorPrice, DriverPricingPort, PricedLineView, PricedTransaction } from '../types.ts';

// The driver pages' prices, through the pure tariff engine. Resolution follows the tariff model:
// the most specific non-archived tariff (site + connector type, then site, then type, then fleet),
// higher priority first, at its latest version active at the instant.

type Resolved = { versionId: string; name: string; definition: TariffDefinition };

export async function resolveTariffFor({
  db,
  tenantId,
  siteId,
  connectorType,
  at,
}: {
  db: Db;
  tenantId: string;
  siteId: string | null;
  connectorType: string;
  at: Date;
}): Promise<Resolved | null> {
  const tariffs = await db.tariff.findMany({
    where: {
      tenantId,
      archived: false,
      AND: [{ OR: [{ siteId: null }, ...(siteId ? [{ siteId }] : [])] }, { OR: [{ connectorType: null }, { connectorType: connectorType as never }] }],
    },
    include: { versions: { where: { activeFrom: { lte: at } }, orderBy: { version: 'desc' }, take: 1 } },
  });
  const ranked = tariffs
    .filter((t) => t.versions.length > 0)
    .sort((a, b) => specificity(b) - specificity(a) || b.priority - a.priority || b.updatedAt.getTime() - a.updatedAt.getTime());
  const best = ranked[0];
  if (!best) return null;
  const v = best.versions[0]!;
  return { versionId: v.id, name: best.name, definition: tariffDefinitionSchema.parse(v.definition) };
}

const specificity = (t: { siteId: string | null; connectorType: unknown }) => (t.siteId ? 2 : 0) + (t.connectorType ? 1 : 0);

function withTax(minor: number, bps: number): number {
  // Half-up on the tax, as the engine does per line.
  return minor + Math.floor((minor * bps + 5000) / 10000);
}

function describe(definition: TariffDefinition): { energy: number | null; other: string[] } {
  const first = definition.elements[0];
  let energy: number | null = null;
  const other: string[] = [];
  const rupees = (m: number) => `₹${formatMinor(m, definition.minorUnits)}`;
  for (const c of first?.components ?? []) {
    if (c.dimension === 'ENERGY') energy = c.priceMinor;
    if (c.dimension === 'FLAT') other.push(`${rupees(c.priceMinor)} per session`);
    if (c.dimension === 'TIME') other.push(`${rupees(c.priceMinor)} per ${c.per} of charging`);
    if (c.dimension === 'PARKING') {
      const grace = definition.idle.graceMinutes;
      other.push(`${rupees(c.priceMinor)} per ${c.per} idle${grace ? ` after ${grace} min` : ''}`);
    }
  }
  if (definition.elements.length > 1) other.push('Prices vary by time of day');
  return { energy, other };
}

const LINE_NAMES: Record<string, string> = {
  ENERGY: 'Energy',
  TIME: 'Charging time',
  PARKING: 'Idle fee',
  FLAT: 'Session fee',
  MIN_PRICE: 'Minimum price',
  MAX_PRICE: 'Price cap',
};

export function lineViews(priced: PricedSession): PricedLineView[] {
  return priced.lines
    .filter((l) => l.amountMinor !== 0 || l.free)
    .map((l) => {
      const unit = l.unit === 'mWh' ? ('kWh' as const) : l.unit === 'ms' ? ('min' as const) : ('session' as const);
      const quantityValue = l.unit === 'mWh' ? l.quantity / 1_000_000 : l.unit === 'ms' ? Math.round(l.quantity / 60_000) : 1;
      return {
        label: `${LINE_NAMES[l.dimension] ?? l.dimension}${l.label && l.label !== l.dimension ? ` · ${l.label}` : ''}${l.free ? ' (free)' : ''}`,
        quantity: unit === 'kWh' ? `${quantityValue.toFixed(2)} kWh` : unit === 'min' ? `${quantityValue} min` : '1',
        quantityValue,
        unit,
        unitPriceMinor: l.unitPriceMinor,
        per: l.per,
        amountMinor: l.amountMinor,
        taxMinor: l.taxMinor,
      };
    });
}

async function samplesOf(db: Db, tx: { id: string; startedAt: Date; meterStartWh: number | null; energyWh: number; lastMeterAt: Date | null; stoppedAt: Date | null }) {
  const rows = await db.meterSample.findMany({
    where: { transactionId: tx.id, measurand: 'Energy.Active.Import.Register', phase: null },
    orderBy: { timestamp: 'asc' },
    select: { timestamp: true, value: true, unit: true },
    take: 20_000,
  });
  const start = tx.meterStartWh;
  const samples: MeterSampleInput[] = [{ at: tx.startedAt.getTime(), energyWh: 0 }];
  if (start !== null) {
    for (const r of rows) {
      const wh = r.unit === 'kWh' ? r.value * 1000 : r.value;
      if (r.timestamp >= tx.startedAt) samples.push({ at: r.timestamp.getTime(), energyWh: Math.max(0, wh - start) });
    }
  }
  const end = tx.stoppedAt ?? tx.lastMeterAt;
  if (end) samples.push({ at: end.getTime(), energyWh: tx.energyWh });
  return samples;
}

export function pricingPort(): DriverPricingPort {
  async function forTransaction(db: Db, transactionId: string) {
    const tx = await db.transaction.findUniqueOrThrow({ where: { id: transactionId }, include: { tenant: true, charger: true } });
    const connector = await db.connector.findFirst({ where: { chargerId: tx.chargerId, evseId: tx.evseId } });
    const tariff = tx.tariffVersionId
      ? await db.tariffVersion
          .findUnique({ where: { id: tx.tariffVersionId }, include: { tariff: true } })
          .then((v) => (v ? { versionId: v.id, name: v.tariff.name, definition: tariffDefinitionSchema.parse(v.definition) } : null))
      : await resolveTariffFor({ db, tenantId: tx.tenantId, siteId: tx.siteId, connectorType: connector?.type ?? 'OTHER', at: tx.startedAt });
    return { tx, tariff };
  }

  return {
    async connectorPrice({ db, tenantId, connectorRowId, at }): Promise<ConnectorPrice | null> {
      const c = await db.connector.findFirst({ where: { id: connectorRowId, tenantId }, include: { charger: { include: { tenant: true } } } });
      if (!c) return null;
      const tariff = await resolveTariffFor({ db, tenantId, siteId: c.charger.siteId, connectorType: c.type, at });
      if (!tariff) return null;
      const d = tariff.definition;
      const described = describe(d);
      const powerKw = Number(c.maxPowerKw ?? c.charger.maxPowerKw ?? 7.4) || 7.4;
      const timeZone = c.charger.tenant.timezone;
      // The energy price that applies now (time-of-day tariffs): the ENERGY line of a 1 kWh quote.
      const nowLine = quoteSession(d, { startAt: at.getTime(), energyKwh: 1, powerKw, timeZone }).lines.find((l) => l.dimension === 'ENERGY' && !l.free);
      const energy = nowLine ? nowLine.unitPriceMinor : described.energy;
      const other = described.other;
      return {
        currency: d.currency,
        tariffName: tariff.name,
        taxRateBps: d.taxRateBps,
        energyPerKwhMinor: energy,
        energyPerKwhInclTaxMinor: energy === null ? null : withTax(energy, d.taxRateBps),
        otherLines: other,
        quoteForWh: (wh) =>
          quoteSession(d, { startAt: at.getTime(), energyKwh: wh / 1000, powerKw, timeZone }).driverMinor,
      };
    },

    async priceTransaction({ db, transactionId }): Promise<PricedTransaction> {
      const { tx, tariff } = await forTransaction(db, transactionId);
      if (!tariff) throw new AppError('CONFLICT', 'No tariff applies to this session');
      const priced = priceSession(tariff.definition, {
        samples: await samplesOf(db, tx),
        timeZone: tx.tenant.timezone,
        startedAt: tx.startedAt.getTime(),
        endedAt: (tx.stoppedAt ?? new Date()).getTime(),
      });
      if (tx.status === 'COMPLETED' && tx.pricedAt === null) {
        // Priced once; a price written first by the relay's pricing hook is kept.
        await db.transaction.updateMany({
          where: { id: tx.id, pricedAt: null },
          data: {
            tariffVersionId: tariff.versionId,
            currency: priced.currency,
            costMinor: priced.subtotalMinor,
            taxMinor: priced.taxMinor,
            sponsorMinor: priced.sponsorMinor,
            costLines: priced.lines as unknown as Prisma.InputJsonValue,
            pricedAt: new Date(),
          },
        });
      }
      const stored = await db.transaction.findUniqueOrThrow({ where: { id: tx.id } });
      if (stored.pricedAt && stored.costMinor !== null) {
        const driverMinor = stored.costMinor + (stored.taxMinor ?? 0) - (stored.sponsorMinor ?? 0);
        return {
          costMinor: driverMinor,
          taxMinor: stored.taxMinor ?? 0,
          sponsorMinor: stored.sponsorMinor ?? 0,
          taxRateBps: priced.taxRateBps,
          currency: stored.currency,
          lines: lineViews(priced),
        };
      }
      return {
        costMinor: priced.driverMinor,
        taxMinor: priced.taxMinor,
        sponsorMinor: priced.sponsorMinor,
        taxRateBps: priced.taxRateBps,
        currency: priced.currency,
        lines: lineViews(priced),
      };
    },

    async estimateTransaction({ db, transactionId, at }) {
      const { tx, tariff } = await forTransaction(db, transactionId);
      if (!tariff) return null;
      const priced = estimateSession(tariff.definition, {
        samples: await samplesOf(db, tx),
        timeZone: tx.tenant.timezone,
        startedAt: tx.startedAt.getTime(),
        now: Math.max(at.getTime(), tx.startedAt.getTime()),
      });
      return { costMinor: priced.driverMinor };
    },
  };
}
