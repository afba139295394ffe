import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { BlockList, isIP, type LookupFunction } from 'node:net';

// One POST to a receiver: http(s) only, no redirects followed, a timeout on the whole exchange,
// the response body read up to a cap. Unless private addresses are allowed (tests, an operator's
// own network), the address the name resolves to must be public: it is checked at connect time,
// in the socket's own lookup, so a name that resolves differently a second time cannot slip by.

export const RESPONSE_BODY_CAP = 2048;

const PRIVATE = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  PRIVATE.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
  ['64:ff9b::', 96],
] as const)
  PRIVATE.addSubnet(net, prefix, 'ipv6');

export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return true;
  if (family === 6) {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
    if (mapped) return PRIVATE.check(mapped[1]!, 'ipv4');
    return PRIVATE.check(address, 'ipv6');
  }
  return PRIVATE.check(address, 'ipv4');
}

export class BlockedAddressError extends Error {}

export const publicOnlyLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
    if (err) return callback(err, '', 0);
    const blocked = addresses.find((a) => isPrivateAddress(a.address));
    if (blocked || addresses.length === 0)
      return callback(new BlockedAddressError(`${hostname} resolves to a private address`), '', 0);
    if (options.all) return callback(null, addresses as unknown as string, 0);
    const first = addresses[0]!;
    callback(null, first.address, first.family);
  });
};

export type SendResult = {
  statusCode: number | null;
  /** The first RESPONSE_BODY_CAP bytes of the response, as text. */
  body: string | null;
  error: string | null;
  durationMs: number;
};

export type SendOptions = {
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  allowPrivateAddresses: boolean;
};

/** Checks a receiver URL before it is stored (the address is checked again at every send). */
export function webhookUrlProblem(raw: string, allowPrivateAddresses: boolean): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'Not a URL';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'Only http and https URLs can receive webhooks';
  if (url.username || url.password) return 'Put credentials in the receiver, not in the URL';
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!allowPrivateAddresses && (host === 'localhost' || (isIP(host) && isPrivateAddress(host))))
    return 'That address is private: webhooks go to public addresses only';
  return null;
}

export function sendWebhook({
  url,
  headers,
  body,
  timeoutMs,
  allowPrivateAddresses,
}: SendOptions): Promise<SendResult> {
  const started = performance.now();
  const done = (r: Omit<SendResult, 'durationMs'>): SendResult => ({
    ...r,
    durationMs: Math.round(performance.now() - started),
  });
  const problem = webhookUrlProblem(url, allowPrivateAddresses);
  if (problem) return Promise.resolve(done({ statusCode: null, body: null, error: problem }));
  const target = new URL(url);
  const client = target.protocol === 'https:' ? https : http;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (r: Omit<SendResult, 'durationMs'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(done(r));
    };
    const req = client.request(
      target,
      {
        method: 'POST',
        headers: {
          ...headers,
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(body)),
          'user-agent': 'Magma-Webhooks/1',
        },
        ...(allowPrivateAddresses ? {} : { lookup: publicOnlyLookup }),
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          if (size >= RESPONSE_BODY_CAP) return;
          chunks.push(chunk);
          size += chunk.length;
          // Enough read: the rest of a large answer is not waited for.
          if (size >= RESPONSE_BODY_CAP) res.destroy();
        });
        const end = () =>
          finish({
            statusCode: res.statusCode ?? null,
            body: Buffer.concat(chunks).subarray(0, RESPONSE_BODY_CAP).toString('utf8'),
            error: null,
          });
        res.on('end', end);
        res.on('close', end);
        res.on('error', end);
      },
    );
    const timer = setTimeout(() => {
      req.destroy(new Error(`no answer within ${timeoutMs} ms`));
    }, timeoutMs);
    req.on('error', (e) => finish({ statusCode: null, body: null, error: e.message.slice(0, 500) }));
    req.end(body);
  });
}
