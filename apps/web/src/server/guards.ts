import 'server-only';
import { redirect } from 'next/navigation';
import { getContext } from '@/server/api.ts';

// Next renders a page and its layouts in parallel, so a page must check access itself rather than
// rely on its layout's redirect (which would race the page's own queries).

/** Signed in with access to this tenant, or off to /sign-in. */
export async function requireMember() {
  const ctx = await getContext();
  if (!ctx.user || !ctx.scope || !ctx.tenant) redirect('/sign-in');
  return { ...ctx, user: ctx.user, scope: ctx.scope, tenant: ctx.tenant };
}

/** An operator admin (or platform admin); everyone else is told the page is not for their account. */
export async function requireAdmin() {
  const ctx = await requireMember();
  if (ctx.scope.role !== 'OPERATOR_ADMIN' && ctx.scope.role !== 'PLATFORM_ADMIN') redirect('/not-available');
  return ctx;
}
