import { redirect } from 'next/navigation';
import { SignInForm } from '@/components/sign-in-form.tsx';
import { getContext } from '@/server/api.ts';
import { getTenantForDomain } from '@/server/tenant.ts';

type Props = {
  params: Promise<{ domain: string }>;
  searchParams: Promise<{ next?: string | string[]; callbackUrl?: string | string[] }>;
};

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export const metadata = { title: 'Sign in' };

export default async function SignInPage({ params, searchParams }: Props) {
  const { tenant } = await getTenantForDomain((await params).domain);
  const ctx = await getContext();
  if (ctx.scope) redirect('/');
  // next-auth sends people here with ?callbackUrl=; our own pages with ?next=. The form keeps either
  // only when it is a page of this site.
  const { next, callbackUrl } = await searchParams;
  return (
    <>
      <h1 className="mb-1 text-xl font-semibold">Sign in to {tenant.name}</h1>
      <p className="mb-5 text-sm text-muted">Operators, staff and site owners.</p>
      <SignInForm next={first(next) ?? first(callbackUrl)} />
    </>
  );
}
