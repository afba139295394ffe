import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@magma/db/testing';
import { parseCredentialKeys } from '@magma/payments';
import { createBus } from '../bus/create-bus.ts';
import type { Bus } from '../bus/types.ts';
import { markChargerOffline, markChargerOnline } from '../charging/charger-presence.ts';
import { openEventFault } from '../charging/open-event-fault.ts';
import { recordMeterValues } from '../charging/record-meter-values.ts';
import { recordStatus } from '../charging/record-status.ts';
import { startTransaction } from '../charging/start-transaction.ts';
import { stopTransaction } from '../charging/stop-transaction.ts';
import { executeChargerCommand } from '../commands/execute-charger-command.ts';
import { recordPaymentEvent } from '../payments/record-payment-event.ts';
import { aCapturablePayment, anEvent } from '../payments/payments.fixtures.ts';
import { applyPayoutEvents } from '../payouts/apply-payout-events.ts';
import { createPayoutRun } from '../payouts/create-payout-run.ts';
import { markPayout } from '../payouts/mark-payout.ts';
import { applyReserveNowOutcome } from '../reservations/reserve-now-outcome.ts';
import { expireReservations } from '../reservations/reservation-view.ts';
import { endReservationByCharger, useReservation } from '../reservations/use-reservation.ts';
import { closeSettlementWeek } from '../settlements/close-week.ts';
import { aPaidSession, aTenantWithVendors } from '../settlements/settlements.fixtures.ts';
import { createSplitTerms } from '../settlements/split-terms.ts';
import { recordSecurityEvent } from '../security-events/record-security-event.ts';
import { publishTariffVersion } from '../tariffs/publish-tariff-version.ts';
import { tenantScope } from '../tenancy/scope.ts';
import { createWebhookEndpoint } from '../webhooks/manage-endpoints.ts';
import { EVENT_SCHEMAS, EVENT_VERSION, type EventType } from './catalogue.ts';
import { enqueueEvent } from './enqueue-event.ts';
import { pruneEventLog } from './prune-event-log.ts';

// Every fact of the catalogue performed through its own use case writes exactly one outbox row
// (one endpoint takes every type) whose body is valid under the catalogue's schema, and exactly one
// event-log row. The cases run in order: later facts build on earlier ones (a payout on a closed week).

let t: TestDatabase;
let bus: Bus;
let tenantId: string;
let vendorId: string;
let chargerId: string;
let identity: string;
let transactionId: string;
/** The 1.6 transactionId of the session the charging cases start. */
let runningSeq: number;
const WEEK = new Date('2026-11-18T06:00:00Z');
const AFTER_WEEK = new Date('2026-11-24T00:00:00Z');
const scope = () => tenantScope(tenantId);

beforeAll(async () => {
  t = await createTestDatabase({ max: 4 });
  bus = createBus({ kind: 'pg', databaseUrl: t.url });
  const w = await aTenantWithVendors(t.db, { vendors: 1 });
  const v = w.vendors[0]!;
  tenantId = w.tenant.id;
  vendorId = v.vendor.id;
  chargerId = v.charger.id;
  identity = v.charger.identity;
  await t.db.vendor.update({
    where: { id: vendorId },
    data: { bankAccountNumber: '50100012345678', bankIfsc: 'HDFC0001234' },
  });
  await createSplitTerms({
    db: t.db,
    scope: scope(),
    input: { vendorId, effectiveFrom: new Date('2026-01-01'), vendorShareBps: 7000 },
  });
  const session = await aPaidSession(t.db, {
    tenantId,
    vendorId,
    siteId: v.site.id,
    chargerId,
    at: WEEK,
    energyWh: 10_000,
    costMinor: 100_000,
    taxMinor: 18_000,
  });
  transactionId = session.transaction.id;
  const keyring = parseCredentialKeys(`t1:${Buffer.alloc(32, 3).toString('base64')}`);
  await createWebhookEndpoint({
    db: t.db,
    scope: scope(),
    settings: { keyring, allowPrivateAddresses: true },
    input: { url: 'http://127.0.0.1:9/all' },
  });
});
afterAll(async () => {
  await bus?.close();
  await t?.drop();
});

const aReservation = (status: 'PENDING' | 'ACTIVE', expiresAt = new Date(Date.now() + 3_600_000)) =>
  t.db.reservation.create({
    data: { tenantId, chargerId, evseId: 1, idTag: 'CARD1', expiresAt, status, heldEvseId: 1 },
  });

const recordGateway = (event: ReturnType<typeof anEvent>) =>
  recordPaymentEvent({ db: t.db, tenantId, provider: 'RAZORPAY', event });

const charger = () => ({ tenantId, chargerId });
const CHARGING_AT = new Date('2026-12-02T08:00:00Z');
const later = (minutes: number) => new Date(CHARGING_AT.getTime() + minutes * 60_000);

