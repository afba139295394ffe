import { randomUUID } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '@magma/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBus } from './create-bus.ts';
import { busLiveEventSink, type LiveEvent } from './live-events.ts';
import { tenantEventsChannel, type Bus } from './types.ts';

const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

function nextMessage(bus: Bus, channel: string, count = 1): Promise<{ messages: unknown[]; ready: Promise<unknown> }> {
  const messages: unknown[] = [];
  return new Promise((resolveOuter) => {
    const ready = new Promise((resolve) => {
      void bus
        .subscribe(channel, (m) => {
          messages.push(m);
          if (messages.length === count) resolve(messages);
        })
        .then(() => resolveOuter({ messages, ready }));
    });
  });
}

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.drop();
});

/** Two bus instances of one kind (a publisher and a subscriber, as two processes would hold), for a describe block. */
function twoBuses(kind: 'pg' | 'redis'): { a: Bus; b: Bus } {
  const buses = {} as { a: Bus; b: Bus };
  beforeAll(() => {
    buses.a = createBus({ kind, databaseUrl: database.url, redisUrl });
    buses.b = createBus({ kind, databaseUrl: database.url, redisUrl });
  });
  afterAll(async () => {
    await buses.a.close();
    await buses.b.close();
  });
  return buses;
}

// The same contract, run against both implementations.
describe.each(['pg', 'redis'] as const)('%s bus', (kind) => {
  const buses = twoBuses(kind);

  it('delivers a JSON message to a subscriber of another bus instance', async () => {
    const channel = `test:${randomUUID()}:events`;
    const { ready } = await nextMessage(buses.b, channel);
    await buses.a.publish(channel, { type: 'hello', n: 1, nested: { ok: true } });
    await expect(ready).resolves.toEqual([{ type: 'hello', n: 1, nested: { ok: true } }]);
  });

  it('keeps messages on one channel in publish order and does not cross channels', async () => {
    const channel = `test:${randomUUID()}:events`;
    const other = `test:${randomUUID()}:events`;
    const { ready } = await nextMessage(buses.b, channel, 20);
    const stray: unknown[] = [];
    await buses.b.subscribe(other, (m) => stray.push(m));
    await Promise.all(Array.from({ length: 20 }, (_, i) => buses.a.publish(channel, i)));
    await expect(ready).resolves.toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(stray).toEqual([]);
  });

  it('carries a message far larger than a NOTIFY payload', async () => {
    const channel = `test:${randomUUID()}:events`;
    const big = { text: 'ॐ€x'.repeat(20_000), list: Array.from({ length: 500 }, (_, i) => ({ i })) };
    const { ready } = await nextMessage(buses.b, channel);
    await buses.a.publish(channel, big);
    await expect(ready).resolves.toEqual([big]);
  });

  it('stops delivering after unsubscribe, other handlers keep receiving', async () => {
    const channel = `command:${randomUUID()}:reply`;
    const first: unknown[] = [];
    const unsubscribe = await buses.b.subscribe(channel, (m) => first.push(m));
    const { ready } = await nextMessage(buses.b, channel, 2);
    await buses.a.publish(channel, 1);
    await new Promise((r) => setTimeout(r, 100));
    await unsubscribe();
    await buses.a.publish(channel, 2);
    await expect(ready).resolves.toEqual([1, 2]);
    expect(first).toEqual([1]);
  });

  it('delivers within a second', async () => {
    const channel = `tenant:${randomUUID()}:events`;
    const { ready } = await nextMessage(buses.b, channel);
    const started = performance.now();
    await buses.a.publish(channel, { at: started });
    await ready;
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe.each(['pg', 'redis'] as const)('live events through a %s bus, held for a window', (kind) => {
  const buses = twoBuses(kind);

  const status = (tenantId: string, i: number): LiveEvent => ({
    type: 'connector.status',
    tenantId,
    chargerId: randomUUID(),
    evseId: 1,
    connectorId: 1,
    status: i % 2 ? 'CHARGING' : 'AVAILABLE',
    errorCode: null,
    at: new Date(1_800_000_000_000 + i).toISOString(),
  });

  it('publishes the events of one window together, in the order they happened', async () => {
    const tenantId = randomUUID();
    const { messages, ready } = await nextMessage(buses.b, tenantEventsChannel(tenantId), 5);
    const live = busLiveEventSink(buses.a, { windowMs: 300 });
    const sent = Array.from({ length: 5 }, (_, i) => status(tenantId, i));
    for (const e of sent) live.sink(e);
    await new Promise((r) => setTimeout(r, 100));
    expect(messages).toEqual([]);
    await expect(ready).resolves.toEqual(sent);
  });

  it('flush() publishes what is waiting at once, so a closing relay loses nothing', async () => {
    const tenantId = randomUUID();
    const { ready } = await nextMessage(buses.b, tenantEventsChannel(tenantId), 2);
    const live = busLiveEventSink(buses.a, { windowMs: 60_000 });
    const sent = [status(tenantId, 1), status(tenantId, 2)];
    for (const e of sent) live.sink(e);
    const started = performance.now();
    await live.flush();
    await expect(ready).resolves.toEqual(sent);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
