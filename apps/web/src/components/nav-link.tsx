'use client';

import type { ReactNode } from 'react';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { cx } from '@magma/ui';
import { usePendingOnClick } from '@/components/nav-pending.tsx';

/** Whether a header link is the current page: Overview only on itself, a section on any page below it. */
export function isActive(pathname: string, href: string, exact?: boolean): boolean {
  return href === '/' || exact ? pathname === href : pathname === href || pathname.startsWith(`${href}/`);
}

export function NavLink({ href, children, exact }: { href: string; children: ReactNode; exact?: boolean }) {
  const active = isActive(usePathname(), href, exact);
  const onClick = usePendingOnClick(href);
  return (
    <Link
      href={href}
      onClick={onClick}
      aria-current={active ? 'page' : undefined}
      className={cx(
        'rounded-md px-2 py-1.5 text-sm font-medium whitespace-nowrap',
        active ? 'bg-primary text-white' : 'text-fg hover:bg-tint',
      )}
    >
      {children}
    </Link>
  );
}
