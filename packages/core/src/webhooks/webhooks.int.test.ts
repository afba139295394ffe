import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@magma/db/testing';
import { parseCredentialKeys } from '@magma/payments';
import {
  markChargerOffline,
  markChargerOnline,
  recordMeterValues,
  recordStatus,
  startTransaction,
  stopTransaction,
} from '../charging/index.ts';
import { enqueueEvent, eventIdOf } from '../events/index.ts';
import { startJobRunner, type JobRunner } from '../jobs/job-runner.ts';
import { publishTariffVersion } from '../tariffs/publish-tariff-version.ts';
import { aConnector, aSite, aTenant } from '../tariffs/tariffs.fixtures.ts';
import { tenantScope } from '../tenancy/scope.ts';
import {
  attemptDelivery,
  claimDueDeliveries,
  type EndpointDisabled,
  type WebhookDeliveryConfig,
} from './deliver-webhook.ts';
import { redeliverWebhook, sendTestWebhook, listWebhookDeliveries } from './manage-deliveries.ts';
import type { EndpointDisabledMail } from './notify-endpoint-disabled.ts';
import { createWebhookEndpoint, rotateWebhookSecret, updateWebhookEndpoint } from './manage-endpoints.ts';

// Webhooks end to end on a real database: the outbox written with the fact, the job runner
// (pg-boss) sending it to a receiver on 127.0.0.1, signatures checked with the standardwebhooks
// library, retries, redelivery, rotation and auto-disable.

type Received = { headers: http.IncomingHttpHeaders; body: string };