const cases: [EventType, () => Promise<unknown>][] = [
  [
    'tariff.published',
    () =>
      publishTariffVersion({
        db: t.db,
        tenantId,
        name: 'Standard',
        definition: { elements: [{ components: [{ dimension: 'ENERGY', priceMinor: 1800 }] }] },
      }),
  ],
  [
    'charger.fault',
    () => openEventFault({ db: t.db, charger: { tenantId, chargerId }, code: 'GroundFailure', description: 'RCD' }),
  ],
  [
    'charger.security_event',
    () =>
      recordSecurityEvent({
        db: t.db,
        charger: { tenantId, chargerId },
        protocol: 'OCPP201',
        payload: { type: 'InvalidMessages', timestamp: new Date().toISOString(), techInfo: 'bad frame' },
      }),
  ],
  [
    'payment.captured',
    async () => {
      const p = await aCapturablePayment(t.db, { tenantId });
      await recordGateway(anEvent({ type: 'payment.captured', providerOrderId: p.providerOrderId }));
    },
  ],
  [
    'payment.failed',
    async () => {
      const p = await aCapturablePayment(t.db, { tenantId });
      await recordGateway(
        anEvent({ type: 'payment.failed', providerOrderId: p.providerOrderId, failureReason: 'BAD_VPA' }),
      );
    },
  ],
  [
    'payment.refunded',
    async () => {
      const p = await t.db.payment.findFirstOrThrow({ where: { tenantId, status: 'CAPTURED', provider: 'RAZORPAY' } });
      const refund = { providerOrderId: p.providerOrderId, providerRefundId: 'rfnd_1', amountMinor: 10_000 };
      await recordGateway(anEvent({ ...refund, type: 'refund.processed' }));
      // The same refund reported again is no second event.
      await recordGateway(anEvent({ ...refund, type: 'refund.processed' }));
    },
  ],
  [
    'reservation.created',
    async () => {
      const r = await aReservation('PENDING');
      const command = await t.db.chargerCommand.create({
        data: {
          tenantId,
          chargerId,
          action: 'ReserveNow',
          payload: {},
          status: 'RESPONDED',
          response: { status: 'Accepted' },
          sentAt: new Date(),
        },
      });
      await applyReserveNowOutcome({ db: t.db, reservationId: r.id, command });
    },
  ],
  [
    'reservation.used',
    async () => {
      const r = await t.db.reservation.findFirstOrThrow({ where: { tenantId, status: 'ACTIVE' } });
      const used = { db: t.db, charger: { tenantId, chargerId }, reservationId: r.ocppId, transactionId };
      await useReservation({ ...used, via: 'StartTransaction', at: new Date() });
      // A retried start finds it used by the same transaction: no second event.
      await useReservation({ ...used, via: 'StartTransaction', at: new Date() });
    },
  ],
  [
    'reservation.cancelled',
    async () => {
      const r = await aReservation('ACTIVE');
      const end = { db: t.db, charger: { tenantId, chargerId }, reservationId: r.ocppId, at: new Date() };
      await endReservationByCharger({ ...end, update: 'Removed' });
    },
  ],
  [
    'reservation.expired',
    async () => {
      await aReservation('ACTIVE', new Date(Date.now() - 1000));
      await expireReservations(t.db, chargerId);
    },
  ],
  [
    'command.completed',
    async () => {
      const command = await t.db.chargerCommand.create({
        data: { tenantId, chargerId, action: 'Reset', payload: { type: 'Soft' } },
      });
      await executeChargerCommand({
        db: t.db,
        bus,
        commandId: command.id,
        timeoutMs: 1_000,
        call: async () => ({ kind: 'result', response: { status: 'Accepted' } }),
      });
    },
  ],
  [
    'settlement.closed',
    async () => {
      await closeSettlementWeek({ db: t.db, tenantId, at: WEEK, now: AFTER_WEEK });
      // Closing again changes nothing.
      await closeSettlementWeek({ db: t.db, tenantId, at: WEEK, now: AFTER_WEEK });
    },
  ],
  [
    'payout.created',
    async () => {
      const week = await t.db.settlementWeek.findFirstOrThrow({ where: { tenantId, status: 'CLOSED' } });
      const run = await createPayoutRun({ db: t.db, scope: scope(), weekId: week.id, now: AFTER_WEEK });
      expect(run.created).toBe(1);
    },
  ],
  [
    'payout.paid',
    async () => {
      const payout = await t.db.payout.findFirstOrThrow({ where: { tenantId } });
      await markPayout({
        db: t.db,
        scope: scope(),
        input: { payoutId: payout.id, outcome: 'PAID', utr: 'UTR0000001' },
      });
    },
  ],
  [
    'payout.failed',
    async () => {
      const payout = await t.db.payout.findFirstOrThrow({ where: { tenantId } });
      const reversed = {
        providerEventId: 'pout_1:reversed',
        providerPayoutId: 'pout_1',
        reference: payout.idempotencyKey,
        status: 'reversed' as const,
        amountMinor: Number(payout.amountMinor),
        utr: null,
        failureReason: 'Beneficiary bank offline',
        raw: {},
      };
      expect(await applyPayoutEvents({ db: t.db, tenantId, events: [reversed], source: 'webhook' })).toBe(1);
    },
  ],
  // The charging facts last: a running session would stand in the way of the reservations above.
  [
    'charger.connected',
    () =>
      markChargerOnline({
        db: t.db,
        charger: charger(),
        identity,
        instanceId: 'relay-1',
        protocol: 'OCPP16',
        now: CHARGING_AT,
      }),
  ],
  [
    'connector.status_changed',
    () =>
      recordStatus({
        db: t.db,
        charger: charger(),
        input: { evseId: 1, connectorId: 1, status: 'PREPARING', errorCode: null, timestamp: later(1) },
      }),
  ],
  [
    'session.started',
    async () => {
      const start = { connectorId: 1, idTag: 'CARD-E', meterStartWh: 20_000, timestamp: later(2) };
      runningSeq = (await startTransaction({ db: t.db, charger: charger(), input: start })).transactionId;
      // The charger sends the start again (it never saw our answer): no second event.
      await startTransaction({ db: t.db, charger: charger(), input: start });
    },
  ],
  [
    'session.updated',
    async () => {
      const reading = (minutes: number, wh: number) =>
        recordMeterValues({
          db: t.db,
          charger: charger(),
          input: {
            evseId: 1,
            transactionSeq: runningSeq,
            samples: [
              { timestamp: later(minutes), measurand: 'Energy.Active.Import.Register', unit: 'Wh', value: wh },
              { timestamp: later(minutes), measurand: 'Power.Active.Import', unit: 'W', value: 7_200 },
              { timestamp: later(minutes), measurand: 'SoC', unit: 'Percent', value: 30 + minutes },
            ],
          },
        });
      await reading(3, 20_120);
      // The next reading within the minute is no second event (the throttle: session-updated.int.test.ts).
      await reading(4, 20_240);
    },
  ],
  [
    'session.stopped',
    () =>
      stopTransaction({
        db: t.db,
        charger: charger(),
        input: { transactionId: runningSeq, meterStopWh: 21_000, timestamp: later(10), reason: 'Local' },
      }),
  ],
  [
    'charger.disconnected',
    () => markChargerOffline({ db: t.db, charger: charger(), identity, instanceId: 'relay-1', now: later(11) }),
  ],
];

