// Kept free of @magma/core so the adapters stay a leaf package; the use cases map these codes
// onto AppError (UPSTREAM / PAYMENT_FAILED / BAD_INPUT).

export type PaymentErrorCode = 'UPSTREAM' | 'REJECTED' | 'BAD_RESPONSE' | 'BAD_INPUT' | 'NOT_FOUND';

const BRAND = Symbol.for('magma.payments.PaymentError');

export class PaymentError extends Error {
  readonly code: PaymentErrorCode;
  readonly provider: string;
  readonly status?: number;
  readonly details?: unknown;

  constructor(opts: {
    code: PaymentErrorCode;
    provider: string;
    message: string;
    status?: number;
    details?: unknown;
    cause?: unknown;
  }) {
    super(opts.message, { cause: opts.cause });
    this.name = 'PaymentError';
    this.code = opts.code;
    this.provider = opts.provider;
    this.status = opts.status;
    this.details = opts.details;
  }

  /** Marks every PaymentError, so one is recognised even when a bundler loaded this module twice. */
  readonly [BRAND] = true;

  static is(e: unknown): e is PaymentError {
    return (
      e instanceof PaymentError || (typeof e === 'object' && e !== null && (e as { [BRAND]?: unknown })[BRAND] === true)
    );
  }
}
