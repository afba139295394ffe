import { AppError } from '@magma/core';
import { readBodyWithin, readBytesWithin } from './trpc-handler.ts';

// Bodies from anyone on the internet (the driver pages' JSON endpoints, payment webhooks, the test
// gateway's form): a body is read (and counted) before it is parsed or its signature checked, so a
// 64 MB post costs nothing past the limit (413), and a body that is not JSON (or not a form) is the
// sender's mistake (400), not the server's (500).

/** Far more than any driver form (a PIN, a session token, an email address). */
export const DRIVER_BODY_LIMIT = 16 * 1024;

/**
 * Payment gateways' webhooks: a Razorpay, PhonePe or Juspay event is a few kilobytes. The body is
 * read only up to this, before the signature is checked, so an unauthenticated sender cannot make
 * the process buffer megabytes.
 */
export const WEBHOOK_BODY_LIMIT = 256 * 1024;

function tooLarge(maxBytes: number): Response {
  const error = `The request is larger than ${Math.round(maxBytes / 1024)} KB.`;
  return Response.json({ error, code: 'PAYLOAD_TOO_LARGE' }, { status: 413 });
}

/** The raw body (for a signature over its bytes), or the 413 that refuses it past `maxBytes`. */
export async function readRawBody(
  req: Request,
  maxBytes = WEBHOOK_BODY_LIMIT,
): Promise<{ ok: true; bytes: Buffer } | { ok: false; response: Response }> {
  const bytes = await readBytesWithin(req, maxBytes);
  return bytes ? { ok: true, bytes } : { ok: false, response: tooLarge(maxBytes) };
}

/** A form post's fields, or the response that refuses it: 413 past `maxBytes`, 400 when not a form. */
export async function readFormBody(
  req: Request,
  maxBytes = DRIVER_BODY_LIMIT,
): Promise<{ ok: true; form: FormData } | { ok: false; response: Response }> {
  const read = await readBodyWithin(req, maxBytes);
  if (!read.ok) return { ok: false, response: tooLarge(maxBytes) };
  try {
    return { ok: true, form: await read.request.formData() };
  } catch {
    return { ok: false, response: errorResponse(new AppError('BAD_INPUT', 'The request body is not a form.')) };
  }
}

export type JsonBody = { ok: true; value: unknown } | { ok: false; response: Response };

/** The parsed JSON body, or the response that refuses it: 413 past `maxBytes`, 400 when not JSON. */
export async function readJsonBody(req: Request, maxBytes = DRIVER_BODY_LIMIT): Promise<JsonBody> {
  const read = await readBodyWithin(req, maxBytes);
  if (!read.ok) return { ok: false, response: tooLarge(maxBytes) };
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
