import type { z } from 'zod';
import { bodyText, header } from './crypto.ts';
import type { Headers, WebhookResult } from './types.ts';

export type WebhookFailure = Extract<WebhookResult, { ok: false }>;

/**
 * The gateway's credential on a webhook: the header must be there and `matches` must accept it.
 * Each gateway normalises the value its own way (trim, strip a scheme), so that stays in `matches`.
 */
export function checkWebhookHeader(input: {
  headers: Headers;
  name: string;
  matches: (value: string) => boolean;
  missing: string;
  mismatch: string;
}): WebhookFailure | null {
  const value = header(input.headers, input.name);
  if (!value) return { ok: false, reason: 'missing-signature', message: input.missing };
  if (!input.matches(value)) return { ok: false, reason: 'bad-signature', message: input.mismatch };
  return null;
}

/**
 * A verified webhook body is still input from outside: it must be JSON of the gateway's shape.
 * `json` is the body as sent, kept for the event's `raw` because the schema strips unknown keys.
 */
export function parseWebhookJson<S extends z.ZodType>(
  rawBody: string | Buffer,
  schema: S,
): { ok: true; data: z.infer<S>; json: unknown } | WebhookFailure {
  let json: unknown;
  try {
    json = JSON.parse(bodyText(rawBody));
  } catch {
    return { ok: false, reason: 'bad-payload', message: 'Body is not JSON' };
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) return { ok: false, reason: 'bad-payload', message: parsed.error.message };
  return { ok: true, data: parsed.data, json };
}

export function basicAuthorization(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}
