import { AppError } from '@magma/core';
import { readBodyWithin } from './trpc-handler.ts';

// The driver pages' JSON endpoints take small forms from anyone on the internet: a body is read
// (and counted) before it is parsed, and a body that is not JSON is the sender's mistake (400), not
// the server's (500).

/** Far more than any driver form (a PIN, a session token, an email address). */
export const DRIVER_BODY_LIMIT = 16 * 1024;

export type JsonBody = { ok: true; value: unknown } | { ok: false; response: Response };

/** The parsed JSON body, or the response that refuses it: 413 past `maxBytes`, 400 when not JSON. */
export async function readJsonBody(req: Request, maxBytes = DRIVER_BODY_LIMIT): Promise<JsonBody> {
  const read = await readBodyWithin(req, maxBytes);
  if (!read.ok) {
    const error = `The request is larger than ${Math.round(maxBytes / 1024)} KB.`;
    return { ok: false, response: Response.json({ error, code: 'PAYLOAD_TOO_LARGE' }, { status: 413 }) };
  }
  try {
    return { ok: true, value: JSON.parse(await read.request.text()) };
  } catch {
    return { ok: false, response: errorResponse(new AppError('BAD_INPUT', 'The request body is not valid JSON.')) };
  }
}

export function errorResponse(e: unknown): Response {
  const err = AppError.from(e);
  if (err.code === 'INTERNAL') console.error('[driver]', e);
  return Response.json({ error: err.message, code: err.code }, { status: err.httpStatus });
}
