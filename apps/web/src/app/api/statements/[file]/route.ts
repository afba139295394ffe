import { TRPCError } from '@trpc/server';
import { createCaller } from '@magma/api';
import { renderStatementPdf, statementFilename } from '@magma/core/statements';
import { getContext } from '@/server/api.ts';
import { statementBrandFor } from '@/server/statement-brand.ts';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

const FILE = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.pdf$/i;

const notFound = () =>
  new Response('No such statement', { status: 404, headers: { 'cache-control': 'private, no-store' } });

/**
 * GET /api/statements/{statementId}.pdf: a closed statement as a PDF in the operator's brand, for
 * the tenant's operator admins and staff and for the vendor whose statement it is. Whatever the
 * caller may not see (another vendor's, another tenant's, a made-up id) is the same 404.
 */
export async function GET(_req: Request, { params }: { params: Promise<{ file: string }> }) {
  const match = FILE.exec((await params).file);
  if (!match) return notFound();
  const ctx = await getContext();
  if (!ctx.user) return new Response('Sign in first', { status: 401 });
  if (!ctx.scope || !ctx.tenant) return notFound();
  let statement;
  try {
    statement = await createCaller(ctx).statements.get({ id: match[1]!.toLowerCase() });
  } catch (e) {
    if (e instanceof TRPCError && ['NOT_FOUND', 'FORBIDDEN', 'UNAUTHORIZED', 'BAD_REQUEST'].includes(e.code))
      return notFound();
    throw e;
  }
  const pdf = await renderStatementPdf({ statement, brand: await statementBrandFor(ctx.tenant) });
  return new Response(Buffer.from(pdf), {
    headers: {
      'content-type': 'application/pdf',
      'content-disposition': `attachment; filename="${statementFilename(statement)}"`,
      'cache-control': 'private, no-store',
      'x-content-type-options': 'nosniff',
    },
  });
}
