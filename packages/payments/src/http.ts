import { PaymentError } from './errors.ts';

export type HttpRequest = {
  provider: string;
  method: 'GET' | 'POST';
  url: string;
  headers?: Record<string, string>;
  /** JSON object or an already-encoded form body. */
  json?: unknown;
  form?: Record<string, string>;
  timeoutMs?: number;
};

/** fetch with a timeout, JSON decoding and gateway errors turned into PaymentError. */
export async function requestJson(req: HttpRequest): Promise<unknown> {
  const headers: Record<string, string> = { accept: 'application/json', ...req.headers };
  let body: string | undefined;
  if (req.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(req.json);
  } else if (req.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(req.form).toString();
  }
  let res: Response;
  try {
    res = await fetch(req.url, {
      method: req.method,
      headers,
      body,
      signal: AbortSignal.timeout(req.timeoutMs ?? 15_000),
    });
  } catch (cause) {
    throw new PaymentError({ code: 'UPSTREAM', provider: req.provider, message: `${req.provider} unreachable`, cause });
  }
  const text = await res.text();
  let data: unknown = undefined;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    data = text;
  }
  if (!res.ok) {
    throw new PaymentError({
      code: res.status >= 500 ? 'UPSTREAM' : res.status === 404 ? 'NOT_FOUND' : 'REJECTED',
      provider: req.provider,
      status: res.status,
      message: `${req.provider} answered ${res.status}${reasonIn(data)}`,
      details: data,
    });
  }
  return data;
}

/** The gateway's own words for a refusal (PhonePe `message`, Juspay `error_message`), for people to read. */
function reasonIn(data: unknown): string {
  if (typeof data !== 'object' || data === null) return '';
  const o = data as { message?: unknown; error_message?: unknown };
  const said = typeof o.error_message === 'string' ? o.error_message : o.message;
  return typeof said === 'string' && said.trim() ? `: ${said.trim().slice(0, 200)}` : '';
}

export function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}
