// bench:api's webhook part: delivery throughput from the fact to a receiver's 2xx, through the real
// job runner (pg-boss, the worker's own startJobRunner and its defaults), for a receiver that answers
// at once and one that takes `slowMs` per request. The facts are StatusNotifications recorded by the
// real use case (recordStatus: the status and its connector.status_changed event in one statement);
// the receivers verify every signature with the standardwebhooks library before answering.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import type { Db } from '@magma/db';
import { recordStatus } from '@magma/core/charging';
import { startJobRunner } from '@magma/core/jobs';
import { tenantScope } from '@magma/core/tenancy';
import { createWebhookEndpoint, parseCredentialKeys, updateWebhookEndpoint } from '@magma/core/webhooks';

export type WebhookBenchOptions = {
  db: Db;
  databaseUrl: string;
  tenantId: string;
  /** Facts (and so deliveries) per receiver. */
  events: number;
  /** The worker's WEBHOOK_CONCURRENCY and WEBHOOK_PUMP_MS (its defaults: 8 and 1,000 ms). */
  concurrency: number;
  pumpMs: number;
  /** How long the slow receiver takes to answer each request. */
  slowMs: number;
};

export type WebhookBenchRow = {
  receiver: string;
  events: number;
  /** Facts recorded per second (the producer, 16 StatusNotifications in flight). */
  factsPerSecond: number;
  /** Events delivered (2xx) per second, from the first fact to the last 2xx. */
  deliveredPerSecond: number;
  /** From the fact's commit (EventLog.createdAt) to the receiver's 2xx, ms. */
  p50: number;
  p99: number;
  max: number;
  attempts: number;
  badSignatures: number;
};

const keyring = parseCredentialKeys(`bench:${Buffer.alloc(32, 7).toString('base64')}`);
const PRODUCERS = 16;

type Receiver = {
  url: string;
  /** webhook-id → when the receiver answered its first 2xx (epoch ms). */
  answered: Map<string, number>;
  badSignatures: number;
  setSecret: (secret: string) => void;
  close: () => Promise<void>;
};

async function aReceiver(delayMs: number): Promise<Receiver> {
  let verifier: Webhook | undefined;
  const r: Receiver = {
    url: '',
    answered: new Map(),
    badSignatures: 0,
    setSecret: (secret) => (verifier = new Webhook(secret)),
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let ok = false;
      try {
        verifier!.verify(body, req.headers as Record<string, string>);
        ok = true;
      } catch {
        r.badSignatures++;
      }
      setTimeout(() => {
        res.writeHead(ok ? 204 : 400).end();
        const id = String(req.headers['webhook-id']);
        if (ok && !r.answered.has(id)) r.answered.set(id, Date.now());
      }, delayMs);
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  r.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
  return r;
}

const at = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;

async function deliverThrough(
  o: WebhookBenchOptions,
  receiver: string,
  delayMs: number,
  connectors: { chargerId: string; evseId: number; connectorId: number }[],
): Promise<WebhookBenchRow> {
  const { db, tenantId } = o;
  const scope = tenantScope(tenantId);
  const rx = await aReceiver(delayMs);
  const { endpoint, secret } = await createWebhookEndpoint({
    db,
    scope,
    settings: { keyring, allowPrivateAddresses: true },
    input: { url: rx.url, eventTypes: ['connector.status_changed'], description: `bench: ${receiver}` },
  });
  rx.setSecret(secret);
  const runner = await startJobRunner({
    databaseUrl: o.databaseUrl,
    db,
    webhooks: { keyring, allowPrivateAddresses: true, timeoutMs: 10_000, leaseMs: 60_000 },
    concurrency: o.concurrency,
    pumpIntervalMs: o.pumpMs,
    onError: (e, what) => console.error(`job runner: ${what}: ${e instanceof Error ? e.message : String(e)}`),
  });
  let stopped = false;
  try {
    // The facts: each connector of the fleet in turn reports a new status, 16 at a time.
    const base = Date.now();
    const t0 = Date.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: PRODUCERS }, async () => {
        for (let k = next++; k < o.events; k = next++) {
          const c = connectors[k % connectors.length]!;
          await recordStatus({
            db,
            charger: { tenantId, chargerId: c.chargerId },
            input: {
              evseId: c.evseId,
              connectorId: c.connectorId,
              status: k % 2 === 0 ? 'PREPARING' : 'AVAILABLE',
              timestamp: new Date(base + k),
            },
          });
        }
      }),
    );
    const factsMs = Date.now() - t0;
    const deadline = Date.now() + Math.max(120_000, o.events * (delayMs + 20));
    while (rx.answered.size < o.events && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    if (rx.answered.size < o.events)
      throw new Error(`${receiver}: ${rx.answered.size} of ${o.events} delivered before the deadline`);

    const created = await db.eventLog.findMany({
      where: { tenantId, messageId: { in: [...rx.answered.keys()] } },
      select: { messageId: true, createdAt: true },
    });
    const latencies = created.map((e) => rx.answered.get(e.messageId)! - e.createdAt.getTime()).sort((a, b) => a - b);
    const first = Math.min(...created.map((e) => e.createdAt.getTime()));
    const last = Math.max(...rx.answered.values());
    // Counted once the runner has stopped: the last attempts are recorded after the receiver answered.
    await runner.stop(5_000);
    stopped = true;
    const attempts = await db.webhookAttempt.count({ where: { delivery: { endpointId: endpoint.id } } });
    return {
      receiver,
      events: o.events,
      factsPerSecond: Math.round((o.events / factsMs) * 1000),
      deliveredPerSecond: Math.round((o.events / (last - first)) * 10_000) / 10,
      p50: at(latencies, 0.5),
      p99: at(latencies, 0.99),
      max: latencies[latencies.length - 1]!,
      attempts,
      badSignatures: rx.badSignatures,
    };
  } finally {
    if (!stopped) await runner.stop(5_000);
    await updateWebhookEndpoint({
      db,
      scope,
      settings: { keyring, allowPrivateAddresses: true },
      input: { id: endpoint.id, enabled: false },
    });
    await rx.close();
  }
}

export async function benchWebhookDelivery(o: WebhookBenchOptions): Promise<WebhookBenchRow[]> {
  const connectors = await o.db.connector.findMany({
    where: { tenantId: o.tenantId, evseId: { gt: 0 } },
    select: { chargerId: true, evseId: true, connectorId: true },
    orderBy: { id: 'asc' },
    take: 5_000,
  });
  if (connectors.length === 0) throw new Error('no connectors to report statuses for');
  return [
    await deliverThrough(o, 'answers at once', 0, connectors),
    await deliverThrough(o, `answers after ${o.slowMs} ms`, o.slowMs, connectors),
  ];
}
