import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import path from 'node:path';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tenantScope } from '@magma/core/tenancy';
import { createWebhookEndpoint, parseCredentialKeys, sendTestWebhook } from '@magma/core/webhooks';
import { createTestDatabase, type TestDatabase } from '@magma/db/testing';

// The worker as a process, the way `npm start` runs it: ready on /ready, killed with SIGKILL in
// the middle of a delivery and started again, the message still arrives, with the same
// webhook-id; SIGTERM stops it cleanly (exit 0), bad configuration stops it with an error.

const KEYS = `w1:${randomBytes(32).toString('base64')}`;
const keyring = parseCredentialKeys(KEYS);

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

function startWorker(env: Record<string, string>): ChildProcess & { output: string[] } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: path.resolve(import.meta.dirname, '..'),
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  }) as ChildProcess & { output: string[] };
  child.output = [];
  child.stdout?.on('data', (b: Buffer) => child.output.push(b.toString()));
  child.stderr?.on('data', (b: Buffer) => child.output.push(b.toString()));
  return child;
}

const exited = (c: ChildProcess) =>
  new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    if (c.exitCode !== null || c.signalCode !== null) return resolve({ code: c.exitCode, signal: c.signalCode });
    c.once('exit', (code, signal) => resolve({ code, signal }));
  });

async function until<T>(what: string, f: () => Promise<T | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await f().catch(() => undefined);
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const status = (url: string) =>
  fetch(url, { signal: AbortSignal.timeout(2_000) }).then(
    (r) => r.status,
    () => 0,
  );

let t: TestDatabase;
let tenantId: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  t = await createTestDatabase();
  tenantId = (await t.db.tenant.create({ data: { slug: `w-${randomUUID().slice(0, 8)}`, name: 'Worker test' } })).id;
});
afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await t?.drop();
});

describe('the worker process', () => {
  it('delivers a message it was killed in the middle of, after a restart, with the same webhook-id', async () => {
    // The first request is held unanswered (the worker dies meanwhile); later ones get 200.
    const received: { headers: http.IncomingHttpHeaders; body: string }[] = [];
    const held: http.ServerResponse[] = [];
    const rx = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        if (received.length === 1) return void held.push(res);
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => rx.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(rx.address() as AddressInfo).port}/in`;
    try {
      const port = await freePort();
      const env = {
        DATABASE_URL: t.url,
        WORKER_PORT: String(port),
        PAYMENT_CREDENTIALS_KEYS: KEYS,
        WEBHOOK_ALLOW_PRIVATE_ADDRESSES: '1',
        WEBHOOK_TIMEOUT_MS: '20000',
        WEBHOOK_LEASE_MS: '25000',
        WEBHOOK_PUMP_MS: '200',
      };
      const first = startWorker(env);
      children.push(first);
      await until('the worker to be ready', async () => (await status(`http://127.0.0.1:${port}/ready`)) === 200);
      expect(await status(`http://127.0.0.1:${port}/health`)).toBe(200);

      const { endpoint, secret } = await createWebhookEndpoint({
        db: t.db,
        scope: tenantScope(tenantId),
        settings: { keyring, allowPrivateAddresses: true },
        input: { url },
      });
      const sent = await sendTestWebhook({ db: t.db, scope: tenantScope(tenantId), endpointId: endpoint.id });
      await until('the first attempt', async () => received.length === 1);

      first.kill('SIGKILL');
      await exited(first);
      // The attempt it held is still taken until its lease runs out: let it run out sooner.
      await t.db.webhookDelivery.update({
        where: { id: sent.deliveryId },
        data: { lockedUntil: new Date(Date.now() - 1) },
      });
      const second = startWorker(env);
      children.push(second);
      const delivered = await until('the delivery after the restart', async () => {
        const d = await t.db.webhookDelivery.findUniqueOrThrow({ where: { id: sent.deliveryId } });
        return d.status === 'DELIVERED' && d;
      });
      expect(delivered.attempts).toBe(2);
      expect(received.map((r) => r.headers['webhook-id'])).toEqual([sent.messageId, sent.messageId]);
      expect(
        new Webhook(secret).verify(received[1]!.body, received[1]!.headers as Record<string, string>),
      ).toMatchObject({
        type: 'webhook.test',
      });

      second.kill('SIGTERM');
      expect(await exited(second)).toEqual({ code: 0, signal: null });
    } finally {
      for (const r of held) r.destroy();
      await new Promise<void>((r) => rx.close(() => r()));
    }
  }, 90_000);

  it('exits non-zero on a bad configuration', async () => {
    const c = startWorker({ DATABASE_URL: 'mysql://nope' });
    children.push(c);
    expect((await exited(c)).code).toBe(1);
    expect(c.output.join('')).toMatch(/DATABASE_URL/);
  });
});
