import { z } from 'zod';
import { parseCredentialKeys } from '@magma/payments';

// The only place that reads process.env. Parsed on first use, so `next build` can import modules
// without a database URL.

const optional = z
  .string()
  .optional()
  .transform((v) => (v ? v : undefined));

const schema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must be a postgresql:// URL'),
    DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(100).default(10),
    /** The platform's own host: the platform admin lives here, tenants at {slug}.{PLATFORM_DOMAIN}. */
    PLATFORM_DOMAIN: z.string().trim().toLowerCase().default('localhost'),
    NEXTAUTH_SECRET: optional,
    /**
     * Keys the lookup of driver PINs (an HMAC stored beside each PIN's hash). Derived from
     * NEXTAUTH_SECRET when unset; changing it makes every issued PIN unusable until set again.
     */
    PIN_LOOKUP_SECRET: optional,
    /** Behind our own reverse proxy: trust its X-Forwarded-For (rate limits) and -Host/-Proto (redirects, links). */
    TRUST_PROXY: z
      .enum(['true', 'false', '1', '0'])
      .default('false')
      .transform((v) => v === 'true' || v === '1'),
    /** Webhook receivers on private or loopback addresses: tests and an operator's own network only. */
    WEBHOOK_ALLOW_PRIVATE_ADDRESSES: z
      .enum(['true', 'false', '1', '0'])
      .default('false')
      .transform((v) => v === 'true' || v === '1'),
    NEXTAUTH_URL: optional,
    /** Where theme folders live; defaults to themes/ at the repository root. */
    THEMES_DIR: optional,
    BUS_KIND: z.enum(['pg', 'redis', 'memory']).default('pg'),
    REDIS_URL: optional,
    RESEND_API_KEY: optional,
    RAZORPAY_KEY_ID: optional,
    RAZORPAY_KEY_SECRET: optional,
    RAZORPAY_WEBHOOK_SECRET: optional,
    PHONEPE_CLIENT_ID: optional,
    PHONEPE_CLIENT_SECRET: optional,
    PHONEPE_CLIENT_VERSION: optional,
    /** The username/password set for the callback in PhonePe's dashboard. */
    PHONEPE_WEBHOOK_USERNAME: optional,
    PHONEPE_WEBHOOK_PASSWORD: optional,
    JUSPAY_API_KEY: optional,
    JUSPAY_MERCHANT_ID: optional,
    JUSPAY_PAYMENT_PAGE_CLIENT_ID: optional,
    /** The username/password set for webhooks in Juspay's dashboard, and the return-URL signing key. */
    JUSPAY_WEBHOOK_USERNAME: optional,
    JUSPAY_WEBHOOK_PASSWORD: optional,
    JUSPAY_RESPONSE_KEY: optional,
    /**
     * Seals operators' own gateway secrets: `id:base64key[,id:base64key…]`, each key 32 bytes; the
     * first seals, the others only open (rotation). `npm start` generates one into .data/secrets.json.
     */
    PAYMENT_CREDENTIALS_KEYS: optional,
    /**
     * Seals the OAuth access-token signing keys at rest, in PAYMENT_CREDENTIALS_KEYS' form (the
     * first seals, the others only open). Derived from NEXTAUTH_SECRET when unset.
     */
    OAUTH_KEYS: optional,
    /**
     * Sends every tenant account's gateway calls (Razorpay, PhonePe, Juspay) to this one server
     * instead of the gateways' hosts: for browser tests against a local server only.
     */
    PAYMENT_GATEWAY_BASE_URL: z
      .url()
      .optional()
      .refine((u) => !u || /^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?(\/|$)/.test(u), {
        message: 'PAYMENT_GATEWAY_BASE_URL may only name a server on this machine (http://127.0.0.1:port)',
      }),
    /** Firmware images and uploaded charger logs on local disk; defaults to .data/charger-files at the repository root. */
    CHARGER_FILES_DIR: optional,
    /**
     * Or in an S3-compatible bucket: `https://key:secret@host/bucket/prefix?region=auto` (path-style;
     * the same address rules as the warehouse exports).
     */
    CHARGER_FILES_S3_URL: optional,
    /** Signs chargers' time-limited firmware and log links; derived from NEXTAUTH_SECRET when unset. */
    CHARGER_FILE_LINK_KEY: optional,
    /** Signs the offline test gateway's approve/decline tokens (`npm start` generates one). */
    PAYMENT_TEST_SECRET: optional,
  })
  .transform((e, ctx) => {
    if (!e.NEXTAUTH_SECRET && e.NODE_ENV === 'production') {
      ctx.addIssue({ code: 'custom', path: ['NEXTAUTH_SECRET'], message: 'NEXTAUTH_SECRET is required in production' });
      return z.NEVER;
    }
    if (e.PAYMENT_CREDENTIALS_KEYS) {
      try {
        parseCredentialKeys(e.PAYMENT_CREDENTIALS_KEYS);
      } catch (err) {
        ctx.addIssue({ code: 'custom', path: ['PAYMENT_CREDENTIALS_KEYS'], message: (err as Error).message });
        return z.NEVER;
      }
    }
    if (e.OAUTH_KEYS) {
      try {
        parseCredentialKeys(e.OAUTH_KEYS);
      } catch (err) {
        const message = (err as Error).message.replaceAll('PAYMENT_CREDENTIALS_KEYS', 'OAUTH_KEYS');
        ctx.addIssue({ code: 'custom', path: ['OAUTH_KEYS'], message });
        return z.NEVER;
      }
    }
    if (e.BUS_KIND === 'redis' && !e.REDIS_URL) {
      ctx.addIssue({ code: 'custom', path: ['REDIS_URL'], message: 'REDIS_URL is required when BUS_KIND=redis' });
      return z.NEVER;
    }
    return { ...e, NEXTAUTH_SECRET: e.NEXTAUTH_SECRET ?? 'magma-development-secret-not-for-production' };
  });

export type Env = z.output<typeof schema>;

let parsed: Env | undefined;

/** Validates a configuration source; throws one error listing every problem. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const r = schema.safeParse(source);
  if (!r.success) {
    const lines = r.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`Invalid configuration:\n${lines}`);
  }
  return r.data;
}

function load(): Env {
  if (parsed) return parsed;
  parsed = parseEnv(process.env);
  // next-auth derives its origin from the request host only when told to trust it; each tenant
  // signs in on its own host, so the origin must follow the host.
  process.env.AUTH_TRUST_HOST = 'true';
  return parsed;
}

export const env: Env = new Proxy({} as Env, { get: (_, key) => load()[key as keyof Env] });
