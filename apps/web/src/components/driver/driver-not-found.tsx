import { driverT } from '@magma/i18n';
import { getTenantForDomain } from '@/server/tenant.ts';
import { driverLocale } from '@/i18n/request-locale.ts';
import { DriverShell } from './driver-shell.tsx';

/**
 * A sticker or session link that names nothing, in the tenant's brand and the driver's language.
 * Not-found boundaries get no params, so the tenant comes from the host the middleware resolved.
 */
export async function DriverNotFound({ domain }: { domain: string | null }) {
  const locale = await driverLocale();
  const t = driverT(locale);
  const body = (
    <section className="rounded-2xl border border-line bg-surface p-5 shadow-sm" data-testid="driver-not-found">
      <h1 className="text-xl font-bold">{t('notFound.title')}</h1>
      <p className="mt-2 text-sm text-muted">{t('notFound.body')}</p>
    </section>
  );
  const found = domain ? await getTenantForDomain(domain).catch(() => null) : null;
  if (!found) {
    return (
      <main lang={locale} className="mx-auto max-w-md p-4">
        {body}
      </main>
    );
  }
  return (
    <DriverShell logoSrc={found.brand.logoSrc} name={found.tenant.name} locale={locale}>
      {body}
    </DriverShell>
  );
}
