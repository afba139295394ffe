import { createHash, createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

// A small S3-compatible server for the export's tests, on 127.0.0.1: HeadBucket, PutObject,
// GetObject, ListObjectsV2 and the multipart calls, in path-style addressing, answering with S3's
// documented XML. Every request's AWS Signature V4 is checked against the test credentials by an
// implementation written here from the specification (not the SDK's signer), and the signed payload
// hash against the body, so a test passes only if the real credentials flow reached the request.

export type StoredObject = { body: Buffer; contentType: string | undefined; metadata: Record<string, string> };

export type S3TestServer = {
  endpoint: string;
  objects: Map<string, StoredObject>;
  /** Every request as `METHOD key?query` (the bucket left out), in order. */
  log: string[];
  /** Requests refused because of their signature. */
  rejected: string[];
  /** Answer 500 to every PUT/POST whose key matches, until cleared (the SDK retries, so once is not enough). */
  failWrites(match: ((key: string) => boolean) | null): void;
  keys(prefix?: string): string[];
  close(): Promise<void>;
};

const xml = (body: string) => `<?xml version="1.0" encoding="UTF-8"?>\n${body}`;
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data).digest();
// RFC 3986 unreserved characters stay, everything else is %XX (SigV4's UriEncode).
const uriEncode = (s: string) =>
  encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** Why a request's SigV4 signature does not hold, or null when it does. */
