import { createReadStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { createWriteStream } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { GetObjectCommand, DeleteObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { s3ClientFor, type S3Target } from '../exports/destination.ts';

// Where firmware images and uploaded charger logs live: a directory on local disk by default, or
// an S3-compatible bucket. Keys are ours (tenant/kind/uuid), never a name a charger or an operator
// chose, so nothing outside the store's root can be named.

export type StoredFile = { size: number; body: Readable };

export type FileStore = {
  /** Writes the whole body; a body that throws (over its cap) leaves nothing behind. */
  put(key: string, body: AsyncIterable<Uint8Array>): Promise<void>;
  /** The file, or the inclusive byte range of it; null when there is no such file. */
  get(key: string, range?: { start: number; end: number }): Promise<StoredFile | null>;
  size(key: string): Promise<number | null>;
  remove(key: string): Promise<void>;
};

const KEY = /^[a-z0-9-]+(\/[a-z0-9.-]+)+$/;
function checkKey(key: string): string {
  if (!KEY.test(key) || key.includes('..')) throw new Error(`not a store key: ${key}`);
  return key;
}

export function localFileStore(root: string): FileStore {
  const fileOf = (key: string) => path.join(root, checkKey(key));
  const size = async (key: string) => {
    try {
      return (await stat(fileOf(key))).size;
    } catch {
      return null;
    }
  };
  return {
    async put(key, body) {
      const file = fileOf(key);
      await mkdir(path.dirname(file), { recursive: true });
      const partial = `${file}.partial`;
      try {
        await pipeline(Readable.from(body), createWriteStream(partial));
        await rename(partial, file);
      } catch (e) {
        await rm(partial, { force: true });
        throw e;
      }
    },
    async get(key, range) {
      const total = await size(key);
      if (total === null) return null;
      const body = createReadStream(fileOf(key), range ? { start: range.start, end: range.end } : {});
      return { size: range ? range.end - range.start + 1 : total, body };
    },
    size,
    async remove(key) {
      await rm(fileOf(key), { force: true });
    },
  };
}

/** An S3-compatible bucket (the same client and address rules as the warehouse exports). */
export function s3FileStore(target: S3Target, settings: { allowPrivateAddresses: boolean }): FileStore {
  const client = s3ClientFor(target, settings);
  const Key = (key: string) => `${target.prefix}${checkKey(key)}`;
  const size = async (key: string) => {
    try {
      const head = await client.send(new HeadObjectCommand({ Bucket: target.bucket, Key: Key(key) }));
      return head.ContentLength ?? null;
    } catch {
      return null;
    }
  };
  return {
    async put(key, body) {
      await new Upload({ client, params: { Bucket: target.bucket, Key: Key(key), Body: Readable.from(body) } }).done();
    },
    async get(key, range) {
      try {
        const out = await client.send(
          new GetObjectCommand({
            Bucket: target.bucket,
            Key: Key(key),
            ...(range ? { Range: `bytes=${range.start}-${range.end}` } : {}),
          }),
        );
        if (!out.Body) return null;
        return { size: out.ContentLength ?? 0, body: out.Body as Readable };
      } catch {
        return null;
      }
    },
    size,
    async remove(key) {
      await client.send(new DeleteObjectCommand({ Bucket: target.bucket, Key: Key(key) }));
    },
  };
}
