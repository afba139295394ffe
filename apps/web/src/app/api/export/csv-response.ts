import type { Scope } from '@magma/api';
import type { Db } from '@magma/db';
import { getContext } from '@/server/api.ts';
import { csvStreamResponse } from './csv-stream.ts';

/** An export for the signed-in user of this host's tenant, streamed (see csv-stream.ts). */
export async function csvResponse(
  req: Request,
  filename: string,
  rows: (args: { db: Db; scope: Scope; params: Record<string, string> }) => AsyncGenerator<string>,
): Promise<Response> {
  const ctx = await getContext();
  if (!ctx.user) return new Response('Sign in first', { status: 401 });
  if (!ctx.scope || !ctx.tenant) return new Response('No access to this operator', { status: 403 });
  const params = Object.fromEntries(new URL(req.url).searchParams);
  let gen: AsyncGenerator<string>;
  try {
    gen = rows({ db: ctx.db, scope: ctx.scope, params });
  } catch (e) {
    if (e instanceof Error && e.name === 'ZodError')
      return new Response('The export filter is not valid', { status: 400 });
    throw e;
  }
  return csvStreamResponse(gen, { filename, timeZone: ctx.tenant.timezone });
}
