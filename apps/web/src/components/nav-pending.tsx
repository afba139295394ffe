'use client';

import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import { useLinkStatus } from 'next/link';
import { PageLoading } from '@/components/page-loading.tsx';

// A followed header link shows the page's placeholder in the main area at once, whether or not Next
// had prefetched the page's loading state (on a phone the links sit in a closed panel and are not
// prefetched, so without this a tap on a slow page changed nothing until the whole page had arrived).

const PendingContext = createContext<(href: string, pending: boolean) => void>(() => {});

/** Inside a Link: reports while that link's navigation is under way. */
export function LinkPending({ href }: { href: string }) {
  const { pending } = useLinkStatus();
  const report = useContext(PendingContext);
  useEffect(() => {
    report(href, pending);
    return () => report(href, false);
  }, [report, href, pending]);
  return null;
}

/** The dashboard's main area: the current page, or the placeholder while a header link's page is on its way. */
export function PendingMain({ children }: { children: ReactNode }) {
  const [pending, setPending] = useState<string | null>(null);
  const [report] = useState(
    () => (href: string, on: boolean) => setPending((cur) => (on ? href : cur === href ? null : cur)),
  );
  // Marks the main area once React runs in it (a link followed before then is a full page load).
  const [hydrated, setHydrated] = useState(false);
  // The router can also commit a page that has nothing to show yet (its loading state not fetched,
  // its data still streaming): the placeholder stands in until the page's first element arrives.
  const box = useRef<HTMLDivElement>(null);
  const [empty, setEmpty] = useState(false);
  useEffect(() => {
    setHydrated(true);
    const el = box.current;
    if (!el) return;
    const check = () => setEmpty(el.firstElementChild === null);
    check();
    const watch = new MutationObserver(check);
    watch.observe(el, { childList: true });
    return () => watch.disconnect();
  }, []);
  const waiting = pending !== null || empty;
  return (
    <PendingContext.Provider value={report}>
      {waiting ? <PageLoading /> : null}
      {/* Kept mounted while hidden, so a navigation that is given up leaves the page as it was. */}
      <div ref={box} className={pending ? 'hidden' : 'contents'} data-hydrated={hydrated}>
        {children}
      </div>
    </PendingContext.Provider>
  );
}