/** A receiver that answers each request with the next status of `script` (then 200). */
async function aReceiver() {
  const received: Received[] = [];
  const script: number[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const status = script.shift() ?? 200;
      res.writeHead(status, { 'content-type': 'text/plain' });
      res.end(status === 200 ? 'ok' : `no: ${'x'.repeat(5000)}`);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
  return { url, received, script, close: () => new Promise<void>((r) => server.close(() => r())) };
}

const keyring = parseCredentialKeys(`t1:${Buffer.alloc(32, 3).toString('base64')}`);
const settings = { keyring, allowPrivateAddresses: true };
const config: WebhookDeliveryConfig = {
  keyring,
  allowPrivateAddresses: true,
  timeoutMs: 2_000,
  leaseMs: 3_000,
  backoff: { baseMs: 50, maxMs: 200, lifetimeMs: 60_000 },
};

async function until<T>(what: string, f: () => Promise<T | undefined | false>, timeoutMs = 15_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await f();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

let t: TestDatabase;
let tenantId: string;
let siteId: string;
let runner: JobRunner | undefined;
const scope = () => tenantScope(tenantId);

beforeAll(async () => {
  t = await createTestDatabase();
  const tenant = await aTenant(t.db);
  tenantId = tenant.id;
  siteId = (await aSite(t.db, tenantId)).id;
});
afterAll(async () => {
  await runner?.stop(2_000);
  await t?.drop();
});

const publish = (name = 'Standard') =>
  publishTariffVersion({
    db: t.db,
    tenantId,
    name,
    definition: { elements: [{ components: [{ dimension: 'ENERGY', priceMinor: 1800 }] }] },
  });

describe('the outbox', () => {
  it('holds a delivery exactly when the fact committed, for each endpoint that takes the event', async () => {
    const rx = await aReceiver();
    try {
      const all = await createWebhookEndpoint({ db: t.db, scope: scope(), settings, input: { url: rx.url } });
      const tariffsOnly = await createWebhookEndpoint({
        db: t.db,
        scope: scope(),
        settings,
        input: { url: rx.url, eventTypes: ['tariff.published'] },
      });
      const sessionsOnly = await createWebhookEndpoint({
        db: t.db,
        scope: scope(),
        settings,
        input: { url: rx.url, eventTypes: ['session.started'] },
      });
      const otherSite = await createWebhookEndpoint({
        db: t.db,
        scope: scope(),
        settings,
        input: { url: rx.url, siteId },
      });
      expect(all.secret).toMatch(/^whsec_[A-Za-z0-9+/=]{32}$/);

      const published = await publish();
      const rows = await t.db.webhookDelivery.findMany({
        where: { messageId: eventIdOf('tariff.published', published.versionId) },
      });
      expect(rows.map((r) => r.endpointId).sort()).toEqual([all.endpoint.id, tariffsOnly.endpoint.id].sort());
      expect(rows[0]!.payload).toMatchObject({ type: 'tariff.published', version: 1, data: { version: 1 } });
      expect(
        rows.some((r) => r.endpointId === sessionsOnly.endpoint.id || r.endpointId === otherSite.endpoint.id),
      ).toBe(false);

      // A transaction that rolls back leaves no delivery behind.
      const event = {
        id: 'msg_rolled_back',
        type: 'tariff.published' as const,
        tenantId,
        occurredAt: new Date(),
        data: {
          tariffId: published.tariffId,
          versionId: published.versionId,
          version: 9,
          activeFrom: new Date().toISOString(),
        },
      };
      await expect(
        t.db.$transaction(async (tx) => {
          expect(await enqueueEvent(tx, event)).toBe(1);
          expect(await tx.webhookDelivery.count({ where: { messageId: 'msg_rolled_back' } })).toBe(2);
          throw new Error('the fact failed');
        }),
      ).rejects.toThrow('the fact failed');
      expect(await t.db.webhookDelivery.count({ where: { messageId: 'msg_rolled_back' } })).toBe(0);
      // The same event twice is one message per endpoint.
      expect(await enqueueEvent(t.db, event)).toBe(1);
      expect(await enqueueEvent(t.db, event)).toBe(0);
      expect(await t.db.webhookDelivery.count({ where: { messageId: 'msg_rolled_back' } })).toBe(2);
    } finally {
      await t.db.webhookDelivery.deleteMany({});
      await t.db.webhookEndpoint.deleteMany({});
      await rx.close();
    }
  });
});

describe('the charging use cases', () => {
  it("write their facts to the outbox with the facts, for global endpoints and those of the charger's site", async () => {
    const global = await createWebhookEndpoint({
      db: t.db,
      scope: scope(),
      settings,
      input: { url: 'http://127.0.0.1:9/g' },
    });
    const here = await createWebhookEndpoint({
      db: t.db,
      scope: scope(),
      settings,
      input: { url: 'http://127.0.0.1:9/s', siteId, eventTypes: ['session.started', 'session.stopped'] },
    });
    const elsewhere = await createWebhookEndpoint({
      db: t.db,
      scope: scope(),
      settings,
      input: { url: 'http://127.0.0.1:9/o', siteId: (await aSite(t.db, tenantId)).id },
    });
    try {
      const { charger: c } = await aConnector(t.db, { tenantId, siteId });
      const charger = { tenantId, chargerId: c.id };
      const at = new Date('2026-12-01T10:00:00Z');
      await markChargerOnline({
        db: t.db,
        charger,
        identity: c.identity,
        instanceId: 'r1',
        protocol: 'OCPP16',
        now: at,
      });
      await recordStatus({
        db: t.db,
        charger,
        input: { evseId: 1, connectorId: 1, status: 'FAULTED', errorCode: 'GroundFailure', timestamp: at },
      });
      const started = await startTransaction({
        db: t.db,
        charger,
        input: { connectorId: 1, idTag: 'CARD-1', meterStartWh: 1000, timestamp: at },
      });
      // The charger resends the start (it never saw our answer): still one message.
      await startTransaction({
        db: t.db,
        charger,
        input: { connectorId: 1, idTag: 'CARD-1', meterStartWh: 1000, timestamp: at },
      });
      const reading = new Date(at.getTime() + 60_000);
      await recordMeterValues({
        db: t.db,
        charger,
        input: {
          evseId: 1,
          transactionSeq: started.transactionId,
          samples: [{ timestamp: reading, measurand: 'Energy.Active.Import.Register', unit: 'Wh', value: 1120 }],
        },
      });
      await stopTransaction({
        db: t.db,
        charger,
        input: {
          transactionId: started.transactionId,
          meterStopWh: 6000,
          timestamp: new Date(at.getTime() + 3_600_000),
        },
      });
      await markChargerOffline({
        db: t.db,
        charger,
        identity: c.identity,
        instanceId: 'r1',
        now: new Date(at.getTime() + 7_200_000),
      });

      const rows = await t.db.webhookDelivery.findMany({ orderBy: { createdAt: 'asc' } });
      const typesFor = (endpointId: string) =>
        rows
          .filter((r) => r.endpointId === endpointId)
          .map((r) => r.eventType)
          .sort();
      expect(typesFor(global.endpoint.id)).toEqual(
        [
          'charger.connected',
          'charger.disconnected',
          'charger.fault',
          'connector.status_changed',
          'session.started',
          'session.stopped',
          'session.updated',
        ].sort(),
      );
      expect(typesFor(here.endpoint.id)).toEqual(['session.started', 'session.stopped']);
      expect(typesFor(elsewhere.endpoint.id)).toEqual([]);
      const updated = rows.find((r) => r.eventType === 'session.updated')!;
      expect(updated.payload).toMatchObject({ type: 'session.updated', data: { chargerId: c.id, energyWh: 120 } });
      const stopped = rows.find((r) => r.eventType === 'session.stopped')!;
      expect(stopped.payload).toMatchObject({ type: 'session.stopped', data: { chargerId: c.id, energyWh: 5000 } });
    } finally {
      await t.db.webhookEndpoint.deleteMany({});
    }
  });
});

describe('the job runner', () => {
  it('delivers signed messages, retries a failing receiver until the 4th attempt, redelivers and signs with both secrets while a rotation overlaps', async () => {
    const rx = await aReceiver();
    try {
      runner = await startJobRunner({ databaseUrl: t.url, db: t.db, webhooks: config, pumpIntervalMs: 100 });
      const { endpoint, secret } = await createWebhookEndpoint({
        db: t.db,
        scope: scope(),
        settings,
        input: { url: rx.url },
      });

      // Fails three times, then answers 200: the fourth attempt delivers, with the same webhook-id.
      rx.script.push(500, 503, 429);
      const published = await publish('Retried');
      const messageId = eventIdOf('tariff.published', published.versionId);
      const delivered = await until('the delivery', async () => {
        const d = await t.db.webhookDelivery.findFirst({ where: { messageId }, include: { log: true } });
        return d?.status === 'DELIVERED' && d;
      });
      expect(rx.received).toHaveLength(4);
      expect(new Set(rx.received.map((r) => r.headers['webhook-id']))).toEqual(new Set([messageId]));
      expect(delivered.log.sort((a, b) => a.attempt - b.attempt).map((a) => a.statusCode)).toEqual([
        500, 503, 429, 200,
      ]);
      expect(delivered.log.every((a) => (a.responseBody?.length ?? 0) <= 2048)).toBe(true);
      // The success after three failures marks the endpoint healthy again.
      expect(
        await t.db.webhookEndpoint.findUniqueOrThrow({
          where: { id: endpoint.id },
          select: { consecutiveFailures: true, failingSince: true, lastSuccessAt: true },
        }),
      ).toEqual({ consecutiveFailures: 0, failingSince: null, lastSuccessAt: delivered.deliveredAt });
      const wh = new Webhook(secret);
      for (const r of rx.received) {
        const payload = wh.verify(r.body, r.headers as Record<string, string>) as {
          type: string;
          data: { versionId: string };
        };
        expect(payload).toMatchObject({ type: 'tariff.published', data: { versionId: published.versionId } });
      }
      // Another secret does not verify.
      expect(() =>
        new Webhook(`whsec_${Buffer.alloc(24, 1).toString('base64')}`).verify(
          rx.received[0]!.body,
          rx.received[0]!.headers as Record<string, string>,
        ),
      ).toThrow();

      // Redelivery: the same message again, same webhook-id.
      await redeliverWebhook({ db: t.db, scope: scope(), deliveryId: delivered.id });
      await until('the redelivery', async () => rx.received.length === 5);
      expect(rx.received[4]!.headers['webhook-id']).toBe(messageId);

      // Rotation: both secrets verify during the overlap.
      const rotated = await rotateWebhookSecret({ db: t.db, scope: scope(), settings, id: endpoint.id });
      expect(rotated.secret).not.toBe(secret);
      const test = await sendTestWebhook({ db: t.db, scope: scope(), endpointId: endpoint.id });
      await until('the test event', async () => rx.received.length === 6);
      const last = rx.received[5]!;
      expect(last.headers['webhook-id']).toBe(test.messageId);
      expect(String(last.headers['webhook-signature']).split(' ')).toHaveLength(2);
      for (const s of [secret, rotated.secret])
        expect(new Webhook(s).verify(last.body, last.headers as Record<string, string>)).toMatchObject({
          type: 'webhook.test',
        });

      // The overlap over, only the new secret signs.
      await t.db.webhookEndpoint.update({
        where: { id: endpoint.id },
        data: { previousSecretExpiresAt: new Date(Date.now() - 1) },
      });
      await sendTestWebhook({ db: t.db, scope: scope(), endpointId: endpoint.id });
      await until('the second test event', async () => rx.received.length === 7);
      const after = rx.received[6]!;
      expect(new Webhook(rotated.secret).verify(after.body, after.headers as Record<string, string>)).toBeTruthy();
      expect(() => new Webhook(secret).verify(after.body, after.headers as Record<string, string>)).toThrow();

      // The receiver answered before the worker recorded it: wait for the log.
      const log = await until('the delivery log', async () => {
        const l = await listWebhookDeliveries({ db: t.db, scope: scope(), input: { endpointId: endpoint.id } });
        return l.items.every((d) => d.status === 'DELIVERED') && l;
      });
      expect(log.items).toHaveLength(3);
      // Newest first: the redelivery, the 4th attempt, then the three refusals.
      expect(log.items.find((d) => d.messageId === messageId)!.log.map((a) => a.statusCode)).toEqual([
        200, 200, 429, 503, 500,
      ]);
    } finally {
      await runner?.stop(2_000);
      runner = undefined;
      await t.db.webhookEndpoint.deleteMany({});
      await rx.close();
    }
  });

  it('drains a backlog as attempts end, not at the pace of its poll, with no more than its concurrency in flight', async () => {
    // A receiver that takes 100 ms per request and counts the requests it holds at once.
    let open = 0;
    let mostOpen = 0;
    const ids = new Set<string>();
    const slow = http.createServer((req, res) => {
      open++;
      mostOpen = Math.max(mostOpen, open);
      req.resume();
      req.on('end', () =>
        setTimeout(() => {
          open--;
          ids.add(String(req.headers['webhook-id']));
          res.writeHead(204).end();
        }, 100),
      );
    });
    await new Promise<void>((r) => slow.listen(0, '127.0.0.1', r));
    try {
      const { endpoint } = await createWebhookEndpoint({
        db: t.db,
        scope: scope(),
        settings,
        input: { url: `http://127.0.0.1:${(slow.address() as AddressInfo).port}/slow` },
      });
      const sent = [];
      for (let k = 0; k < 40; k++)
        sent.push(await sendTestWebhook({ db: t.db, scope: scope(), endpointId: endpoint.id }));
      // It looks for due deliveries once a minute while it finds none: only claiming again as each
      // attempt ends delivers these 40 in time (4 at once, 100 ms each: about a second).
      const started = Date.now();
      runner = await startJobRunner({
        databaseUrl: t.url,
        db: t.db,
        webhooks: config,
        concurrency: 4,
        pumpIntervalMs: 60_000,
      });
      await until('the backlog', async () => ids.size === 40, 20_000);
      expect(Date.now() - started).toBeLessThan(20_000);
      expect(ids).toEqual(new Set(sent.map((d) => d.messageId)));
      expect(mostOpen).toBeLessThanOrEqual(4);
      expect(mostOpen).toBeGreaterThan(1);
    } finally {
      await runner?.stop(2_000);
      runner = undefined;
      await t.db.webhookEndpoint.deleteMany({});
      await new Promise<void>((r) => slow.close(() => r()));
    }
  });
});

describe('failure', () => {
  it('marks a delivery failed after its lifetime, and disables an endpoint that keeps failing, once, with a notice', async () => {
    const rx = await aReceiver();
    try {
      const { endpoint } = await createWebhookEndpoint({ db: t.db, scope: scope(), settings, input: { url: rx.url } });
      const disabled: EndpointDisabled[] = [];
      // The operator's two admins are mailed; staff and vendor users are not.
      const member = async (email: string, role: 'OPERATOR_ADMIN' | 'OPERATOR_STAFF') => {
        const user = await t.db.user.create({ data: { email } });
        await t.db.membership.create({ data: { userId: user.id, tenantId, role } });
      };
      await member(`admin1-${endpoint.id}@op.test`, 'OPERATOR_ADMIN');
      await member(`admin2-${endpoint.id}@op.test`, 'OPERATOR_ADMIN');
      await member(`staff-${endpoint.id}@op.test`, 'OPERATOR_STAFF');
      const mails: EndpointDisabledMail[] = [];
      let now = new Date();
      const cfg: WebhookDeliveryConfig = {
        ...config,
        backoff: { baseMs: 1_000, maxMs: 1_000, lifetimeMs: 2_500 },
        disableAfterMs: 2_000,
        disableAfterFailures: 3,
        onEndpointDisabled: async (e) => void disabled.push(e),
        mail: { sendEndpointDisabled: async (m) => void mails.push(m) },
        now: () => now,
      };
      rx.script.push(500, 500, 500, 500);
      await sendTestWebhook({ db: t.db, scope: scope(), endpointId: endpoint.id, now });
      const step = async () => {
        const claimed = await claimDueDeliveries(t.db, { now });
        expect(claimed).toHaveLength(1);
        return attemptDelivery(t.db, cfg, claimed[0]!);
      };
      expect(await step()).toBe('retry');
      now = new Date(now.getTime() + 1_300);
      expect(await step()).toBe('retry');
      now = new Date(now.getTime() + 1_300);
      // The third failure is past the lifetime: failed; and the endpoint has failed for 2.6 s, 3 times.
      expect(await step()).toBe('failed');
      const e = await t.db.webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } });
      expect(e).toMatchObject({ status: 'DISABLED', consecutiveFailures: 3 });
      expect(disabled).toEqual([expect.objectContaining({ endpointId: endpoint.id, tenantId })]);
      expect(mails.map((m) => m.to).sort()).toEqual([`admin1-${endpoint.id}@op.test`, `admin2-${endpoint.id}@op.test`]);
      expect(mails[0]).toMatchObject({ tenantId, endpointUrl: rx.url, reason: expect.stringMatching(/3 attempts/) });
      expect(await claimDueDeliveries(t.db, { now: new Date(now.getTime() + 60_000) })).toHaveLength(0);

      // Enabled again, the count starts afresh and a redelivery goes out.
      await updateWebhookEndpoint({ db: t.db, scope: scope(), settings, input: { id: endpoint.id, enabled: true } });
      const [d] = await t.db.webhookDelivery.findMany({ where: { endpointId: endpoint.id } });
      await redeliverWebhook({ db: t.db, scope: scope(), deliveryId: d!.id, now });
      expect(await step()).toBe('retry');
      expect(await t.db.webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } })).toMatchObject({
        status: 'ENABLED',
        consecutiveFailures: 1,
      });
      // Once per disable: failing again while not yet disabled mails nobody.
      expect(mails).toHaveLength(2);
    } finally {
      await rx.close();
    }
  });
});
