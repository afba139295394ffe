import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { AppError } from '@magma/core';
import { getDriverSession, newSessionToken } from '@magma/core/driver';
import { DriverShell } from '@/components/driver/driver-shell.tsx';
import { LiveSession } from '@/components/driver/live-session.tsx';
import { driverDeps, paymentsTestMode } from '@/server/driver.ts';
import { getTenantForDomain } from '@/server/tenant.ts';

type Props = { params: Promise<{ domain: string; token: string }> };

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Your charging session', referrer: 'no-referrer' };

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
  const support = await driverDeps().db.tenant.findUnique({ where: { id: tenant.id }, select: { supportPhone: true } });
  return (
    <DriverShell logoSrc={brand.logoSrc} name={tenant.name} testMode={await paymentsTestMode(tenant.id)}>
      <LiveSession
        token={token}
        initial={view}
        // A new session token for Try again: a failed payment's retry is a new payment, never the old one.
        retryToken={newSessionToken()}
        support={{ email: brand.supportEmail, phone: support?.supportPhone ?? null }}
      />
    </DriverShell>
  );
}
