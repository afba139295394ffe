'use client';

import { useEffect, useRef, useState } from 'react';
import { usePathname } from 'next/navigation';
import { cx } from '@magma/ui';
import { NavLink, isActive } from '@/components/nav-link.tsx';
import { useOpenFaultCount } from '@/components/dashboard/live.tsx';
import { useDashboardT } from '@/i18n/dashboard-locale.tsx';

// The dashboard's main navigation. From 1280 px (xl) it is one row: the pages used every day, then a
// "More" menu with the rest. Narrower, a menu button opens the whole list as a panel under the header.
// Both disclosures are buttons with aria-expanded/aria-controls; Escape closes them and gives focus back
// to their button; following a link closes them.

export type DashboardNavItem = { href: string; label: string; more?: boolean };

function useDisclosure() {
  const [open, setOpen] = useState(false);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);
  const pathname = usePathname();
  // A followed link (a new path) closes the panel.
  useEffect(() => setOpen(false), [pathname]);
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      setOpen(false);
      buttonRef.current?.focus();
    };
    const onPointer = (e: PointerEvent) => {
      const t = e.target as Node;
      if (!panelRef.current?.contains(t) && !buttonRef.current?.contains(t)) setOpen(false);
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('pointerdown', onPointer);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('pointerdown', onPointer);
    };
  }, [open]);
  useEffect(() => {
    // Opening moves focus to the first link, so the keyboard carries on inside the panel.
    if (open) panelRef.current?.querySelector<HTMLElement>('a')?.focus();
  }, [open]);
  return { open, setOpen, buttonRef, panelRef };
}

function MenuIcon({ open }: { open: boolean }) {
  return (
    <svg aria-hidden="true" viewBox="0 0 20 20" className="h-5 w-5" fill="none" stroke="currentColor" strokeWidth="2">
      {open ? <path d="M5 5l10 10M15 5L5 15" /> : <path d="M3 6h14M3 10h14M3 14h14" />}
    </svg>
  );
}

/** The open-fault count beside Faults, live: it follows faults opening and clearing in the caller's scope. */
function FaultCount({ initial }: { initial: number | null }) {
  const n = useOpenFaultCount(initial);
  const t = useDashboardT();
  if (!n) return null;
  return (
    <span
      data-testid="nav-fault-count"
      className="ml-1 inline-flex min-w-5 items-center justify-center rounded-full bg-red-600 px-1.5 text-xs font-semibold text-white"
    >
      {n > 999 ? '999+' : n}
      <span className="sr-only"> {t('shell.openFaults')}</span>
    </span>
  );
}

export function DashboardNav({ items, openFaults = null }: { items: DashboardNavItem[]; openFaults?: number | null }) {
  const pathname = usePathname();
  const t = useDashboardT();
  const label = (item: DashboardNavItem) =>
    item.href === '/faults' ? (
      <>
        {item.label}
        <FaultCount initial={openFaults} />
      </>
    ) : (
      item.label
    );
  const main = items.filter((i) => !i.more);
  const more = items.filter((i) => i.more);
  const panel = useDisclosure();
  const menu = useDisclosure();
  const moreActive = more.some((i) => isActive(pathname, i.href));

  return (
    <>
      {/* Wide screens: one row, less-used pages under "More". */}
      <nav
        aria-label={t('shell.mainNav')}
        className="hidden min-w-0 flex-1 flex-nowrap items-center gap-0.5 xl:flex"
        data-testid="nav-bar"
      >
        {main.map((item) => (
          <NavLink key={item.href} href={item.href}>
            {label(item)}
          </NavLink>
        ))}
        {more.length ? (
          <div className="relative">
            <button
              ref={menu.buttonRef}
              type="button"
              aria-expanded={menu.open}
              aria-controls="main-nav-more"
              onClick={() => menu.setOpen((o) => !o)}
              className={cx(
                'inline-flex items-center gap-1 rounded-md px-2 py-1.5 text-sm font-medium whitespace-nowrap',
                moreActive ? 'bg-primary text-white' : 'text-fg hover:bg-tint',
              )}
            >
              {t('shell.more')}
              <svg aria-hidden="true" viewBox="0 0 20 20" className="h-4 w-4" fill="currentColor">
                <path d="M5.3 7.3a1 1 0 0 1 1.4 0L10 10.6l3.3-3.3a1 1 0 1 1 1.4 1.4l-4 4a1 1 0 0 1-1.4 0l-4-4a1 1 0 0 1 0-1.4z" />
              </svg>
            </button>
            <div
              ref={menu.panelRef}
              id="main-nav-more"
              className={cx(
                'absolute left-0 top-full z-30 mt-1 min-w-44 flex-col gap-0.5 rounded-md border border-line bg-surface p-1 shadow-lg',
                menu.open ? 'flex' : 'hidden',
              )}
            >
              {more.map((item) => (
                <NavLink key={item.href} href={item.href}>
                  {label(item)}
                </NavLink>
              ))}
            </div>
          </div>
        ) : null}
      </nav>
      {/* Narrow screens: the menu button; the panel it opens is the same list, one link a row. */}
      <button
        ref={panel.buttonRef}
        type="button"
        className="order-last ml-1 inline-flex items-center gap-1 rounded-md border border-line px-2 py-1.5 text-sm font-medium xl:hidden"
        aria-expanded={panel.open}
        aria-controls="main-nav-panel"
        onClick={() => panel.setOpen((o) => !o)}
        data-testid="nav-menu-button"
      >
        <MenuIcon open={panel.open} />
        {t('shell.menu')}
        {items.some((i) => i.href === '/faults') ? <FaultCount initial={openFaults} /> : null}
      </button>
      <div
        ref={panel.panelRef}
        id="main-nav-panel"
        className={cx(
          'absolute inset-x-0 top-full z-30 max-h-[calc(100vh-4rem)] overflow-y-auto border-b border-line bg-surface p-3 shadow-lg xl:hidden',
          panel.open ? 'block' : 'hidden',
        )}
      >
        <nav aria-label={t('shell.mainNav')} className="grid grid-cols-2 gap-1 sm:grid-cols-3" data-testid="nav-panel">
          {items.map((item) => (
            <NavLink key={item.href} href={item.href}>
              {label(item)}
            </NavLink>
          ))}
        </nav>
      </div>
    </>
  );
}
