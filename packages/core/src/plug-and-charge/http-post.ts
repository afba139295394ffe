import http from 'node:http';
import https from 'node:https';
import { publicOnlyLookup, webhookUrlProblem } from '../webhooks/send-webhook.ts';

export class HttpPostError extends Error {}

const MAX_BODY = 256 * 1024;

/**
 * POSTs a body and reads the answer (capped), within `timeoutMs` in all (a responder that never
 * answers ends in HttpPostError, never a hung charger call). Without allowPrivateAddresses the
 * socket's own lookup refuses private and loopback addresses: a charger names OCSP responder URLs,
 * and those must not reach into our network.
 */
export function httpPost({
  url,
  body,
  headers,
  timeoutMs,
  allowPrivateAddresses,
}: {
  url: string;
  body: Uint8Array | string;
  headers: Record<string, string>;
  timeoutMs: number;
  allowPrivateAddresses: boolean;
}): Promise<{ status: number; body: Buffer; contentType: string }> {
  const problem = webhookUrlProblem(url, allowPrivateAddresses);
  if (problem) return Promise.reject(new HttpPostError(problem.replace('webhooks go', 'requests go')));
  const target = new URL(url);
  const client = target.protocol === 'https:' ? https : http;
  const payload = typeof body === 'string' ? Buffer.from(body) : Buffer.from(body);
  return new Promise((resolve, reject) => {
    const req = client.request(
      target,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': String(payload.length) },
        ...(allowPrivateAddresses ? {} : { lookup: publicOnlyLookup }),
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size > MAX_BODY) {
            req.destroy(new HttpPostError('the answer is too large'));
            return;
          }
          chunks.push(c);
        });
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks),
            contentType: String(res.headers['content-type'] ?? ''),
          }),
        );
        res.on('error', reject);
      },
    );
    const timer = setTimeout(() => req.destroy(new HttpPostError(`no answer within ${timeoutMs} ms`)), timeoutMs);
    req.on('close', () => clearTimeout(timer));
    req.on('error', (e) => reject(e instanceof HttpPostError ? e : new HttpPostError(e.message)));
    req.end(payload);
  });
}
