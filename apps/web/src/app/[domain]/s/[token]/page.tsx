import type { Metadata } from 'next';
import { driverT } from '@magma/i18n';
import { notFound } from 'next/navigation';
import { AppError } from '@magma/core';
import { findDriverSession, getDriverSession, newSessionToken } from '@magma/core/driver';
import { DriverShell } from '@/components/driver/driver-shell.tsx';
import { ExpectedPower, expectedPowerAt, expectedPowerLines } from '@/components/driver/expected-power.tsx';
import { LiveSession } from '@/components/driver/live-session.tsx';
import { driverLocale } from '@/i18n/request-locale.ts';
import { driverDeps, paymentsTestMode } from '@/server/driver.ts';
import { getTenantForDomain } from '@/server/tenant.ts';

type Props = { params: Promise<{ domain: string; token: string }> };

export const dynamic = 'force-dynamic';
export async function generateMetadata(): Promise<Metadata> {
  return { title: driverT(await driverLocale())('session.title'), referrer: 'no-referrer' };
}

/** While the session can still charge, the power its connector gives in peak windows (#21). */
const UNDERWAY = new Set(['AWAITING_PAYMENT', 'STARTING', 'CHARGING']);

/** The driver's session page; the unguessable token in the URL is the only credential. */
export default async function SessionPage({ params }: Props) {
  const { domain, token } = await params;
  const { tenant, brand } = await getTenantForDomain(domain);
  let view;
  try {
    view = await getDriverSession(driverDeps(), { tenantId: tenant.id, token });
  } catch (e) {
    if (AppError.is(e) && e.code === 'NOT_FOUND') notFound();
    throw e;
  }
  const locale = await driverLocale();
  const [support, testMode, peak] = await Promise.all([
    driverDeps().db.tenant.findUnique({ where: { id: tenant.id }, select: { supportPhone: true } }),
    paymentsTestMode(tenant.id),
    UNDERWAY.has(view.status)
      ? findDriverSession({ db: driverDeps().db, tenantId: tenant.id, token }).then((s) =>
          expectedPowerAt({ db: driverDeps().db, tenantId: tenant.id, connectorRowId: s.connectorRowId }),
        )
      : null,
  ]);
  return (
    <DriverShell logoSrc={brand.logoSrc} name={tenant.name} locale={locale} testMode={testMode}>
      <LiveSession
        token={token}
        initial={view}
        // A new session token for Try again: a failed payment's retry is a new payment, never the old one.
        retryToken={newSessionToken()}
        support={{ email: brand.supportEmail, phone: support?.supportPhone ?? null }}
        locale={locale}
      />
      {peak ? <ExpectedPower lines={expectedPowerLines({ ...peak, locale })} locale={locale} /> : null}
    </DriverShell>
  );
}
