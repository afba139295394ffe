import type { ReactNode } from 'react';
import { getTenantForDomain } from '@/server/tenant.ts';

type Props = { children: ReactNode; params: Promise<{ domain: string }> };

export default async function AuthLayout({ children, params }: Props) {
  const { tenant, brand } = await getTenantForDomain((await params).domain);
  return (
    <main className="flex min-h-screen items-center justify-center px-4 py-12">
      <div className="w-full max-w-sm">
        <div className="mb-8 flex flex-col items-center gap-3">
          <img src={brand.logoSrc} alt={tenant.name} className="h-10 w-auto" />
        </div>
        <div className="rounded-xl border border-line bg-surface p-6 shadow-sm">{children}</div>
        <p className="mt-6 text-center text-xs text-muted">
          Need help?{' '}
          <a className="underline" href={`mailto:${brand.supportEmail}`}>
            {brand.supportEmail}
          </a>
        </p>
      </div>
    </main>
  );
}
