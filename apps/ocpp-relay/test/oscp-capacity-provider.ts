import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

// Test parties of OSCP on loopback (#21): a Capacity Provider speaking 2.0 or 1.0 (it registers
// back, acknowledges handshakes, takes heartbeats and usage reports, and sends forecasts), and a
// Flexibility Provider server that puts our request handler on a port the way the web app's route
// does. Each records what it received.

export type Received = { endpoint: string; headers: http.IncomingHttpHeaders; body: unknown };

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function listen(server: http.Server): Promise<string> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)),
  );
}

export async function post(url: string, token: string | null, body: unknown, requestId: string | null = randomUUID()) {
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Token ${token}` } : {}),
      ...(requestId ? { 'x-request-id': requestId } : {}),
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text };
}

export type TestCapacityProvider = {
  url: string;
  received: Received[];
  /** The token we must present now (the registration token, then the one it registered with). */
  token: () => string;
  /** Our token, as we registered it (2.0) or as the operator gave it (1.0). */
  fpToken: () => string | null;
  setFpToken: (t: string) => void;
  /** Our base URL (2.0: from our Register). */
  fpUrl: () => string | null;
  setFpUrl: (u: string) => void;
  /** POSTs to one of our endpoints with our token. */
  send: (endpoint: string, body: unknown, requestId?: string) => ReturnType<typeof post>;
  /** Follow-ups it sent (register back, handshake acknowledgement), for the test to await. */
  pending: Promise<unknown>[];
  close: () => Promise<void>;
};

export async function startCapacityProvider({
  version,
  registrationToken,
  groupId,
}: {
  version: '1.0' | '2.0';
  registrationToken: string;
  groupId: string;
}): Promise<TestCapacityProvider> {
  let token = registrationToken;
  let fpToken: string | null = null;
  let fpUrl: string | null = null;
  const received: Received[] = [];
  const pending: Promise<unknown>[] = [];
  const registeredToken = `cp-${randomUUID()}`;
  let url = '';
  const send = (endpoint: string, body: unknown, requestId?: string) =>
    post(`${fpUrl}/${endpoint}`, fpToken, body, requestId ?? randomUUID());

  const server = http.createServer((req, res) => {
    void (async () => {
      const endpoint = (req.url ?? '').split('/').at(-1) ?? '';
      const raw = await readBody(req);
      if (req.headers.authorization !== `Token ${token}`) {
        res.writeHead(401).end();
        return;
      }
      const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : null;
      received.push({ endpoint, headers: req.headers, body });
      res.writeHead(204).end();
      if (version === '2.0' && endpoint === 'register') {
        const r = body as { token: string; version_url: { version: string; base_url: string }[] };
        fpToken = r.token;
        fpUrl = r.version_url.find((v) => v.version === '2.0')!.base_url;
        // Register back with our own token: the registration token stops working.
        token = registeredToken;
        pending.push(
          send('register', { token: registeredToken, version_url: [{ version: '2.0', base_url: url }] }).then(() =>
            // And ask for heartbeats every 30 s.
            send('handshake', {
              required_behaviour: { heartbeat_interval: 30, measurement_configuration: ['INTERMITTENT'] },
            }),
          ),
        );
      }
      if (version === '2.0' && endpoint === 'handshake') {
        pending.push(post(`${fpUrl}/handshake_acknowledgement`, fpToken, {}, randomUUID()));
      }
    })().catch(() => res.writeHead(500).end());
  });
  url = await listen(server);
  void groupId;
  return {
    url,
    received,
    token: () => token,
    fpToken: () => fpToken,
    setFpToken: (t) => (fpToken = t),
    fpUrl: () => fpUrl,
    setFpUrl: (u) => (fpUrl = u),
    send,
    pending,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Our side on a port: the same handler the web app's /api/oscp/{version}/{endpoint} route calls. */
export async function startFlexibilityProvider(
  handle: (input: { version: '1.0' | '2.0'; endpoint: string; headers: Headers; rawBody: string }) => Promise<{
    status: number;
    headers: Record<string, string>;
    body: unknown;
    after: (() => Promise<void>) | null;
  }>,
): Promise<{ url: string; afters: Promise<void>[]; close: () => Promise<void> }> {
  const afters: Promise<void>[] = [];
  const server = http.createServer((req, res) => {
    void (async () => {
      const m = /^\/api\/oscp\/(1\.0|2\.0)\/([a-z_]+)$/.exec(req.url ?? '');
      if (!m || req.method !== 'POST') {
        res.writeHead(404).end();
        return;
      }
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers.set(k, v);
      const a = await handle({
        version: m[1] as '1.0' | '2.0',
        endpoint: m[2]!,
        headers,
        rawBody: await readBody(req),
      });
      res.writeHead(a.status, { ...a.headers, ...(a.body ? { 'content-type': 'application/json' } : {}) });
      res.end(a.body ? JSON.stringify(a.body) : undefined);
      if (a.after) afters.push(a.after());
    })().catch(() => res.writeHead(500).end());
  });
  const url = await listen(server);
  return { url, afters, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
