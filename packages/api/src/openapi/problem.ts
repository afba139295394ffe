import { TRPCError } from '@trpc/server';
import { ZodError } from 'zod';
import { APP_ERROR_CODES, AppError, type AppErrorCode } from '../core.ts';

// RFC 9457 problem details for every REST error. The status and title come from AppError's table
// (the one table every edge uses); a tRPC code with no AppError behind it maps back to the closest
// AppError code. `detail` is the message the dashboard would show: AppError messages are written for
// users, and anything else (a bug, an outage) says only what AppError.from says.

export type Problem = {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  code:
    | AppErrorCode
    | 'UNSUPPORTED_MEDIA_TYPE'
    | 'PAYLOAD_TOO_LARGE'
    | 'IDEMPOTENCY_MISMATCH'
    | 'NOT_ACCEPTABLE'
    | 'METHOD_NOT_ALLOWED';
  errors?: { field: string; message: string }[];
};

const TITLES: Record<Problem['code'], string> = {
  BAD_INPUT: 'Invalid request',
  UNAUTHENTICATED: 'Authentication required',
  FORBIDDEN: 'Forbidden',
  NOT_FOUND: 'Not found',
  CONFLICT: 'Conflict',
  RATE_LIMITED: 'Too many requests',
  CHARGER_OFFLINE: 'Charger offline',
  CHARGER_TIMEOUT: 'Charger did not answer',
  PAYMENT_FAILED: 'Payment failed',
  UPSTREAM: 'Upstream service unavailable',
  INTERNAL: 'Internal error',
  UNSUPPORTED_MEDIA_TYPE: 'Unsupported media type',
  PAYLOAD_TOO_LARGE: 'Request too large',
  IDEMPOTENCY_MISMATCH: 'Idempotency key reused',
  NOT_ACCEPTABLE: 'Not acceptable',
  METHOD_NOT_ALLOWED: 'Method not allowed',
};

const EXTRA_STATUS = {
  UNSUPPORTED_MEDIA_TYPE: 415,
  PAYLOAD_TOO_LARGE: 413,
  IDEMPOTENCY_MISMATCH: 422,
  NOT_ACCEPTABLE: 406,
  METHOD_NOT_ALLOWED: 405,
};

export const PROBLEM_TYPE_BASE = 'https://magma.dev/problems/';

export function statusOf(code: Problem['code']): number {
  return code in EXTRA_STATUS
    ? EXTRA_STATUS[code as keyof typeof EXTRA_STATUS]
    : APP_ERROR_CODES[code as AppErrorCode].http;
}

export function problem(
  code: Problem['code'],
  detail: string,
  extra: { instance?: string; errors?: Problem['errors'] } = {},
): Problem {
  return {
    type: `${PROBLEM_TYPE_BASE}${code.toLowerCase().replace(/_/g, '-')}`,
    title: TITLES[code],
    status: statusOf(code),
    detail,
    code,
    ...(extra.instance ? { instance: extra.instance } : {}),
    ...(extra.errors ? { errors: extra.errors } : {}),
  };
}

const FROM_TRPC: Partial<Record<TRPCError['code'], Problem['code']>> = {
  BAD_REQUEST: 'BAD_INPUT',
  PARSE_ERROR: 'BAD_INPUT',
  UNAUTHORIZED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  TOO_MANY_REQUESTS: 'RATE_LIMITED',
  PRECONDITION_FAILED: 'CHARGER_OFFLINE',
  TIMEOUT: 'CHARGER_TIMEOUT',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  UNSUPPORTED_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
};

function fieldErrors(zod: ZodError): Problem['errors'] {
  return zod.issues.slice(0, 50).map((i) => ({ field: i.path.join('.') || '(body)', message: i.message }));
}

/** The problem for anything a procedure threw; logs what must not reach the client. */
export function problemFromError(error: unknown, instance: string): Problem {
  const cause = error instanceof TRPCError ? (error.cause ?? error) : error;
  if (cause instanceof AppError) return problem(cause.code, cause.message, { instance });
  if (cause instanceof ZodError) {
    return problem('BAD_INPUT', cause.issues[0]?.message ?? 'Invalid input', { instance, errors: fieldErrors(cause) });
  }
  if (error instanceof TRPCError) {
    const code = FROM_TRPC[error.code];
    if (code) return problem(code, error.message, { instance });
  }
  console.error(`[rest] ${instance}:`, cause);
  return problem('INTERNAL', AppError.from(cause).message, { instance });
}

export function problemResponse(p: Problem, headers: ConstructorParameters<typeof Headers>[0] = {}): Response {
  const h = new Headers(headers);
  h.set('content-type', 'application/problem+json');
  h.set('cache-control', 'no-store');
  return new Response(JSON.stringify(p), { status: p.status, headers: h });
}
