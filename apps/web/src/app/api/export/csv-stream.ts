import { AppError } from '@magma/core';
import { fileStamp } from './file-stamp.ts';

// A CSV download streamed from an async generator: rows leave as the database yields them, so a
// 100,000-row export never sits in memory. The header and the first batch are read before the
// response starts, so a query that fails at once is a plain error status; a failure after that
// errors the stream, and the server drops the connection without the chunked encoding's final
// chunk: the browser and curl report a failed download, never a complete-looking 200 file.

/**
 * The CSV response for `gen`, or the error response when the export fails before its first rows.
 * The file is named `<filename>-<local date-time>.csv` in the tenant's `timeZone`.
 */
export async function csvStreamResponse(
  gen: AsyncGenerator<string>,
  {
    filename,
    timeZone,
    now = new Date(),
    onError = (e) => console.error('[export]', e),
  }: { filename: string; timeZone: string; now?: Date; onError?: (e: unknown) => void },
): Promise<Response> {
  const head: string[] = [];
  let done = false;
  try {
    // The header, then the first batch (or the end): the first query has run by then.
    for (let i = 0; i < 2 && !done; i++) {
      const next = await gen.next();
      if (next.done) done = true;
      else head.push(next.value);
    }
  } catch (e) {
    if (e instanceof Error && e.name === 'ZodError')
      return new Response('The export filter is not valid', { status: 400 });
    const err = AppError.from(e);
    if (err.code === 'INTERNAL') onError(e);
    return new Response(err.code === 'INTERNAL' ? 'The export failed' : err.message, { status: err.httpStatus });
  }
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of head) controller.enqueue(encoder.encode(chunk));
      if (done) controller.close();
    },
    async pull(controller) {
      try {
        const next = await gen.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(next.value));
      } catch (e) {
        onError(e);
        controller.error(e);
      }
    },
    async cancel() {
      await gen.return(undefined);
    },
  });
  const stamp = fileStamp(now, timeZone);
  return new Response(stream, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${filename}-${stamp}.csv"`,
      'cache-control': 'no-store',
    },
  });
}
