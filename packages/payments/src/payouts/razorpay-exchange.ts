import { PaymentError } from '../errors.ts';
import { joinUrl } from '../http.ts';

// One HTTP exchange with a Razorpay API (RazorpayX payouts, Route transfers): Basic auth, JSON both
// ways, bounded in time. A lost answer and a 5xx are UPSTREAM (the caller may repeat a request the
// API de-duplicates); 404 is NOT_FOUND; any other refusal is REJECTED with Razorpay's description.

export type RazorpayEndpoint = {
  base: string;
  authorization: string;
  provider: string;
  /** How the API is named in error messages ("RazorpayX", "Razorpay Route"). */
  name: string;
  timeoutMs?: number;
  /** Statuses besides 5xx that mean "the same request may be tried again" (RazorpayX: 409). */
  retryableStatuses?: readonly number[];
};

export async function razorpayExchange(
  endpoint: RazorpayEndpoint,
  {
    method,
    path,
    body,
    headers = {},
  }: { method: 'GET' | 'POST' | 'PATCH'; path: string; body?: string; headers?: Record<string, string> },
): Promise<unknown> {
  let res: Response;
  try {
    res = await fetch(joinUrl(endpoint.base, path), {
      method,
      headers: {
        accept: 'application/json',
        authorization: endpoint.authorization,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      body,
      signal: AbortSignal.timeout(endpoint.timeoutMs ?? 15_000),
    });
  } catch (cause) {
    throw new PaymentError({
      code: 'UPSTREAM',
      provider: endpoint.provider,
      message: `${endpoint.name} unreachable or the answer was lost`,
      cause,
    });
  }
  const text = await res.text();
  let data: unknown;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    data = text;
  }
  if (res.ok) return data;
  const description = (data as { error?: { description?: unknown } } | undefined)?.error?.description;
  const retryable = res.status >= 500 || (endpoint.retryableStatuses ?? []).includes(res.status);
  throw new PaymentError({
    code: retryable ? 'UPSTREAM' : res.status === 404 ? 'NOT_FOUND' : 'REJECTED',
    provider: endpoint.provider,
    status: res.status,
    message: `${endpoint.name} answered ${res.status}${typeof description === 'string' ? `: ${description.slice(0, 200)}` : ''}`,
    details: data,
  });
}
