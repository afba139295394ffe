import http from 'node:http';

// Liveness (/health: the process answers) and readiness (/ready: its job runner is started and the
// database answers within 2 s), for `npm start`'s supervisor, systemd or Kubernetes.

export function startHealthServer({
  port,
  host,
  ready,
}: {
  port: number;
  host: string;
  ready: () => Promise<boolean>;
}): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    const send = (status: number, body: object) => {
      res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify(body));
    };
    if (req.url === '/health') return send(200, { status: 'ok' });
    if (req.url === '/ready') {
      const timeout = new Promise<boolean>((r) => setTimeout(() => r(false), 2_000).unref());
      void Promise.race([ready().catch(() => false), timeout]).then((ok) =>
        send(ok ? 200 : 503, { status: ok ? 'ready' : 'not ready' }),
      );
      return;
    }
    send(404, { error: 'not found' });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}
