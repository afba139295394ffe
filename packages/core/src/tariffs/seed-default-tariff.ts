import type { Db } from '@magma/db';
import { isoMinorUnits, parseTariffDefinition, type TariffDefinitionInput } from '@magma/tariff';
import { AppError } from '../errors/app-error.ts';
import { publishTariffVersion, type PublishedTariffVersion } from './publish-tariff-version.ts';

export const DEFAULT_TARIFF_NAME = 'Standard';

/** ₹18/kWh, ₹22/kWh from 18:00 to 22:00, ₹2/min idle after 10 minutes, GST shown separately. */
export function defaultTariffDefinition({ taxRateBps = 1800, currency = 'INR' } = {}): TariffDefinitionInput {
  const idle = { dimension: 'PARKING', priceMinor: 200, per: 'minute' } as const;
  return {
    currency,
    minorUnits: isoMinorUnits(currency) ?? 2,
    taxRateBps,
    elements: [
      {
        label: 'Peak 18:00–22:00',
        components: [{ dimension: 'ENERGY', priceMinor: 2200, per: 'kWh' }, idle],
        restrictions: { startTime: '18:00', endTime: '22:00' },
      },
      { label: 'Standard', components: [{ dimension: 'ENERGY', priceMinor: 1800, per: 'kWh' }, idle] },
    ],
    idle: { graceMinutes: 10, idleBelowW: 50 },
  };
}

/**
 * Gives a tenant the demo tariff, fleet-wide, once: a tenant that already has a fleet-wide tariff
 * with a published version is left as it is. activeFrom defaults to 2020-01-01 so seeded session
 * history can be priced.
 */
export async function seedDefaultTariff({
  db,
  tenantId,
  activeFrom = new Date('2020-01-01T00:00:00Z'),
}: {
  db: Db;
  tenantId: string;
  activeFrom?: Date;
}): Promise<PublishedTariffVersion & { created: boolean }> {
  const tenant = await db.tenant.findUnique({ where: { id: tenantId }, select: { taxRateBps: true, currency: true } });
  if (!tenant) throw new AppError('NOT_FOUND', 'Tenant not found');
  const existing = await db.tariffVersion.findFirst({
    where: { tenantId, tariff: { siteId: null, connectorType: null, archived: false } },
    orderBy: { version: 'desc' },
  });
  if (existing) {
    return {
      tariffId: existing.tariffId,
      versionId: existing.id,
      version: existing.version,
      activeFrom: existing.activeFrom,
      definition: parseTariffDefinition(existing.definition),
      created: false,
    };
  }
  const published = await publishTariffVersion({
    db,
    tenantId,
    name: DEFAULT_TARIFF_NAME,
    description: 'Demo tariff: peak evening energy price and an idle fee after a grace period',
    definition: defaultTariffDefinition({ taxRateBps: tenant.taxRateBps, currency: tenant.currency }),
    activeFrom,
  });
  return { ...published, created: true };
}
