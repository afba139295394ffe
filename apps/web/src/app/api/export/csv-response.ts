import { AppError, type Scope } from '@magma/api';
import { getContext } from '@/server/api.ts';
import type { Db } from '@magma/db';

// A CSV download streamed from an async generator: rows leave as the database yields them, so a
// 100,000-row export never sits in memory. Errors before the first byte become a plain response.

export async function csvResponse(
  req: Request,
  filename: string,
  rows: (args: { db: Db; scope: Scope; params: Record<string, string> }) => AsyncGenerator<string>,
): Promise<Response> {
  const ctx = await getContext();
  if (!ctx.user) return new Response('Sign in first', { status: 401 });
  if (!ctx.scope) return new Response('No access to this operator', { status: 403 });
  const params = Object.fromEntries(new URL(req.url).searchParams);
  let gen: AsyncGenerator<string>;
  let first: IteratorResult<string>;
  try {
    gen = rows({ db: ctx.db, scope: ctx.scope, params });
    first = await gen.next();
  } catch (e) {
    if (e instanceof Error && e.name === 'ZodError')
      return new Response('The export filter is not valid', { status: 400 });
    const err = AppError.from(e);
    return new Response(err.code === 'INTERNAL' ? 'The export failed' : err.message, { status: err.httpStatus });
  }
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      if (!first.done) controller.enqueue(encoder.encode(first.value));
    },
    async pull(controller) {
      const next = await gen.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      await gen.return(undefined);
    },
  });
  const stamp = new Date().toISOString().slice(0, 16).replace(/[:T]/g, '-');
  return new Response(stream, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${filename}-${stamp}.csv"`,
      'cache-control': 'no-store',
    },
  });
}
