import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { AppError } from '@magma/core';
import {
  getConnectorForDriver,
  MAX_PREPAID_MINOR,
  MIN_PREPAID_MINOR,
  newSessionToken,
  type DriverConnector,
} from '@magma/core/driver';
import { AutoRefresh } from '@/components/driver/auto-refresh.tsx';
import { AvailabilityBadge, DriverShell } from '@/components/driver/driver-shell.tsx';
import { money } from '@/components/driver/format.ts';
import { PayForm } from '@/components/driver/pay-form.tsx';
import { PinForm } from '@/components/driver/pin-form.tsx';
import { driverDeps } from '@/server/driver.ts';
import { getTenantForDomain } from '@/server/tenant.ts';

type Props = { params: Promise<{ domain: string; code: string[] }> };

export const dynamic = 'force-dynamic';

export const metadata: Metadata = { title: 'Charge here' };

async function connectorOf(tenantId: string, code: string[]): Promise<DriverConnector> {
  try {
    return await getConnectorForDriver({ db: driverDeps().db, pricing: driverDeps().pricing, tenantId, code });
  } catch (e) {
    if (AppError.is(e) && e.code === 'NOT_FOUND') notFound();
    throw e;
  }
}

/** The QR sticker's page: status and price first, then the amount and Pay — no sign-in. */
export default async function ConnectorPage({ params }: Props) {
  const { domain, code } = await params;
  const { tenant, brand } = await getTenantForDomain(domain);
  const c = await connectorOf(tenant.id, code);
  const price = c.price;
  const sessionToken = newSessionToken();

  return (
    <DriverShell logoSrc={brand.logoSrc} name={tenant.name}>
      <AutoRefresh />
      <section className="rounded-2xl border border-line bg-surface p-5 shadow-sm">
        <div className="flex items-start justify-between gap-3">
          <div>
            <h1 className="text-xl font-bold" data-testid="connector-label">
              {c.label}
            </h1>
            {c.site ? (
              <p className="text-sm text-muted">
                {c.site.name}, {c.site.city}
              </p>
            ) : null}
          </div>
          <AvailabilityBadge state={c.availability.state} />
        </div>
        <p
          className={`mt-3 text-sm ${c.availability.canStart ? 'text-muted' : 'font-semibold text-red-700'}`}
          data-testid="availability-message"
        >
          {c.availability.message}
        </p>
        <dl className="mt-4 grid grid-cols-2 gap-3 text-sm">
          <div className="rounded-lg bg-tint p-3">
            <dt className="text-muted">Price</dt>
            <dd className="text-lg font-bold" data-testid="price-per-kwh">
              {price?.energyPerKwhInclTaxMinor != null
                ? `${money(price.energyPerKwhInclTaxMinor, price.currency)}/kWh`
                : '—'}
            </dd>
            {price?.energyPerKwhMinor != null ? (
              <dd className="text-xs text-muted">
                {money(price.energyPerKwhMinor, price.currency)} + {price.taxRateBps / 100}% GST
              </dd>
            ) : null}
          </div>
          <div className="rounded-lg bg-tint p-3">
            <dt className="text-muted">Max power</dt>
            <dd className="text-lg font-bold">{c.maxPowerKw ? `${c.maxPowerKw} kW` : '—'}</dd>
            <dd className="text-xs text-muted">{c.shortCode ? `Code ${c.shortCode}` : null}</dd>
          </div>
        </dl>
        {price?.otherLines.length ? (
          <ul className="mt-3 list-disc pl-5 text-xs text-muted">
            {price.otherLines.map((l) => (
              <li key={l}>{l}</li>
            ))}
          </ul>
        ) : null}
      </section>

      {c.availability.canStart && price ? (
        <section className="rounded-2xl border border-line bg-surface p-5 shadow-sm">
          <PayForm
            code={code}
            sessionToken={sessionToken}
            canStart={c.availability.canStart}
            currency={price.currency}
            perKwhInclTaxMinor={price.energyPerKwhInclTaxMinor}
            minRupees={MIN_PREPAID_MINOR / 100}
            maxRupees={MAX_PREPAID_MINOR / 100}
          />
        </section>
      ) : null}
      {c.availability.canStart || c.availability.state === 'unavailable' ? (
        <div className="text-center">
          <PinForm code={code} sessionToken={sessionToken} canStart={c.online && c.availability.state !== 'faulted'} />
        </div>
      ) : null}
      <p className="text-center text-xs text-muted">Need help? {brand.supportEmail}</p>
    </DriverShell>
  );
}
