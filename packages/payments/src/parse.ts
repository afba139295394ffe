import type { z } from 'zod';
import { PaymentError } from './errors.ts';

/** Gateway responses are input from outside too: a shape we do not expect is an error, not a guess. */
export function parseResponse<S extends z.ZodType>(provider: string, schema: S, data: unknown): z.infer<S> {
  const r = schema.safeParse(data);
  if (r.success) return r.data;
  throw new PaymentError({
    code: 'BAD_RESPONSE',
    provider,
    message: `${provider} answered with an unexpected shape`,
    details: { issues: r.error.issues, data },
  });
}