function signatureProblem(
  req: http.IncomingMessage,
  url: URL,
  body: Buffer,
  creds: { accessKeyId: string; secretAccessKey: string; region: string },
): string | null {
  const auth = req.headers.authorization ?? '';
  const m =
    /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/s3\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/.exec(
      auth,
    );
  if (!m) return 'no SigV4 authorization';
  const [, keyId, date, region, signedHeaders, signature] = m as unknown as string[];
  if (keyId !== creds.accessKeyId) return 'unknown access key';
  if (region !== creds.region) return 'wrong region';
  const amzDate = String(req.headers['x-amz-date'] ?? '');
  if (!amzDate.startsWith(date!)) return 'x-amz-date does not match the credential scope';
  const payloadHash = String(req.headers['x-amz-content-sha256'] ?? '');
  if (payloadHash !== 'UNSIGNED-PAYLOAD' && payloadHash !== sha256(body)) return 'payload hash does not match the body';
  const names = signedHeaders!.split(';');
  if (!names.includes('host') || !names.includes('x-amz-date')) return 'host and x-amz-date must be signed';
  const canonicalHeaders = names
    .map(
      (n) =>
        `${n}:${String(req.headers[n] ?? '')
          .trim()
          .replace(/\s+/g, ' ')}\n`,
    )
    .join('');
  const query = [...url.searchParams.entries()]
    .map(([k, v]) => [uriEncode(k), uriEncode(v)] as const)
    .sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const rawPath = (req.url ?? '/').split('?')[0]!;
  const canonical = [req.method, rawPath, query, canonicalHeaders, signedHeaders, payloadHash].join('\n');
  const scope = `${date}/${region}/s3/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonical)].join('\n');
  const key = hmac(hmac(hmac(hmac(`AWS4${creds.secretAccessKey}`, date!), region!), 's3'), 'aws4_request');
  const expected = hmac(key, toSign);
  const given = Buffer.from(signature!, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected) ? null : 'signature does not match';
}

export async function startS3TestServer(o: {
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
}): Promise<S3TestServer> {
  const objects = new Map<string, StoredObject>();
  const uploads = new Map<string, { key: string; parts: Map<number, Buffer> }>();
  const log: string[] = [];
  const rejected: string[] = [];
  let failing: ((key: string) => boolean) | null = null;

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const url = new URL(req.url ?? '/', 'http://s3.test');
      const [, bucket = '', ...rest] = url.pathname.split('/');
      const key = rest.map(decodeURIComponent).join('/');
      const q = url.searchParams;
      log.push(`${req.method} ${key}${url.search}`);
      const send = (status: number, payload = '', headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'content-type': 'application/xml', ...headers });
        res.end(payload);
      };
      const error = (status: number, code: string, message: string) =>
        send(status, xml(`<Error><Code>${code}</Code><Message>${esc(message)}</Message></Error>`));

      const problem = signatureProblem(req, url, body, o);
      if (problem) {
        rejected.push(`${req.method} ${key}: ${problem}`);
        return error(403, 'SignatureDoesNotMatch', problem);
      }
      if (bucket !== o.bucket) return error(404, 'NoSuchBucket', 'The specified bucket does not exist');
      if ((req.method === 'PUT' || req.method === 'POST') && failing?.(key))
        return error(500, 'InternalError', 'We encountered an internal error. Please try again.');

      if (req.method === 'HEAD' && !key) return send(200);
      if (req.method === 'GET' && !key && q.get('list-type') === '2') {
        const prefix = q.get('prefix') ?? '';
        const found = [...objects.keys()].filter((k) => k.startsWith(prefix)).sort();
        const contents = found
          .map((k) => `<Contents><Key>${esc(k)}</Key><Size>${objects.get(k)!.body.length}</Size></Contents>`)
          .join('');
        return send(
          200,
          xml(
            `<ListBucketResult><Name>${bucket}</Name><Prefix>${esc(prefix)}</Prefix><KeyCount>${found.length}</KeyCount><IsTruncated>false</IsTruncated>${contents}</ListBucketResult>`,
          ),
        );
      }
      if (req.method === 'GET' && key) {
        const obj = objects.get(key);
        if (!obj) return error(404, 'NoSuchKey', 'The specified key does not exist.');
        res.writeHead(200, { 'content-type': obj.contentType ?? 'application/octet-stream' });
        return res.end(obj.body);
      }
      if (req.method === 'POST' && q.has('uploads')) {
        const uploadId = randomUUID();
        uploads.set(uploadId, { key, parts: new Map() });
        return send(
          200,
          xml(
            `<InitiateMultipartUploadResult><Bucket>${bucket}</Bucket><Key>${esc(key)}</Key><UploadId>${uploadId}</UploadId></InitiateMultipartUploadResult>`,
          ),
        );
      }
      const uploadId = q.get('uploadId');
      const upload = uploadId ? uploads.get(uploadId) : undefined;
      if (uploadId && !upload) return error(404, 'NoSuchUpload', 'The specified upload does not exist.');
      if (req.method === 'PUT' && upload) {
        upload.parts.set(Number(q.get('partNumber')), body);
        return send(200, '', { etag: `"${sha256(body).slice(0, 32)}"` });
      }
      if (req.method === 'POST' && upload) {
        const numbers = [...body.toString('utf8').matchAll(/<PartNumber>(\d+)<\/PartNumber>/g)].map((x) =>
          Number(x[1]),
        );
        if (!numbers.length || numbers.some((n) => !upload.parts.has(n)))
          return error(400, 'InvalidPart', 'One or more of the specified parts could not be found.');
        objects.set(upload.key, {
          body: Buffer.concat(numbers.map((n) => upload.parts.get(n)!)),
          contentType: undefined,
          metadata: {},
        });
        uploads.delete(uploadId!);
        return send(
          200,
          xml(
            `<CompleteMultipartUploadResult><Bucket>${bucket}</Bucket><Key>${esc(key)}</Key><ETag>"multi"</ETag></CompleteMultipartUploadResult>`,
          ),
        );
      }
      if (req.method === 'DELETE' && upload) {
        uploads.delete(uploadId!);
        return send(204);
      }
      if (req.method === 'PUT' && key) {
        const metadata = Object.fromEntries(
          Object.entries(req.headers)
            .filter(([h]) => h.startsWith('x-amz-meta-'))
            .map(([h, v]) => [h.slice('x-amz-meta-'.length), String(v)]),
        );
        objects.set(key, { body, contentType: req.headers['content-type'], metadata });
        return send(200, '', { etag: `"${sha256(body).slice(0, 32)}"` });
      }
      return error(501, 'NotImplemented', `${req.method} is not implemented here`);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    objects,
    log,
    rejected,
    failWrites: (match) => {
      failing = match;
    },
    keys: (prefix = '') => [...objects.keys()].filter((k) => k.startsWith(prefix)).sort(),
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
