'use client';

import type { ReactNode } from 'react';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { cx } from '@magma/ui';

export function NavLink({ href, children, exact }: { href: string; children: ReactNode; exact?: boolean }) {
  const pathname = usePathname();
  const active = href === '/' || exact ? pathname === href : pathname === href || pathname.startsWith(`${href}/`);
  return (
    <Link
      href={href}
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
