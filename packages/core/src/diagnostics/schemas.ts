import { z } from 'zod';

/** The largest log file a charger may upload to us. */
export const MAX_LOG_BYTES = 50 * 1024 * 1024;

export const LOG_TYPES = ['DiagnosticsLog', 'SecurityLog'] as const;

export const requestLogInput = z.object({
  chargerId: z.uuid(),
  logType: z.enum(LOG_TYPES).default('DiagnosticsLog'),
  /** 1.6: send the security extension's GetLog instead of GetDiagnostics (SecurityLog always does). */
  getLog16: z.boolean().optional(),
  oldest: z.coerce.date().optional(),
  latest: z.coerce.date().optional(),
  retries: z.coerce.number().int().min(0).max(100).optional(),
  retryInterval: z.coerce.number().int().min(0).max(86_400).optional(),
});

export const listLogRequestsInput = z.object({ chargerId: z.uuid() });
