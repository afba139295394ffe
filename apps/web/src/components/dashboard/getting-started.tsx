import Link from 'next/link';
import { Card, CardTitle, cx } from '@magma/ui';
import { dashboardT, type Locale } from '@magma/i18n';

type Step = {
  key: 'site' | 'charger' | 'tariff' | 'stickers';
  href: string;
  page: 'nav.sites' | 'nav.chargers' | 'nav.tariffs' | 'nav.stickers';
  done: boolean;
};

/**
 * A new operator's first screen: the four steps to a first charging session, each ticked once the
 * tenant has what it asks for (a site, a charger, a tariff), the next one to do highlighted. Staff
 * see the same list; the pages say what only an admin may change.
 */
export function GettingStarted({
  sites,
  chargers,
  tariffs,
  admin,
  locale,
}: {
  sites: number;
  chargers: number;
  tariffs: number;
  admin: boolean;
  locale: Locale;
}) {
  const t = dashboardT(locale);
  const steps: Step[] = [
    { key: 'site', href: '/sites', page: 'nav.sites', done: sites > 0 },
    { key: 'charger', href: '/chargers', page: 'nav.chargers', done: chargers > 0 },
    { key: 'tariff', href: admin ? '/tariffs/new' : '/tariffs', page: 'nav.tariffs', done: tariffs > 0 },
    // Printing leaves no record: this step is the last one, never ticked for you.
    { key: 'stickers', href: '/stickers', page: 'nav.stickers', done: false },
  ];
  const next = steps.find((s) => !s.done)?.key;
  return (
    <Card className="mb-4 p-4" data-testid="getting-started">
      <CardTitle description={t('start.lead')}>{t('start.title')}</CardTitle>
      <ol className="mt-3 grid gap-3 md:grid-cols-2 xl:grid-cols-4">
        {steps.map((s, i) => (
          <li
            key={s.key}
            data-step={s.key}
            data-done={s.done}
            className={cx(
              'flex flex-col gap-2 rounded-lg border p-3',
              s.key === next ? 'border-primary bg-tint' : 'border-line',
            )}
          >
            <p className="flex items-center gap-2 font-medium">
              <span
                aria-hidden="true"
                className={cx(
                  'inline-flex h-6 w-6 shrink-0 items-center justify-center rounded-full text-xs font-semibold',
                  s.done ? 'bg-green-600 text-white' : 'border border-line',
                )}
              >
                {s.done ? '✓' : i + 1}
              </span>
              {t(`start.${s.key}.title`)}
              <span className="sr-only"> {s.done ? t('start.done') : t('start.todo')}</span>
            </p>
            <p className="text-sm text-muted">{t(`start.${s.key}.detail`)}</p>
            <Link
              href={s.href}
              className={cx(
                'mt-auto self-start rounded-md px-3 py-1.5 text-sm font-medium',
                s.key === next ? 'bg-primary text-white' : 'border border-line hover:bg-tint',
              )}
            >
              {s.done ? t('start.open', { page: t(s.page) }) : t(`start.${s.key}.action`)}
            </Link>
          </li>
        ))}
      </ol>
    </Card>
  );
}
