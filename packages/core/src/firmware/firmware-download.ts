import { Readable } from 'node:stream';
import type { Db } from '@magma/db';
import { checkLink, type ChargerFileSettings } from './links.ts';

// GET /api/firmware/{id}/{exp}/{sig}[/{name}]: the file behind a charger's time-limited link,
// without a session. An expired or forged link is 403; single byte ranges are served (206) so a
// charger can resume a download.

const text = (status: number, body: string, headers: Record<string, string> = {}) =>
  new Response(body, { status, headers: { 'content-type': 'text/plain; charset=utf-8', ...headers } });

function parseRange(header: string | null, size: number): { start: number; end: number } | 'bad' | null {
  if (!header) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (!m[1] && !m[2])) return 'bad';
  let start: number;
  let end: number;
  if (!m[1]) {
    start = Math.max(0, size - Number(m[2]));
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] ? Math.min(Number(m[2]), size - 1) : size - 1;
  }
  return start > end || start >= size ? 'bad' : { start, end };
}

export async function firmwareDownloadResponse({
  db,
  files,
  segments,
  request,
  now = new Date(),
}: {
  db: Db;
  files: ChargerFileSettings;
  /** id, exp, sig (and the file name, which is not checked). */
  segments: string[];
  request: Request;
  now?: Date;
}): Promise<Response> {
  const [id = '', exp = '', sig = ''] = segments;
  const check = checkLink({ key: files.linkKey, purpose: 'firmware', id, exp, sig, now });
  if (!check.ok) return text(403, check.reason === 'expired' ? 'This link has expired' : 'Not a valid link');
  // Not scoped: the signature is the authority, and it names one image of one tenant.
  const image = await db.firmwareImage.findUnique({ where: { id } });
  if (!image || image.status !== 'READY') return text(404, 'No such firmware');
  const size = await files.store.size(image.storageKey);
  if (size === null) return text(404, 'No such firmware');
  const headers: Record<string, string> = {
    'content-type': 'application/octet-stream',
    'content-disposition': `attachment; filename="${image.fileName}"`,
    'accept-ranges': 'bytes',
    'cache-control': 'private, no-store',
    etag: `"${image.sha256}"`,
  };
  const range = parseRange(request.headers.get('range'), size);
  if (range === 'bad') return text(416, 'Range not satisfiable', { 'content-range': `bytes */${size}` });
  if (request.method === 'HEAD') return new Response(null, { headers: { ...headers, 'content-length': String(size) } });
  const file = await files.store.get(image.storageKey, range ?? undefined);
  if (!file) return text(404, 'No such firmware');
  const body = Readable.toWeb(file.body) as ReadableStream<Uint8Array>;
  if (!range) return new Response(body, { headers: { ...headers, 'content-length': String(size) } });
  return new Response(body, {
    status: 206,
    headers: {
      ...headers,
      'content-length': String(range.end - range.start + 1),
      'content-range': `bytes ${range.start}-${range.end}/${size}`,
    },
  });
}
