import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@magma/db/testing';
import { parseCredentialKeys } from '@magma/payments';
import { EVENT_SCHEMAS, EVENT_VERSION } from '../events/catalogue.ts';
import { aConnector, aSite, aTenant } from '../tariffs/tariffs.fixtures.ts';
import { tenantScope } from '../tenancy/scope.ts';
import { createWebhookEndpoint } from '../webhooks/manage-endpoints.ts';
import { recordMeterValues } from './record-meter-values.ts';
import { startTransaction } from './start-transaction.ts';
import { stopTransaction } from './stop-transaction.ts';
import { recordTransactionEvent } from './transaction-event.ts';
import type { ChargerRef } from './types.ts';
import { SESSION_UPDATE_INTERVAL_S } from './write-meter-values.ts';

// session.updated: written by the meter write itself (the relay's hot path, one statement), when a
// running session's figures moved, at most once per SESSION_UPDATE_INTERVAL_S per session. The
// interval is wall-clock time in the database, so a test moves a session's last event back in time
// instead of waiting a minute.

let t: TestDatabase;
let tenantId: string;
let siteId: string;

const keyring = parseCredentialKeys(`t1:${Buffer.alloc(32, 5).toString('base64')}`);

beforeAll(async () => {
  t = await createTestDatabase();
  tenantId = (await aTenant(t.db)).id;
  siteId = (await aSite(t.db, tenantId)).id;
  await createWebhookEndpoint({
    db: t.db,
    scope: tenantScope(tenantId),
    settings: { keyring, allowPrivateAddresses: true },
    input: { url: 'http://127.0.0.1:9/updates', siteId, eventTypes: ['session.updated'] },
  });
});
afterAll(async () => {
  await t?.drop();
});

const T0 = new Date('2026-12-05T09:00:00Z');
const at = (s: number) => new Date(T0.getTime() + s * 1000);

/** A 1.6 charger at the site with a running session (meter register at 100,000 Wh when it started). */
async function aRunningSession() {
  const { charger: c } = await aConnector(t.db, { tenantId, siteId });
  const charger: ChargerRef = { tenantId, chargerId: c.id };
  const started = await startTransaction({
    db: t.db,
    charger,
    input: { connectorId: 1, idTag: 'CARD-U', meterStartWh: 100_000, timestamp: T0 },
  });
  const session = await t.db.transaction.findFirstOrThrow({ where: { chargerId: c.id, status: 'ACTIVE' } });
  return { charger, seq: started.transactionId, sessionId: session.id };
}

/** A 1.6 MeterValues with the register, power and SoC (any of them left out when null). */
const meter = (
  charger: ChargerRef,
  seq: number,
  s: { at: Date; wh?: number | null; w?: number | null; soc?: number | null },
) =>
  recordMeterValues({
    db: t.db,
    charger,
    input: {
      evseId: 1,
      transactionSeq: seq,
      samples: [
        ...(s.wh == null
          ? []
          : [{ timestamp: s.at, measurand: 'Energy.Active.Import.Register', unit: 'Wh', value: s.wh }]),
        ...(s.w == null ? [] : [{ timestamp: s.at, measurand: 'Power.Active.Import', unit: 'W', value: s.w }]),
        ...(s.soc == null ? [] : [{ timestamp: s.at, measurand: 'SoC', unit: 'Percent', value: s.soc }]),
      ],
    },
  });

const eventsOf = (sessionId: string) =>
  t.db.eventLog.findMany({
    where: { tenantId, type: 'session.updated', messageId: { contains: sessionId } },
    orderBy: { id: 'asc' },
  });

/** As if the session's last session.updated had been written `seconds` earlier than it was. */
const backdateLastEvent = (sessionId: string, seconds: number) =>
  t.db.$executeRaw`UPDATE "Transaction" SET "updateEventAt" = "updateEventAt" - make_interval(secs => ${seconds})
    WHERE id = ${sessionId}::uuid`;

