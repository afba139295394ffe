import type { Metadata } from 'next';
import { driverT } from '@magma/i18n';
import { Alert } from '@magma/ui';
import { DriverShell } from '@/components/driver/driver-shell.tsx';
import { money } from '@/components/driver/format.ts';
import { getTestGateway, paymentsTestMode } from '@/server/driver.ts';
import { getTenantForDomain } from '@/server/tenant.ts';
import { driverLocale } from '@/i18n/request-locale.ts';

type Props = {
  params: Promise<{ domain: string; orderId: string }>;
  searchParams: Promise<{ token?: string; return?: string }>;
};

export const dynamic = 'force-dynamic';
export async function generateMetadata(): Promise<Metadata> {
  return { title: driverT(await driverLocale())('testPay.title') };
}

/**
 * The offline test gateway's payment page (the embedded demo and the tests pay here). Each button
 * carries its own signed token; the decision goes through the same signed-webhook path as a real
 * gateway's.
 */
export default async function TestPaymentPage({ params, searchParams }: Props) {
  const { domain, orderId } = await params;
  const { token = '', return: back = '' } = await searchParams;
  const { tenant, brand } = await getTenantForDomain(domain);
  const page = getTestGateway().readApprovalPage({ orderId, token });
  const locale = await driverLocale();
  const t = driverT(locale);

  return (
    <DriverShell
      logoSrc={brand.logoSrc}
      name={tenant.name}
      locale={locale}
      testMode={await paymentsTestMode(tenant.id)}
    >
      <section className="rounded-2xl border-2 border-dashed border-amber-400 bg-surface p-5 shadow-sm">
        <p className="text-xs font-semibold uppercase tracking-wide text-amber-700">{t('testPay.banner')}</p>
        {!page ? (
          <div className="mt-3">
            <Alert tone="error">{t('testPay.invalid')}</Alert>
          </div>
        ) : (
          <>
            <h1 className="mt-2 text-lg font-semibold">{t('testPay.pay', { operator: tenant.name })}</h1>
            <p className="mt-1 text-4xl font-bold" data-testid="test-amount">
              {money(page.amountMinor, page.currency)}
            </p>
            <p className="mt-1 text-xs text-muted">{t('testPay.order', { order: orderId })}</p>
            <div className="mt-6 grid gap-3">
              {(
                [
                  [t('testPay.approve'), page.approveToken, 'bg-emerald-700 text-white'],
                  [t('testPay.decline'), page.declineToken, 'border border-line bg-surface text-fg'],
                ] as const
              ).map(([label, t, tone]) => (
                <form key={label} method="post" action="/api/payments/test/decide">
                  <input type="hidden" name="orderId" value={orderId} />
                  <input type="hidden" name="token" value={t} />
                  <input type="hidden" name="return" value={back} />
                  <button type="submit" className={`w-full rounded-lg px-4 py-3 text-base font-semibold ${tone}`}>
                    {label}
                  </button>
                </form>
              ))}
            </div>
          </>
        )}
      </section>
    </DriverShell>
  );
}
