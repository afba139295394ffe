'use client';

import { createContext, useContext, useEffect, useRef, useState, type MouseEvent, type ReactNode } from 'react';
import { usePathname } from 'next/navigation';
import { PageLoading } from '@/components/page-loading.tsx';

// A followed header link shows the page's placeholder in the main area until the new page is there.
// Next alone shows nothing in two cases: a page with no loading state of its own whose route is
// already prefetched (the navigation then waits, suspended, on the old page), and on a phone, where
// the links sit in a closed panel and are not prefetched. So the click itself starts the placeholder,
// and the new path (the navigation committed) ends it.

type Pending = { href: string | null; start: (href: string) => void };
const PendingContext = createContext<Pending>({ href: null, start: () => {} });

/** Whether a click on a link is one the router follows in this tab (not a new tab or window). */
function followsInPlace(e: MouseEvent<HTMLAnchorElement>): boolean {
  return !e.defaultPrevented && e.button === 0 && !e.metaKey && !e.ctrlKey && !e.shiftKey && !e.altKey;
}

/** The onClick of a header link: starts the main area's placeholder when it leads to another page. */
export function usePendingOnClick(href: string) {
  const { start } = useContext(PendingContext);
  const pathname = usePathname();
  return (e: MouseEvent<HTMLAnchorElement>) => {
    if (followsInPlace(e) && href !== pathname) start(href);
  };
}

// A navigation that never arrives (the server gone) gives the old page back rather than a placeholder forever.
const GIVE_UP_MS = 60_000;

/** Around the dashboard shell (its header's links and its main area): which page a link is fetching. */
export function NavPendingProvider({ children }: { children: ReactNode }) {
  const pathname = usePathname();
  const [href, setHref] = useState<string | null>(null);
  const [start] = useState(() => (to: string) => setHref(to));
  // The new page committed: its path is the router's now.
  useEffect(() => setHref(null), [pathname]);
  useEffect(() => {
    if (href === null) return;
    const giveUp = setTimeout(() => setHref(null), GIVE_UP_MS);
    return () => clearTimeout(giveUp);
  }, [href]);
  return <PendingContext.Provider value={{ href, start }}>{children}</PendingContext.Provider>;
}

// Shown only once a navigation has taken this long: a prefetched page that arrives at once never flashes it.
const SHOW_AFTER_MS = 120;

/** The dashboard's main area: the current page, or the placeholder while a header link's page is on its way. */
export function PendingMain({ children }: { children: ReactNode }) {
  const { href } = useContext(PendingContext);
  const [shown, setShown] = useState(false);
  useEffect(() => {
    setShown(false);
    if (href === null) return;
    const show = setTimeout(() => setShown(true), SHOW_AFTER_MS);
    return () => clearTimeout(show);
  }, [href]);
  // Marks the main area once React runs in it (a link followed before then is a full page load).
  const [hydrated, setHydrated] = useState(false);
  // The router can also commit a page that has nothing to show yet (its data still streaming): the
  // placeholder stands in until the page's first element arrives.
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
  const hiding = href !== null && shown;
  return (
    <>
      {hiding || empty ? <PageLoading /> : null}
      {/* Kept mounted while hidden, so a navigation that is given up leaves the page as it was. */}
      <div
        ref={box}
        className={hiding ? 'hidden' : 'contents'}
        data-hydrated={hydrated}
        data-pending={href ?? undefined}
      >
        {children}
      </div>
    </>
  );
}
