import type { Db } from '@magma/db';
import { formatMinor, quoteSession, type PricedLine, type TariffDefinition } from '@magma/tariff';
import { estimateTransactionCost } from '../../tariffs/estimate-transaction-cost.ts';
import { priceTransaction } from '../../tariffs/price-transaction.ts';
import { recordWriteOff, transactionBilling } from '../../tariffs/record-write-off.ts';
import { resolveTariffForConnector } from '../../tariffs/resolve-tariff-for-connector.ts';
import { energyEstimate, priceSchedule } from '../price-schedule.ts';
import type { ConnectorPrice, DriverPricingPort, PricedLineView, PricedTransaction } from '../types.ts';

// The driver pages' prices: the tariffs module resolves, prices and estimates; this adapter only
// shapes its answers for the driver flow (current energy price with tax, quotes, line views).

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

/** How a line's unit price reads: per kWh, per hour (h), per minute (min), per session. */
const PER_LABEL = { kWh: 'kWh', hour: 'h', minute: 'min', session: 'session' } as const;

export function lineViews(lines: readonly PricedLine[]): PricedLineView[] {
  return lines
    .filter((l) => l.amountMinor !== 0 || l.free)
    .map((l) => {
      const unit = l.unit === 'mWh' ? ('kWh' as const) : l.unit === 'ms' ? ('min' as const) : ('session' as const);
      const quantityValue =
        l.unit === 'mWh' ? l.quantity / 1_000_000 : l.unit === 'ms' ? Math.round(l.quantity / 60_000) : 1;
      return {
        label: `${LINE_NAMES[l.dimension] ?? l.dimension}${l.label && l.label !== l.dimension ? ` · ${l.label}` : ''}${l.free ? ' (free)' : ''}`,
        quantity: unit === 'kWh' ? `${quantityValue.toFixed(2)} kWh` : unit === 'min' ? `${quantityValue} min` : '1',
        quantityValue,
        unit,
        // The price as the tariff states it: ₹60.00/h stays per hour when the quantity reads in minutes.
        unitPriceMinor: l.unitPriceMinor,
        per: PER_LABEL[l.per],
        amountMinor: l.amountMinor,
        taxMinor: l.taxMinor,
      };
    });
}

async function pricedView(db: Db, transactionId: string, lines: readonly PricedLine[]): Promise<PricedTransaction> {
  const { currency, taxRateBps, amounts } = await transactionBilling({ db, transactionId });
  return {
    costMinor: amounts.driver.grossMinor,
    taxMinor: amounts.driver.taxMinor,
    sponsorMinor: amounts.sponsor.grossMinor,
    taxRateBps,
    currency,
    lines: lineViews(lines),
    amounts,
  };
}

export function pricingPort(): DriverPricingPort {
  return {
    async connectorPrice({ db, tenantId, connectorRowId, at }): Promise<ConnectorPrice | null> {
      const c = await db.connector.findFirst({
        where: { id: connectorRowId, tenantId },
        include: { charger: { include: { tenant: true } } },
      });
      if (!c) return null;
      const tariff = await resolveTariffForConnector({ db, tenantId, connectorRowId, at });
      if (!tariff) return null;
      const d = tariff.definition;
      const described = describe(d);
      const powerKw = Number(c.maxPowerKw ?? c.charger.maxPowerKw ?? 7.4) || 7.4;
      const timeZone = c.charger.tenant.timezone;
      // The energy price that applies now (time-of-day tariffs): the ENERGY line of a 1 kWh quote.
      const nowLine = quoteSession(d, { startAt: at.getTime(), energyKwh: 1, powerKw, timeZone }).lines.find(
        (l) => l.dimension === 'ENERGY' && !l.free,
      );
      const energy = nowLine ? nowLine.unitPriceMinor : described.energy;
      return {
        currency: d.currency,
        tariffName: tariff.tariffName,
        taxRateBps: d.taxRateBps,
        energyPerKwhMinor: energy,
        energyPerKwhInclTaxMinor: energy === null ? null : withTax(energy, d.taxRateBps),
        otherLines: described.other,
        schedule: priceSchedule(d, nowLine ?? null),
        estimate: energyEstimate(d, { startAt: at.getTime(), powerKw, timeZone }),
        quoteForWh: (wh) =>
          quoteSession(d, { startAt: at.getTime(), energyKwh: wh / 1000, powerKw, timeZone }).driverMinor,
      };
    },

    async priceTransaction({ db, transactionId }): Promise<PricedTransaction> {
      const p = await priceTransaction({ db, transactionId });
      return pricedView(db, transactionId, p.lines);
    },

    async writeOff({ db, transactionId, writtenOffMinor }): Promise<PricedTransaction> {
      await recordWriteOff({ db, transactionId, writtenOffMinor });
      const p = await priceTransaction({ db, transactionId });
      return pricedView(db, transactionId, p.lines);
    },

    async estimateTransaction({ db, transactionId, at }) {
      const tx = await db.transaction.findUnique({ where: { id: transactionId }, select: { tenantId: true } });
      if (!tx) return null;
      const e = await estimateTransactionCost({ db, tenantId: tx.tenantId, transactionId, now: at });
      return e ? { costMinor: e.driverMinor, energyWh: e.energyWh } : null;
    },
  };
}
