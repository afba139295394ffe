import Link from 'next/link';
import { DEFAULT_LOCALE, dashboardT, type Locale } from '@magma/i18n';
import { query } from './format.ts';

const BUTTON = 'rounded-md border border-line px-3 py-1 hover:bg-tint';

/**
 * A keyset-paged list's footer: the page number, the CSV export of the same filter, and Previous /
 * Next links that keep the filter and carry the page's cursors (the number `n` only labels the page).
 */
export function ListPager({
  path,
  kept,
  page,
  pageNo,
  shown,
  noun,
  exportHref,
  testId,
  locale = DEFAULT_LOCALE,
}: {
  path: string;
  /** The filter keys of the URL, carried to the other pages. */
  kept: Record<string, string | undefined>;
  page: { nextCursor: string | null; previousCursor: string | null; hasPrevious: boolean };
  pageNo: number;
  shown: number;
  /** What the list holds, in the page's language ("chargers"). */
  noun: string;
  exportHref: string;
  testId: string;
  /** The words' language; English where none is passed. */
  locale?: Locale;
}) {
  const t = dashboardT(locale);
  const href = (cursor: string | null, n: number) => `${path}${query({ ...kept, cursor, n: n > 1 ? n : null })}`;
  return (
    <nav className="flex flex-wrap items-center justify-between gap-2 text-sm" aria-label={t('table.pages')}>
      <span className="text-muted" data-testid={`${testId}-page-no`}>
        {shown > 0 ? t('list.pageShown', { page: pageNo, count: shown, noun }) : t('list.page', { page: pageNo })}
      </span>
      <span className="flex flex-wrap gap-2">
        <a className={BUTTON} href={exportHref} data-testid={`export-${testId}`} download>
          {t('list.exportCsv')}
        </a>
        {page.hasPrevious ? (
          <Link className={BUTTON} href={href(page.previousCursor, pageNo - 1)} rel="prev">
            {t('table.previous')}
          </Link>
        ) : null}
        {page.nextCursor ? (
          <Link className={BUTTON} href={href(page.nextCursor, pageNo + 1)} rel="next">
            {t('table.next')}
          </Link>
        ) : null}
      </span>
    </nav>
  );
}
