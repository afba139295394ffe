import type { Metadata } from 'next';
import { cookies } from 'next/headers';
import { notFound } from 'next/navigation';
import { AppError } from '@magma/core';
import {
  findDeviceSessionAt,
  getConnectorForDriver,
  getDriverSession,
  MAX_PREPAID_KWH,
  MAX_PREPAID_MINOR,
  MIN_PREPAID_KWH,
  MIN_PREPAID_MINOR,
  newSessionToken,
  type DriverConnector,
} from '@magma/core/driver';
import { AutoRefresh } from '@/components/driver/auto-refresh.tsx';
import { AvailabilityBadge, DriverShell } from '@/components/driver/driver-shell.tsx';
import { money } from '@/components/driver/format.ts';
import { LiveSession } from '@/components/driver/live-session.tsx';
import { PayForm } from '@/components/driver/pay-form.tsx';
import { PinForm } from '@/components/driver/pin-form.tsx';
import { PriceSchedule } from '@/components/driver/price-schedule.tsx';
import { SupportContact } from '@/components/driver/support-contact.tsx';
import { driverDeps } from '@/server/driver.ts';
import { DEVICE_COOKIE, rememberedTokens } from '@/server/driver-device.ts';
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

/** This device's own session at this connector (remembered in its cookie), if any. */
async function deviceSession(tenantId: string, c: DriverConnector) {
  const tokens = rememberedTokens((await cookies()).get(DEVICE_COOKIE)?.value);
  const found = await findDeviceSessionAt({
    db: driverDeps().db,
    tenantId,
    tokens,
    chargerId: c.chargerId,
    evseId: c.evseId,
  });
  if (!found) return null;
  const view = await getDriverSession(driverDeps(), { tenantId, token: found.token });
  return { ...found, view };
}

/** The QR sticker's page: status and price first, then the amount and Pay — no sign-in. */
export default async function ConnectorPage({ params }: Props) {
  const { domain, code } = await params;
  const { tenant, brand } = await getTenantForDomain(domain);
  const c = await connectorOf(tenant.id, code);
  const [mine, support, gateway] = await Promise.all([
    deviceSession(tenant.id, c),
    driverDeps().db.tenant.findUnique({ where: { id: tenant.id }, select: { supportPhone: true } }),
    // The tenant's own payment settings: no usable gateway means no Pay button, never a fake one.
    driverDeps().payments.providerFor({ db: driverDeps().db, tenantId: tenant.id, chargerId: c.chargerId }),
  ]);
  const price = c.price;
  const sessionToken = newSessionToken();
  const charging = mine?.active ?? false;

  return (
    <DriverShell logoSrc={brand.logoSrc} name={tenant.name} testMode={gateway.ok && gateway.testMode}>
      <AutoRefresh />
      {mine?.active ? (
        <section data-testid="your-session" className="flex flex-col gap-2">
          <h2 className="text-sm font-semibold uppercase tracking-wide text-primary">Your session</h2>
          <LiveSession token={mine.token} initial={mine.view} />
        </section>
      ) : null}
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
          className={`mt-3 text-sm ${c.availability.canStart || charging ? 'text-muted' : 'font-semibold text-red-700'}`}
          data-testid="availability-message"
        >
          {charging ? 'You are charging here: your session is above.' : c.availability.message}
        </p>
        {mine && !mine.active ? (
          <a
            href={`/s/${mine.token}`}
            className="mt-3 inline-block text-sm font-medium text-primary underline"
            data-testid="last-session"
          >
            Your last session here: see the bill
          </a>
        ) : null}
        <dl className="mt-4 grid grid-cols-2 gap-3 text-sm">
          <div className="rounded-lg bg-tint p-3">
            <dt className="text-muted">Price now</dt>
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
        {price ? <PriceSchedule rows={price.schedule} currency={price.currency} /> : null}
      </section>

      {!gateway.ok ? (
        <section
          className="rounded-2xl border border-amber-300 bg-amber-50 p-5 text-amber-950"
          data-testid="payments-not-set-up"
        >
          <h2 className="text-lg font-semibold">Payments are not set up here yet</h2>
          <p className="mt-1 text-sm">
            {tenant.name} cannot take payments at this charger yet, so charging cannot be started by paying here.
            Nothing has been charged. Please contact the operator.
          </p>
        </section>
      ) : null}
      {c.availability.canStart && price && gateway.ok ? (
        <section className="rounded-2xl border border-line bg-surface p-5 shadow-sm">
          <PayForm
            code={code}
            sessionToken={sessionToken}
            canStart={c.availability.canStart}
            currency={price.currency}
            minMinor={MIN_PREPAID_MINOR}
            maxMinor={MAX_PREPAID_MINOR}
            minKwh={MIN_PREPAID_KWH}
            maxKwh={MAX_PREPAID_KWH}
            estimate={price.estimate}
          />
        </section>
      ) : null}
      {c.availability.canStart || c.availability.state === 'unavailable' ? (
        <div className="text-center">
          <PinForm code={code} sessionToken={sessionToken} canStart={c.online && c.availability.state !== 'faulted'} />
        </div>
      ) : null}
      <SupportContact email={brand.supportEmail} phone={support?.supportPhone ?? null} />
    </DriverShell>
  );
}