describe('session.updated', () => {
  it("is written with the first reading that moves a session, valid under the catalogue, and fanned out to the site's endpoint", async () => {
    const { charger, seq, sessionId } = await aRunningSession();
    await meter(charger, seq, { at: at(10), wh: 100_250, w: 7_400, soc: 41 });

    const [event, ...more] = await eventsOf(sessionId);
    expect(more).toHaveLength(0);
    expect(event).toMatchObject({ chargerId: charger.chargerId, siteId, messageId: expect.stringMatching(/^msg_/) });
    const body = event!.payload as { type: string; version: number; timestamp: string; data: unknown };
    expect(body).toMatchObject({ type: 'session.updated', version: EVENT_VERSION, timestamp: at(10).toISOString() });
    expect(EVENT_SCHEMAS['session.updated'].parse(body.data)).toEqual({
      sessionId,
      chargerId: charger.chargerId,
      evseId: 1,
      startedAt: T0.toISOString(),
      energyWh: 250,
      powerW: 7_400,
      soc: 41,
    });
    const deliveries = await t.db.webhookDelivery.findMany({ where: { tenantId, messageId: event!.messageId } });
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]!.payload).toEqual(body);
  });

  it(`is written at most once per ${SESSION_UPDATE_INTERVAL_S} s per session, then again once the figures moved`, async () => {
    const { charger, seq, sessionId } = await aRunningSession();
    await meter(charger, seq, { at: at(10), wh: 100_100, w: 7_000, soc: 40 });
    // A charger sampling every 10 s: five more readings within the minute write nothing more.
    for (let s = 20; s <= 60; s += 10) await meter(charger, seq, { at: at(s), wh: 100_000 + s * 10, w: 7_000 + s });
    expect(await eventsOf(sessionId)).toHaveLength(1);

    await backdateLastEvent(sessionId, SESSION_UPDATE_INTERVAL_S - 5);
    await meter(charger, seq, { at: at(70), wh: 100_700, w: 7_100 });
    expect(await eventsOf(sessionId)).toHaveLength(1);

    await backdateLastEvent(sessionId, 10);
    await meter(charger, seq, { at: at(80), wh: 100_800, w: 7_100, soc: 42 });
    const events = await eventsOf(sessionId);
    expect(events).toHaveLength(2);
    expect((events[1]!.payload as { data: unknown }).data).toMatchObject({ energyWh: 800, powerW: 7_100, soc: 42 });
  });

  it.each([
    ['the energy moved', { wh: 100_600 }, 1],
    ['the power reading changed', { w: 0 }, 1],
    ['the SoC reading changed', { soc: 55 }, 1],
    ['nothing moved (a full car, a paused charge)', {}, 0],
  ])('after the interval, a reading where %s writes %i more', async (_, change, expected) => {
    const { charger, seq, sessionId } = await aRunningSession();
    const first = { wh: 100_500, w: 3_000, soc: 50 };
    await meter(charger, seq, { at: at(10), ...first });
    await backdateLastEvent(sessionId, SESSION_UPDATE_INTERVAL_S);
    await meter(charger, seq, { at: at(20), ...first, ...change });
    expect(await eventsOf(sessionId)).toHaveLength(1 + expected);
  });

  it('is not written for a reading that arrives after the session stopped, nor for an idle connector', async () => {
    const { charger, seq, sessionId } = await aRunningSession();
    await stopTransaction({
      db: t.db,
      charger,
      input: { transactionId: seq, meterStopWh: 101_000, timestamp: at(30) },
    });
    await meter(charger, seq, { at: at(20), wh: 100_900, w: 7_000 });
    await recordMeterValues({
      db: t.db,
      charger,
      input: { evseId: 1, samples: [{ timestamp: at(40), measurand: 'Power.Active.Import', unit: 'W', value: 0 }] },
    });
    expect(await eventsOf(sessionId)).toHaveLength(0);
  });

  it('comes with the periodic 2.0.1 TransactionEvent Updated too, one per session when many chargers share a statement', async () => {
    const sessions = await Promise.all(
      Array.from({ length: 12 }, async (_, k) => {
        const { charger: c } = await aConnector(t.db, { tenantId, siteId });
        const charger: ChargerRef = { tenantId, chargerId: c.id };
        const transactionId = `TX-201-${k}`;
        const event = (eventType: 'Started' | 'Updated', seqNo: number, s: number, wh: number) =>
          recordTransactionEvent({
            db: t.db,
            charger,
            input: {
              eventType,
              timestamp: at(s),
              triggerReason: eventType === 'Started' ? 'Authorized' : 'MeterValuePeriodic',
              seqNo,
              offline: false,
              transactionId,
              evseId: 1,
              connectorId: 1,
              idToken: eventType === 'Started' ? 'CARD-U' : null,
              samples: [
                { timestamp: at(s), measurand: 'Energy.Active.Import.Register', unit: 'Wh', value: wh },
                { timestamp: at(s), measurand: 'Power.Active.Import', unit: 'W', value: 11_000 },
              ],
            },
          });
        await event('Started', 0, 0, 50_000);
        return { event, charger };
      }),
    );
    // All twelve at once: the writes share batch statements.
    await Promise.all(sessions.map((s) => s.event('Updated', 1, 10, 50_030)));
    await Promise.all(sessions.map((s) => s.event('Updated', 2, 20, 50_060)));
    for (const s of sessions) {
      const session = await t.db.transaction.findFirstOrThrow({ where: { chargerId: s.charger.chargerId } });
      const events = await eventsOf(session.id);
      expect(events).toHaveLength(1);
      expect((events[0]!.payload as { data: unknown }).data).toMatchObject({ energyWh: 30, powerW: 11_000 });
    }
  });
});