describe('the event catalogue', () => {
  it('has a case here for every type of the catalogue', () => {
    // webhook.test is no fact: Settings → Webhooks sends it to one endpoint (webhooks.int.test.ts).
    const catalogue = (Object.keys(EVENT_SCHEMAS) as EventType[]).filter((type) => type !== 'webhook.test');
    expect(cases.map(([type]) => type).sort()).toEqual(catalogue.sort());
  });

  it.each(cases)('%s: performing the fact writes one outbox row with a valid payload', async (type, perform) => {
    const count = () => t.db.webhookDelivery.count({ where: { tenantId, eventType: type } });
    const logged = () => t.db.eventLog.count({ where: { tenantId, type } });
    const [before, logBefore] = [await count(), await logged()];
    await perform();
    expect(await count()).toBe(before + 1);
    expect(await logged()).toBe(logBefore + 1);
    const row = await t.db.webhookDelivery.findFirstOrThrow({
      where: { tenantId, eventType: type },
      orderBy: { createdAt: 'desc' },
    });
    const body = row.payload as { type: string; version: number; data: unknown };
    expect(body).toMatchObject({ type, version: EVENT_VERSION });
    expect(EVENT_SCHEMAS[type].safeParse(body.data).error).toBeUndefined();
  });

  it('keeps a day of events: older ones are pruned, their webhook deliveries are not', async () => {
    const all = await t.db.eventLog.count({ where: { tenantId } });
    const deliveries = await t.db.webhookDelivery.count({ where: { tenantId } });
    const old = await t.db.eventLog.findFirstOrThrow({ where: { tenantId }, orderBy: { id: 'asc' } });
    await t.db.eventLog.update({ where: { id: old.id }, data: { createdAt: new Date(Date.now() - 25 * 3_600_000) } });
    expect(await pruneEventLog({ db: t.db })).toBe(1);
    expect(await t.db.eventLog.count({ where: { tenantId } })).toBe(all - 1);
    expect(await t.db.webhookDelivery.count({ where: { tenantId } })).toBe(deliveries);
  });

  it('a repeated event takes no id: the next one follows the first without a gap', async () => {
    const tariff = (key: string) => ({
      id: `msg_tariff.published_${key}`,
      type: 'tariff.published' as const,
      tenantId,
      occurredAt: new Date(),
      data: { tariffId: randomUUID(), versionId: randomUUID(), version: 1, activeFrom: new Date().toISOString() },
    });
    const first = tariff(randomUUID());
    expect(await enqueueEvent(t.db, first)).toBe(1);
    expect(await enqueueEvent(t.db, first)).toBe(0);
    expect(await enqueueEvent(t.db, tariff(randomUUID()))).toBe(1);
    const [a, b] = await t.db.eventLog.findMany({ where: { tenantId }, orderBy: { id: 'desc' }, take: 2 });
    expect(a!.id - b!.id).toBe(1n);
  });
});
