import Link from 'next/link';
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
}: {
  path: string;
  /** The filter keys of the URL, carried to the other pages. */
  kept: Record<string, string | undefined>;
  page: { nextCursor: string | null; previousCursor: string | null; hasPrevious: boolean };
  pageNo: number;
  shown: number;
  noun: string;
  exportHref: string;
  testId: string;
}) {
  const href = (cursor: string | null, n: number) => `${path}${query({ ...kept, cursor, n: n > 1 ? n : null })}`;
  return (
    <nav className="flex flex-wrap items-center justify-between gap-2 text-sm" aria-label="Pages">
      <span className="text-muted" data-testid={`${testId}-page-no`}>
        Page {pageNo}
        {shown > 0 ? ` · ${shown} ${noun} shown` : ''}
      </span>
      <span className="flex flex-wrap gap-2">
        <a className={BUTTON} href={exportHref} data-testid={`export-${testId}`} download>
          Export CSV
        </a>
        {page.hasPrevious ? (
          <Link className={BUTTON} href={href(page.previousCursor, pageNo - 1)} rel="prev">
            ← Previous
          </Link>
        ) : null}
        {page.nextCursor ? (
          <Link className={BUTTON} href={href(page.nextCursor, pageNo + 1)} rel="next">
            Next →
          </Link>
        ) : null}
      </span>
    </nav>
  );
}
