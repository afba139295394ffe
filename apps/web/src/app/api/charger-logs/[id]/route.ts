import { chargerLogFileResponse } from '@magma/core/diagnostics';
import { getContext } from '@/server/api.ts';
import { chargerFiles } from '@/server/charger-files.ts';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** GET /api/charger-logs/{logRequestId}: the uploaded log, for the tenant's operators (anyone else 404). */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const ctx = await getContext();
  if (!ctx.user) return new Response('Sign in first', { status: 401 });
  return chargerLogFileResponse({ db: ctx.db, scope: ctx.scope, files: chargerFiles(), id: (await params).id });
}
