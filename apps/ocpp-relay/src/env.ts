import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { DB_OUTAGE_HOLD_MS } from './connection/db-outage.ts';
import { DEFAULT_MAX_FRAME_BYTES } from './connection/inbound-guard.ts';

// The relay's configuration, read and validated once. Nothing else reads process.env.

const schema = z.object({
  DATABASE_URL: z.string().url(),
  OCPP_PORT: z.coerce.number().int().min(0).max(65535).default(9000),
  OCPP_HOST: z.string().default('0.0.0.0'),
  BUS_KIND: z.enum(['pg', 'redis']).default('pg'),
  REDIS_URL: z.string().url().optional(),
  DEFAULT_TENANT_SLUG: z.string().min(1).default('demo'),
  OCPP_TLS_CERT: z.string().optional(),
  OCPP_TLS_KEY: z.string().optional(),
  /** Security profile 3 (with OCPP_TLS_*): off, optional (verified when sent) or required. */
  OCPP_TLS_CLIENT_CERTS: z.enum(['off', 'optional', 'required']).default('off'),
  /** Seals the operators' CA keys (the same keys as the web app's PAYMENT_CREDENTIALS_KEYS). */
  PAYMENT_CREDENTIALS_KEYS: z.string().optional(),
  /**
   * OCSP responders and contract certificate providers (Plug & Charge) on private or loopback
   * addresses: tests and an operator's own network only (the web app's setting of the same name).
   */
  WEBHOOK_ALLOW_PRIVATE_ADDRESSES: z
    .enum(['true', 'false', '1', '0'])
    .default('false')
    .transform((v) => v === 'true' || v === '1'),
  RELAY_INSTANCE_ID: z
    .string()
    .min(1)
    .default(() => `relay-${randomUUID().slice(0, 8)}`),
  DEMO_SIMULATOR: z
    .enum(['0', '1', 'true', 'false'])
    .default('1')
    .transform((v) => v === '1' || v === 'true'),
  DB_POOL_MAX: z.coerce.number().int().min(1).max(200).default(20),
  /** The largest OCPP message processed, in bytes (connection/inbound-guard.ts). */
  OCPP_MAX_FRAME_BYTES: z.coerce
    .number()
    .int()
    .min(8 * 1024)
    .max(16 * 1024 * 1024)
    .default(DEFAULT_MAX_FRAME_BYTES),
  /** How long a charger's message is held through a database outage (connection/db-outage.ts); keep it below the chargers' call timeout. */
  DB_OUTAGE_HOLD_MS: z.coerce.number().int().min(0).max(120_000).default(DB_OUTAGE_HOLD_MS),
});

export type RelayEnv = z.output<typeof schema>;

export function readEnv(source: Record<string, string | undefined> = process.env): RelayEnv {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`Invalid relay configuration:\n${problems}`);
  }
  const env = parsed.data;
  if (env.BUS_KIND === 'redis' && !env.REDIS_URL)
    throw new Error('Invalid relay configuration:\n  REDIS_URL: required when BUS_KIND=redis');
  if (Boolean(env.OCPP_TLS_CERT) !== Boolean(env.OCPP_TLS_KEY)) {
    throw new Error('Invalid relay configuration:\n  OCPP_TLS_CERT and OCPP_TLS_KEY must be set together');
  }
  if (env.OCPP_TLS_CLIENT_CERTS !== 'off' && !env.OCPP_TLS_CERT)
    throw new Error('Invalid relay configuration:\n  OCPP_TLS_CLIENT_CERTS needs OCPP_TLS_CERT and OCPP_TLS_KEY');
  if (env.OCPP_TLS_CLIENT_CERTS !== 'off' && !env.PAYMENT_CREDENTIALS_KEYS)
    throw new Error(
      'Invalid relay configuration:\n  OCPP_TLS_CLIENT_CERTS needs PAYMENT_CREDENTIALS_KEYS (the CA keys)',
    );
  return env;
}

const cliSchema = z.object({ DATABASE_URL: z.string().url() });

/** The CLIs (chargers import, simulate --register) need only the database. */
export function readCliEnv(source: Record<string, string | undefined> = process.env): z.output<typeof cliSchema> {
  const parsed = cliSchema.safeParse(source);
  if (!parsed.success) throw new Error('DATABASE_URL must be set to a postgresql:// URL');
  return parsed.data;
}
