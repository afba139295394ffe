import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

// A stand-in for a gateway in contract tests: it listens on 127.0.0.1 only, records every request
// exactly as it arrived and answers with the documented response shape the test hands it.

export type RecordedRequest = {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
  json: () => unknown;
  form: () => URLSearchParams;
};

/** `drop`: the request is taken (recorded, acted on) but the connection is cut before any answer. */
export type Reply = { status?: number; json?: unknown; headers?: Record<string, string>; drop?: boolean };
export type Route = (req: RecordedRequest) => Reply | undefined;

export type LocalServer = {
  url: string;
  requests: RecordedRequest[];
  close: () => Promise<void>;
};

export async function startLocalServer(route: Route): Promise<LocalServer> {
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const u = new URL(req.url ?? '/', 'http://127.0.0.1');
      const recorded: RecordedRequest = {
        method: req.method ?? 'GET',
        path: u.pathname,
        query: u.searchParams,
        headers: req.headers,
        body,
        json: () => JSON.parse(body) as unknown,
        form: () => new URLSearchParams(body),
      };
      requests.push(recorded);
      const reply = route(recorded) ?? { status: 404, json: { error: { code: 'NOT_FOUND', description: 'no route' } } };
      if (reply.drop) {
        req.socket.destroy();
        return;
      }
      res.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers });
      res.end(reply.json === undefined ? '' : JSON.stringify(reply.json));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
}

export function basicAuth(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}
