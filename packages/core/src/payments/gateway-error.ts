import { PaymentError } from '@magma/payments';
import { AppError } from '../errors/app-error.ts';

/** A gateway's refusal is the driver's problem (PAYMENT_FAILED); anything else is ours (UPSTREAM). */
export function gatewayError(e: unknown, what: string): AppError {
  if (AppError.is(e)) return e;
  if (PaymentError.is(e)) {
    const code = e.code === 'REJECTED' || e.code === 'BAD_INPUT' ? 'PAYMENT_FAILED' : 'UPSTREAM';
    return new AppError(code, `${what}: ${e.message}`, {
      cause: e,
      details: { provider: e.provider, status: e.status },
    });
  }
  if (e instanceof RangeError) return new AppError('BAD_INPUT', `${what}: ${e.message}`, { cause: e });
  return new AppError('UPSTREAM', `${what} failed`, { cause: e });
}
