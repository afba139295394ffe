import type { Metadata } from 'next';
import { driverT } from '@magma/i18n';
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
import { availabilityText } from '@/components/driver/availability-text.ts';
import { AvailabilityBadge, DriverShell } from '@/components/driver/driver-shell.tsx';
import { ExpectedPower, expectedPowerAt, expectedPowerLines } from '@/components/driver/expected-power.tsx';
import { money } from '@/components/driver/format.ts';
import { LiveSession } from '@/components/driver/live-session.tsx';
import { PayForm } from '@/components/driver/pay-form.tsx';
import { PinForm } from '@/components/driver/pin-form.tsx';
import { PriceSchedule } from '@/components/driver/price-schedule.tsx';
import { SupportContact } from '@/components/driver/support-contact.tsx';
import { driverDeps } from '@/server/driver.ts';
import { DEVICE_COOKIE, rememberedTokens } from '@/server/driver-device.ts';
import { getTenantForDomain } from '@/server/tenant.ts';
import { driverLocale } from '@/i18n/request-locale.ts';

type Props = { params: Promise<{ domain: string; code: string[] }> };

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  return { title: driverT(await driverLocale())('connector.title') };
}

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
  const locale = await driverLocale();
  const t = driverT(locale);
  const [mine, support, gateway, peak] = await Promise.all([
    deviceSession(tenant.id, c),
    driverDeps().db.tenant.findUnique({ where: { id: tenant.id }, select: { supportPhone: true } }),
    // The tenant's own payment settings: no usable gateway means no Pay button, never a fake one.
    driverDeps().payments.providerFor({ db: driverDeps().db, tenantId: tenant.id, chargerId: c.chargerId }),
    expectedPowerAt({ db: driverDeps().db, tenantId: tenant.id, connectorRowId: c.connectorRowId }),
  ]);
  const price = c.price;
  const sessionToken = newSessionToken();
  const charging = mine?.active ?? false;

  return (
    <DriverShell logoSrc={brand.logoSrc} name={tenant.name} locale={locale} testMode={gateway.ok && gateway.testMode}>
      <AutoRefresh />
      {mine?.active ? (
        <section data-testid="your-session" className="flex flex-col gap-2">
          <h2 className="text-sm font-semibold uppercase tracking-wide text-primary">{t('connector.yourSession')}</h2>
          <LiveSession token={mine.token} initial={mine.view} locale={locale} />
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
          <AvailabilityBadge state={c.availability.state} locale={locale} />
        </div>
        <p
          className={`mt-3 text-sm ${c.availability.canStart || charging ? 'text-muted' : 'font-semibold text-red-700'}`}
          data-testid="availability-message"
        >
          {charging ? t('availability.charging') : availabilityText(c.availability, locale)}
        </p>
        {mine && !mine.active ? (
          <a
            href={`/s/${mine.token}`}
            className="mt-3 inline-block text-sm font-medium text-primary underline"
            data-testid="last-session"
          >
            {t('connector.lastSession')}
          </a>
        ) : null}
        <dl className="mt-4 grid grid-cols-2 gap-3 text-sm">
          <div className="rounded-lg bg-tint p-3">
            <dt className="text-muted">{t('connector.priceNow')}</dt>
            <dd className="text-lg font-bold" data-testid="price-per-kwh">
              {price?.energyPerKwhInclTaxMinor != null
                ? t('connector.perKwh', { price: money(price.energyPerKwhInclTaxMinor, price.currency) })
                : '—'}
            </dd>
            {price?.energyPerKwhMinor != null ? (
              <dd className="text-xs text-muted">
                {t('connector.plusGst', {
                  price: money(price.energyPerKwhMinor, price.currency),
                  rate: price.taxRateBps / 100,
                })}
              </dd>
            ) : null}
          </div>
          <div className="rounded-lg bg-tint p-3">
            <dt className="text-muted">{t('connector.maxPower')}</dt>
            <dd className="text-lg font-bold">{c.maxPowerKw ? `${c.maxPowerKw} kW` : '—'}</dd>
            <dd className="text-xs text-muted">{c.shortCode ? t('connector.code', { code: c.shortCode }) : null}</dd>
          </div>
        </dl>
        {price ? <PriceSchedule rows={price.schedule} currency={price.currency} locale={locale} /> : null}
      </section>
      <ExpectedPower lines={expectedPowerLines({ ...peak, locale })} locale={locale} />

      {!gateway.ok ? (
        <section
          className="rounded-2xl border border-amber-300 bg-amber-50 p-5 text-amber-950"
          data-testid="payments-not-set-up"
        >
          <h2 className="text-lg font-semibold">{t('connector.noPayments.title')}</h2>
          <p className="mt-1 text-sm">{t('connector.noPayments.body', { operator: tenant.name })}</p>
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
            locale={locale}
          />
        </section>
      ) : null}
      {c.availability.canStart || c.availability.state === 'unavailable' ? (
        <div className="text-center">
          <PinForm
            code={code}
            sessionToken={sessionToken}
            canStart={c.online && c.availability.state !== 'faulted'}
            locale={locale}
          />
        </div>
      ) : null}
      <SupportContact email={brand.supportEmail} phone={support?.supportPhone ?? null} locale={locale} />
    </DriverShell>
  );
}
