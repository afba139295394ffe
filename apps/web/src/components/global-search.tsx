'use client';

import { useEffect, useId, useRef, useState } from 'react';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '@/trpc/react.tsx';
import { errorMessage } from '@/components/use-action.ts';
import { SearchResults } from '@/components/search-results.tsx';
import { useDashboardT } from '@/i18n/dashboard-locale.tsx';

// The header's search box: from 2 characters it asks the server (debounced) and shows the matches
// grouped under the box; Enter opens the full results page (/search?q=), Escape closes the list.
// From 640 px to 767 px, and from 1280 px where the one-row nav bar fills the header, a Search link
// leads to the same page instead; on a phone the menu panel has it (layout.tsx adds it to the nav).

const MIN = 2;
const MAX = 80;

export function GlobalSearch({ timeZone }: { timeZone: string }) {
  const trpc = useTRPC();
  const t = useDashboardT();
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  const [open, setOpen] = useState(false);
  const boxRef = useRef<HTMLDivElement>(null);
  const listId = useId();
  const pathname = usePathname();

  useEffect(() => setOpen(false), [pathname]);
  useEffect(() => {
    const t = setTimeout(() => setQ(text.trim()), 250);
    return () => clearTimeout(t);
  }, [text]);
  useEffect(() => {
    if (!open) return;
    const onPointer = (e: PointerEvent) => {
      if (!boxRef.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointer);
    return () => document.removeEventListener('pointerdown', onPointer);
  }, [open]);

  const enabled = q.length >= MIN;
  const result = useQuery({ ...trpc.search.global.queryOptions({ q, limit: 5 }), enabled, staleTime: 10_000 });

  return (
    <>
      <Link
        href="/search"
        className="-ml-1 hidden h-7 w-7 items-center justify-center rounded-md text-fg hover:bg-tint sm:inline-flex md:hidden xl:inline-flex"
        aria-label={t('shell.search')}
      >
        <svg
          aria-hidden="true"
          viewBox="0 0 20 20"
          className="h-5 w-5"
          fill="none"
          stroke="currentColor"
          strokeWidth="2"
        >
          <circle cx="9" cy="9" r="5.5" />
          <path d="M13.5 13.5L17 17" />
        </svg>
      </Link>
      {/* From 1280 px the one-row nav bar fills the header (which is at most 1280 px wide): the link stands in. */}
      <div ref={boxRef} className="relative hidden md:block xl:hidden">
        <form
          role="search"
          action="/search"
          onKeyDown={(e) => {
            if (e.key === 'Escape') setOpen(false);
          }}
        >
          <input
            name="q"
            type="search"
            value={text}
            maxLength={MAX}
            minLength={MIN}
            autoComplete="off"
            placeholder={t('shell.searchPlaceholder')}
            aria-label={t('shell.searchLabel')}
            role="combobox"
            aria-controls={listId}
            aria-expanded={open && enabled}
            data-testid="global-search"
            onChange={(e) => {
              setText(e.target.value);
              setOpen(true);
            }}
            onFocus={() => setOpen(true)}
            className="w-44 rounded-md border border-line bg-surface px-3 py-1.5 text-sm lg:w-56"
          />
        </form>
        {open && enabled ? (
          <div
            id={listId}
            className="absolute right-0 top-full z-40 mt-1 max-h-[70vh] w-[min(28rem,90vw)] overflow-y-auto rounded-md border border-line bg-surface py-1 shadow-lg"
            data-testid="global-search-panel"
          >
            {result.isError ? (
              <p role="alert" className="px-3 py-2 text-sm text-red-700">
                {errorMessage(result.error)}
              </p>
            ) : result.data ? (
              <SearchResults
                result={result.data}
                timeZone={timeZone}
                onPick={() => setOpen(false)}
                moreHref={`/search?q=${encodeURIComponent(q)}`}
              />
            ) : (
              <p className="px-3 py-2 text-sm text-muted">{t('shell.searching')}</p>
            )}
          </div>
        ) : null}
      </div>
    </>
  );
}
