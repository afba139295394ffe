import 'server-only';
import { createHmac } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { localFileStore, s3FileStore, type ChargerFileSettings } from '@magma/core/firmware';
import { env } from '@/env.ts';

// Where firmware images and charger logs are kept, and the key of chargers' time-limited links:
// local disk by default, an S3-compatible bucket when CHARGER_FILES_S3_URL names one.

function repoRoot(): string {
  for (let dir = process.cwd(), i = 0; i < 5; i++, dir = path.dirname(dir))
    if (existsSync(path.join(dir, 'themes'))) return dir;
  return process.cwd();
}

function s3Store(raw: string) {
  const u = new URL(raw);
  const [bucket = '', ...prefix] = u.pathname.replace(/^\/+/, '').split('/');
  const endpointUrl = `${u.protocol}//${u.host}`;
  return s3FileStore(
    {
      endpointUrl,
      region: u.searchParams.get('region') ?? 'auto',
      bucket,
      prefix: prefix.filter(Boolean).length ? `${prefix.filter(Boolean).join('/')}/` : '',
      accessKeyId: decodeURIComponent(u.username),
      secretAccessKey: decodeURIComponent(u.password),
      forcePathStyle: true,
    },
    { allowPrivateAddresses: env.WEBHOOK_ALLOW_PRIVATE_ADDRESSES },
  );
}

let settings: ChargerFileSettings | undefined;

export function chargerFiles(): ChargerFileSettings {
  settings ??= {
    store: env.CHARGER_FILES_S3_URL
      ? s3Store(env.CHARGER_FILES_S3_URL)
      : localFileStore(path.resolve(env.CHARGER_FILES_DIR ?? path.join(repoRoot(), '.data', 'charger-files'))),
    linkKey: env.CHARGER_FILE_LINK_KEY
      ? Buffer.from(env.CHARGER_FILE_LINK_KEY)
      : createHmac('sha256', env.NEXTAUTH_SECRET).update('magma:charger-file-links').digest(),
  };
  return settings;
}
