// One error type for the whole product. Each code maps once, here, to what every edge needs:
// a tRPC code, an HTTP status, and the OCPP CALLERROR code the relay sends.

export const APP_ERROR_CODES = {
  BAD_INPUT: { trpc: 'BAD_REQUEST', http: 400, ocpp: 'FormationViolation' },
  UNAUTHENTICATED: { trpc: 'UNAUTHORIZED', http: 401, ocpp: 'SecurityError' },
  FORBIDDEN: { trpc: 'FORBIDDEN', http: 403, ocpp: 'SecurityError' },
  NOT_FOUND: { trpc: 'NOT_FOUND', http: 404, ocpp: 'PropertyConstraintViolation' },
  CONFLICT: { trpc: 'CONFLICT', http: 409, ocpp: 'OccurrenceConstraintViolation' },
  RATE_LIMITED: { trpc: 'TOO_MANY_REQUESTS', http: 429, ocpp: 'GenericError' },
  CHARGER_OFFLINE: { trpc: 'PRECONDITION_FAILED', http: 409, ocpp: 'GenericError' },
  CHARGER_TIMEOUT: { trpc: 'TIMEOUT', http: 504, ocpp: 'GenericError' },
  PAYMENT_FAILED: { trpc: 'BAD_REQUEST', http: 402, ocpp: 'GenericError' },
  UPSTREAM: { trpc: 'INTERNAL_SERVER_ERROR', http: 502, ocpp: 'InternalError' },
  INTERNAL: { trpc: 'INTERNAL_SERVER_ERROR', http: 500, ocpp: 'InternalError' },
} as const;

export type AppErrorCode = keyof typeof APP_ERROR_CODES;

export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly details?: unknown;

  constructor(code: AppErrorCode, message: string, opts: { details?: unknown; cause?: unknown } = {}) {
    super(message, { cause: opts.cause });
    this.name = 'AppError';
    this.code = code;
    this.details = opts.details;
  }

  get httpStatus(): number {
    return APP_ERROR_CODES[this.code].http;
  }
  get trpcCode(): (typeof APP_ERROR_CODES)[AppErrorCode]['trpc'] {
    return APP_ERROR_CODES[this.code].trpc;
  }
  get ocppCode(): (typeof APP_ERROR_CODES)[AppErrorCode]['ocpp'] {
    return APP_ERROR_CODES[this.code].ocpp;
  }

  static is(e: unknown): e is AppError {
    return e instanceof AppError;
  }

  /** Wraps anything thrown into an AppError without leaking internals to the caller. */
  static from(e: unknown): AppError {
    if (e instanceof AppError) return e;
    return new AppError('INTERNAL', 'Something went wrong on our side', { cause: e });
  }
}
