import { TRPCError } from '@trpc/server';
import { createCaller, type createContext } from '@magma/api';
import { renderStatementPdf, statementFilename, type StatementBrand } from '@magma/core/statements';

type Context = Awaited<ReturnType<typeof createContext>>;
type Tenant = NonNullable<Context['tenant']>;

const FILE = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.pdf$/i;

const notFound = () =>
  new Response('No such statement', { status: 404, headers: { 'cache-control': 'private, no-store' } });

/**
 * GET /api/statements/{statementId}.pdf: a closed statement as a PDF in the operator's brand, for
 * the tenant's operator admins and staff and for the vendor whose statement it is (through the
 * statements.get procedure and its scope). Whatever the caller may not see (another vendor's,
 * another tenant's, a made-up id) is the same 404; signed out is 401.
 */
export async function statementPdfResponse({
  ctx,
  file,
  brandFor,
}: {
  ctx: Context;
  file: string;
  brandFor: (tenant: Tenant) => Promise<StatementBrand>;
}): Promise<Response> {
  const match = FILE.exec(file);
  if (!match) return notFound();
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
  const pdf = await renderStatementPdf({ statement, brand: await brandFor(ctx.tenant) });
  return new Response(Buffer.from(pdf), {
    headers: {
      'content-type': 'application/pdf',
      'content-disposition': `attachment; filename="${statementFilename(statement)}"`,
      'cache-control': 'private, no-store',
      'x-content-type-options': 'nosniff',
    },
  });
}
