import { z } from 'zod';
import { parseCredentialKeys, type CredentialKeyring } from '@magma/core/webhooks';

// The worker's configuration, read and validated once. Nothing else reads process.env.

const flag = z
  .enum(['0', '1', 'true', 'false'])
  .default('0')
  .transform((v) => v === '1' || v === 'true');

const schema = z.object({
  DATABASE_URL: z.string().startsWith('postgres'),
  /** /health and /ready. */
  WORKER_PORT: z.coerce.number().int().min(0).max(65535).default(9300),
  WORKER_HOST: z.string().default('127.0.0.1'),
  /** The keys that seal webhook secrets (the same as operators' gateway secrets). */
  PAYMENT_CREDENTIALS_KEYS: z.string().optional(),
  /** Receivers on private or loopback addresses: for tests and an operator's own network only. */
  WEBHOOK_ALLOW_PRIVATE_ADDRESSES: flag,
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
  WEBHOOK_LEASE_MS: z.coerce.number().int().min(500).max(600_000).default(60_000),
  /** The first retry's delay; each next one doubles (with jitter) up to 6 h, for 24 h. */
  WEBHOOK_RETRY_BASE_MS: z.coerce.number().int().min(10).max(3_600_000).default(10_000),
  WEBHOOK_PUMP_MS: z.coerce.number().int().min(50).max(60_000).default(1_000),
  WEBHOOK_CONCURRENCY: z.coerce.number().int().min(1).max(100).default(8),
  RESEND_API_KEY: z.string().optional(),
  /** The bus to the relays (as theirs): load balancing's recompute sends profiles through it. */
  BUS_KIND: z.enum(['pg', 'redis']).default('pg'),
  REDIS_URL: z.string().url().optional(),
  /** The platform's own Razorpay account (as the web app's): Razorpay Route transfers to vendors. */
  RAZORPAY_KEY_ID: z.string().optional(),
  RAZORPAY_KEY_SECRET: z.string().optional(),
  RAZORPAY_WEBHOOK_SECRET: z.string().optional(),
});

export type WorkerEnv = z.output<typeof schema> & { keyring: CredentialKeyring | null };

export function readEnv(source: Record<string, string | undefined> = process.env): WorkerEnv {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`Invalid worker configuration:\n${problems}`);
  }
  const env = parsed.data;
  if (env.WEBHOOK_LEASE_MS <= env.WEBHOOK_TIMEOUT_MS)
    throw new Error('Invalid worker configuration:\n  WEBHOOK_LEASE_MS must be longer than WEBHOOK_TIMEOUT_MS');
  if (env.BUS_KIND === 'redis' && !env.REDIS_URL)
    throw new Error('Invalid worker configuration:\n  REDIS_URL: required when BUS_KIND=redis');
  let keyring: CredentialKeyring | null = null;
  try {
    keyring = env.PAYMENT_CREDENTIALS_KEYS ? parseCredentialKeys(env.PAYMENT_CREDENTIALS_KEYS) : null;
  } catch (e) {
    throw new Error(`Invalid worker configuration:\n  PAYMENT_CREDENTIALS_KEYS: ${(e as Error).message}`);
  }
  return { ...env, keyring };
}
