import type { ReactNode } from 'react';
import { PageHeader } from '@magma/ui';
import { requireAdmin } from '@/server/guards.ts';
import { NavLink } from '@/components/nav-link.tsx';

const TABS = [
  { href: '/settings', label: 'Brand' },
  { href: '/settings/domains', label: 'Domains' },
  { href: '/settings/payments', label: 'Payments' },
  { href: '/settings/payouts', label: 'Payouts' },
  { href: '/settings/users', label: 'Users' },
  { href: '/settings/developers', label: 'Developers' },
  { href: '/settings/webhooks', label: 'Webhooks' },
  { href: '/settings/plug-and-charge', label: 'Plug & Charge' },
  { href: '/settings/export', label: 'Data export' },
  { href: '/settings/activity', label: 'Activity' },
];

export default async function SettingsLayout({ children }: { children: ReactNode }) {
  await requireAdmin();
  return (
    <>
      <PageHeader
        title="Settings"
        description="Your brand, the domains drivers and staff use, who has access, and what they did."
      />
      <nav className="mb-6 flex flex-wrap gap-1 border-b border-line pb-2" aria-label="Settings">
        {TABS.map((t) => (
          <NavLink key={t.href} href={t.href} exact>
            {t.label}
          </NavLink>
        ))}
      </nav>
      {children}
    </>
  );
}
