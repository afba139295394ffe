import http from 'node:http';
import https from 'node:https';
import { S3Client } from '@aws-sdk/client-s3';
import { z } from 'zod';
import { openSecrets, sealSecrets, sealedSchema, type CredentialKeyring, type Sealed } from '@magma/payments';
import { AppError } from '../errors/app-error.ts';
import { publicOnlyLookup, webhookUrlProblem } from '../webhooks/send-webhook.ts';

// A tenant's export destination: an S3-compatible bucket. The secret access key is sealed like the
// payment gateways' secrets (PAYMENT_CREDENTIALS_KEYS, the tenant id as associated data, so a sealed
// value copied onto another tenant's row does not open) and only its last four characters come back.

export type ExportSettings = {
  /** Null: secrets cannot be sealed or opened (no PAYMENT_CREDENTIALS_KEYS). */
  keyring: CredentialKeyring | null;
  /** Endpoints on private or loopback addresses (tests, a store on your own network). */
  allowPrivateAddresses: boolean;
};

export const EXPORT_FORMATS = ['PARQUET', 'CSV', 'BOTH'] as const;
export const EXPORT_SCHEDULES = ['HOURLY', 'DAILY'] as const;

const printable = (name: string, max: number) =>
  z
    .string()
    .trim()
    .min(1, `${name} is required`)
    .max(max, `${name} is at most ${max} characters`)
    .regex(/^[\x21-\x7e]+$/, `${name} has characters it never has`);

export const saveExportDestinationInput = z.object({
  endpointUrl: z.url().max(500),
  region: z
    .string()
    .trim()
    .regex(/^[a-z0-9-]{1,40}$/, 'A region is lower-case letters, digits and dashes (e.g. us-east-1, auto)'),
  // S3's bucket naming rules (3–63 characters, lower case, digits, dots, dashes).
  bucket: z
    .string()
    .trim()
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'A bucket name is 3–63 lower-case letters, digits, dots or dashes'),
  prefix: z
    .string()
    .trim()
    .max(200)
    .regex(/^[A-Za-z0-9!_.*'()/-]*$/, "A prefix is letters, digits and !_.*'()/-")
    .transform((p) => p.replace(/^\/+/, ''))
    .transform((p) => (p && !p.endsWith('/') ? `${p}/` : p))
    .default(''),
  accessKeyId: printable('Access key id', 128),
  /** Absent on an update: the stored secret stays. */
  secretAccessKey: printable('Secret access key', 256).optional(),
  forcePathStyle: z.boolean().default(true),
  format: z.enum(EXPORT_FORMATS).default('PARQUET'),
  schedule: z.enum(EXPORT_SCHEDULES).default('DAILY'),
  enabled: z.boolean().default(true),
});

export type SaveExportDestinationInput = z.input<typeof saveExportDestinationInput>;

/** What may leave the server: never the sealed secret. */
export const DESTINATION_VIEW = {
  id: true,
  endpointUrl: true,
  region: true,
  bucket: true,
  prefix: true,
  accessKeyId: true,
  secretLast4: true,
  forcePathStyle: true,
  format: true,
  schedule: true,
  enabled: true,
  nextRunAt: true,
  lastSuccessAt: true,
  createdAt: true,
  updatedAt: true,
} as const;

export function keyringOf(settings: ExportSettings): CredentialKeyring {
  if (!settings.keyring)
    throw new AppError('CONFLICT', 'Export credentials cannot be stored: PAYMENT_CREDENTIALS_KEYS is not set');
  return settings.keyring;
}

export function checkEndpointUrl(url: string, settings: Pick<ExportSettings, 'allowPrivateAddresses'>): void {
  const problem = webhookUrlProblem(url, settings.allowPrivateAddresses)?.replace('webhooks go', 'exports go');
  if (problem) throw new AppError('BAD_INPUT', problem, { details: [{ path: 'endpointUrl', message: problem }] });
}

const aadOf = (tenantId: string) => `export-destination:${tenantId}`;

export const sealExportSecret = (keyring: CredentialKeyring, tenantId: string, secret: string): Sealed =>
  sealSecrets(keyring, { secretAccessKey: secret }, aadOf(tenantId));

export function openExportSecret(keyring: CredentialKeyring, tenantId: string, sealed: unknown): string {
  const secret = openSecrets(keyring, sealedSchema.parse(sealed), aadOf(tenantId)).secretAccessKey;
  if (!secret) throw new Error('sealed export secret holds no secret');
  return secret;
}

export type S3Target = {
  endpointUrl: string;
  region: string;
  bucket: string;
  prefix: string;
  accessKeyId: string;
  secretAccessKey: string;
  forcePathStyle: boolean;
};

/**
 * An S3 client for one destination. Checksums only where the operation requires them: many
 * S3-compatible stores reject the SDK's default CRC32 trailers. Without allowPrivateAddresses the
 * socket's own lookup refuses private addresses, so a name that resolves there later cannot slip by.
 */
export function s3ClientFor(t: S3Target, settings: Pick<ExportSettings, 'allowPrivateAddresses'>): S3Client {
  // An address given as an IP literal is never looked up, so the lookup alone would not refuse it.
  checkEndpointUrl(t.endpointUrl, settings);
  const lookup = settings.allowPrivateAddresses ? {} : { lookup: publicOnlyLookup };
  return new S3Client({
    endpoint: t.endpointUrl,
    region: t.region,
    forcePathStyle: t.forcePathStyle,
    credentials: { accessKeyId: t.accessKeyId, secretAccessKey: t.secretAccessKey },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 3,
    requestHandler: {
      connectionTimeout: 10_000,
      requestTimeout: 120_000,
      httpAgent: new http.Agent({ keepAlive: true, ...lookup }),
      httpsAgent: new https.Agent({ keepAlive: true, ...lookup }),
    },
  });
}

/** A short, secret-free reason for the page and the run's record. */
export function storageProblem(e: unknown): string {
  if (!(e instanceof Error)) return String(e).slice(0, 300);
  const meta = (e as { $metadata?: { httpStatusCode?: number } }).$metadata;
  const status = meta?.httpStatusCode ? ` (HTTP ${meta.httpStatusCode})` : '';
  const name = e.name && e.name !== 'Error' && !(e instanceof AppError) ? `${e.name}: ` : '';
  return `${name}${e.message}${status}`.slice(0, 300);
}

/** The stored destination with its secret opened, for the S3 client. */
export function targetOf(
  row: Omit<S3Target, 'secretAccessKey'> & { tenantId: string; secretSealed: unknown },
  settings: ExportSettings,
): S3Target {
  const secretAccessKey = openExportSecret(keyringOf(settings), row.tenantId, row.secretSealed);
  return {
    endpointUrl: row.endpointUrl,
    region: row.region,
    bucket: row.bucket,
    prefix: row.prefix,
    accessKeyId: row.accessKeyId,
    secretAccessKey,
    forcePathStyle: row.forcePathStyle,
  };
}
