import { Readable } from 'node:stream';
import type { Db } from '@magma/db';
import { checkLink, type ChargerFileSettings } from '../firmware/links.ts';
import { MAX_LOG_BYTES } from './schemas.ts';

// PUT or POST /api/charger-logs/{id}/{exp}/{sig}[/{name}]: a charger uploads the log it was asked
// for, without a session: the link's signature names the request. The body is the file (PUT, or
// a POST of application/octet-stream) or a multipart form whose first file is (what 1.6 chargers
// posting over HTTP send). At most MAX_LOG_BYTES; a second upload replaces the first.

const text = (status: number, body: string) =>
  new Response(body, { status, headers: { 'content-type': 'text/plain; charset=utf-8' } });

class TooLarge extends Error {}

const tooLarge = (max: number) =>
  text(413, `A log is at most ${max >= 1024 * 1024 ? `${max / 1024 / 1024} MiB` : `${max / 1024} KiB`}`);

async function* capped(body: ReadableStream<Uint8Array>, max: number) {
  let size = 0;
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > max) throw new TooLarge();
    yield chunk;
  }
}

const SAFE_NAME = /[^A-Za-z0-9._-]+/g;

export async function logUploadResponse({
  db,
  files,
  segments,
  request,
  maxBytes = MAX_LOG_BYTES,
  now = new Date(),
}: {
  db: Db;
  files: ChargerFileSettings;
  segments: string[];
  request: Request;
  maxBytes?: number;
  now?: Date;
}): Promise<Response> {
  const [id = '', exp = '', sig = '', ...rest] = segments;
  const check = checkLink({ key: files.linkKey, purpose: 'log', id, exp, sig, now });
  if (!check.ok) return text(403, check.reason === 'expired' ? 'This link has expired' : 'Not a valid link');
  const log = await db.chargerLogRequest.findUnique({ where: { id } });
  if (!log) return text(404, 'No such log request');
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > maxBytes) return tooLarge(maxBytes);
  if (!request.body) return text(400, 'The request has no file');
  const type = request.headers.get('content-type') ?? 'application/octet-stream';
  let body: AsyncIterable<Uint8Array>;
  let fileName = rest.length ? decodeURIComponent(rest.join('/')) : (log.chargerFileName ?? 'log');
  let contentType = type.split(';')[0]!.trim() || 'application/octet-stream';
  if (contentType === 'multipart/form-data') {
    // A form is read whole (within the cap) to find its file part.
    const chunks: Uint8Array[] = [];
    try {
      for await (const c of capped(request.body, maxBytes)) chunks.push(c);
    } catch (e) {
      if (e instanceof TooLarge) return tooLarge(maxBytes);
      throw e;
    }
    let form: FormData;
    try {
      form = await new Response(Buffer.concat(chunks), { headers: { 'content-type': type } }).formData();
    } catch {
      return text(400, 'Not a readable multipart form');
    }
    const file = [...form.values()].find((value) => typeof value !== 'string') as
      (Blob & { name?: string }) | undefined;
    if (!file) return text(400, 'The form holds no file');
    fileName = file.name || fileName;
    contentType = file.type || 'application/octet-stream';
    body = Readable.fromWeb(file.stream() as never) as AsyncIterable<Uint8Array>;
  } else {
    body = capped(request.body, maxBytes);
  }
  const key = `${log.tenantId}/logs/${log.id}`;
  let size = 0;
  async function* counted() {
    for await (const c of body) {
      size += c.byteLength;
      yield c;
    }
  }
  try {
    await files.store.put(key, counted());
  } catch (e) {
    if (e instanceof TooLarge) return tooLarge(maxBytes);
    throw e;
  }
  await db.chargerLogRequest.update({
    where: { id },
    data: {
      fileKey: key,
      fileName: fileName.replace(SAFE_NAME, '_').slice(0, 200) || 'log',
      fileSize: size,
      contentType: contentType.slice(0, 100),
      uploadedAt: new Date(),
    },
  });
  return text(201, 'Stored');
}
