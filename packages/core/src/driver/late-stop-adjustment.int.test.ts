import { sqlQuery } from '@magma/db';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { LiveEvent } from '../bus/live-events.ts';
import { priceEndedTransaction, UNPRICED } from '../charging/price-ended-transaction.ts';
import { recordMeterValues } from '../charging/record-meter-values.ts';
import { startTransaction } from '../charging/start-transaction.ts';
import { stopTransaction } from '../charging/stop-transaction.ts';
import { getFleetKpis } from '../fleet/get-fleet-kpis.ts';
import { transactionBilling } from '../tariffs/record-write-off.ts';
import { tenantScope } from '../tenancy/scope.ts';
import {
  aPricedConnector,
  closeDriverTestWorld,
  openDriverTestWorld,
  waitFor,
  type DriverTestWorld,
} from './driver.fixtures.ts';
import { getDriverSession } from './get-driver-session.ts';
import { handlePaymentWebhook, onDriverPaymentUpdated } from './handle-payment-webhook.ts';
import { onDriverLiveEvent } from './on-live-event.ts';
import { newSessionToken } from './session-token.ts';
import { settleDriverSession } from './settle-driver-session.ts';
import { startPaidSession } from './start-paid-session.ts';
import { LATE_ADJUSTMENT_MS, sweepDriverSessions, unadjustedSessions } from './sweep-driver-sessions.ts';

// The charger's own stop of a paid session the CSMS closed (a newer start on its connector) comes
// after the session settled on its last reading. Real use cases end to end: the charging module
// writes and prices the stop, the driver flow adjusts the settled session. What the transaction
// records as billed stays what the receipt states, the rest written off.

let t: DriverTestWorld['t'];
let world: DriverTestWorld['world'];
let relay: DriverTestWorld['relay'];

beforeAll(async () => ({ t, world, relay } = await openDriverTestWorld()));
afterAll(() => closeDriverTestWorld({ t, world, relay }));
beforeEach(() => {
  relay.script('Accepted');
  relay.setMeterStart(1_000_000);
});
afterEach(() => expect(world.errors).toEqual([]));

const BASE = 'https://demo.example.in';

/**
 * Pays ₹100 at ₹20/kWh + 18% GST (₹23.60 a kWh), charges `lastKwh` as last heard, then a newer
 * start on the connector closes the session, which settles on that reading.
 */
async function aSessionSettledOnItsLastReading({ lastKwh }: { lastKwh: number }) {
  const fx = await aPricedConnector(t.db);
  const charger = { tenantId: fx.tenant.id, chargerId: fx.charger.id };
  const token = newSessionToken();
  const checkout = await startPaidSession(world.deps, {
    tenantId: fx.tenant.id,
    baseUrl: BASE,
    input: {
      sessionToken: token,
      code: [fx.connector.shortCode!],
      choice: { kind: 'amount', rupees: 100 },
      email: 'driver@example.in',
    },
  });
  if (checkout.checkout.kind !== 'redirect') throw new Error('expected the test gateway’s redirect');
  const url = new URL(checkout.checkout.url, BASE);
  const orderId = url.pathname.split('/').pop()!;
  const page = world.gateway.readApprovalPage({ orderId, token: url.searchParams.get('token')! })!;
  const decided = world.gateway.decide({ orderId, token: page.approveToken });
  if (!decided.ok) throw new Error(decided.reason);
  const { rawBody, headers } = world.gateway.signWebhook(decided.events);
  const outcome = await handlePaymentWebhook(world.deps, {
    tenantId: fx.tenant.id,
    provider: 'TEST',
    rawBody,
    headers,
  });
  for (const paymentId of outcome.paymentIds) await onDriverPaymentUpdated(world.deps, { paymentId });
  const view = await waitFor(async () => {
    const v = await getDriverSession(world.deps, { tenantId: fx.tenant.id, token });
    return v.status === 'CHARGING' && v;
  });
  const tx = await t.db.transaction.findUniqueOrThrow({ where: { id: view.transactionId! } });
  const lastAt = new Date();
  await recordMeterValues({
    db: t.db,
    charger,
    input: {
      evseId: 1,
      transactionSeq: tx.seq,
      samples: [
        {
          timestamp: lastAt,
          measurand: 'Energy.Active.Import.Register',
          unit: 'Wh',
          value: 1_000_000 + lastKwh * 1000,
        },
      ],
    },
  });
  await new Promise((r) => setTimeout(r, 20));
  await startTransaction({
    db: t.db,
    charger,
    input: { connectorId: 1, idTag: 'NEXT-DRIVER', meterStartWh: 1_100_000, timestamp: new Date() },
  });
  const settled = await settleDriverSession(world.deps, { transactionId: tx.id });
  if (!settled.settled) throw new Error(`not settled: ${settled.reason}`);
  const session = await t.db.driverSession.findUniqueOrThrow({ where: { transactionId: tx.id } });
  return { ...fx, charger, token, tx, session, lastAt };
}

/** The charger's StopTransaction of the closed session, at `kwh`; the live events it published. */
async function theLateStop(s: Awaited<ReturnType<typeof aSessionSettledOnItsLastReading>>, kwh: number) {
  const events: LiveEvent[] = [];
  await stopTransaction({
    db: t.db,
    charger: s.charger,
    events: (e) => events.push(e),
    input: {
      transactionId: s.tx.seq,
      meterStopWh: 1_000_000 + kwh * 1000,
      timestamp: new Date(s.lastAt.getTime() + 1),
    },
  });
  return events;
}

const txOf = (id: string) => t.db.transaction.findUniqueOrThrow({ where: { id } });
const adjustments = (sessionId: string) =>
  t.db.auditLog.findMany({ where: { entityId: sessionId, action: 'driver.settlement_adjusted' } });

describe('the late stop of a settled paid session', () => {
  it('heard before the relay priced it again, is priced and adjusted by the listener, once', async () => {
    const s = await aSessionSettledOnItsLastReading({ lastKwh: 1 });
    expect(s.session).toMatchObject({ costMinor: 2360, refundMinor: 7640, adjustmentMinor: null });

    // 5 kWh, ₹118.00. The relay publishes transaction.ended, then prices; a listener may hear the
    // event in between, when the stop's figures are stored and the price cleared.
    const events = await theLateStop(s, 5);
    await t.db.transaction.update({ where: { id: s.tx.id }, data: UNPRICED });
    const ended = events.find((e) => e.type === 'transaction.ended' && e.transactionId === s.tx.id)!;
    await onDriverLiveEvent(world.deps, ended);

    expect(await t.db.driverSession.findUniqueOrThrow({ where: { id: s.session.id } })).toMatchObject({
      status: 'SETTLED',
      costMinor: 2360,
      refundMinor: 7640,
      adjustmentMinor: 7640,
      adjustedAt: expect.any(Date),
    });
    expect((await adjustments(s.session.id)).map((e) => e.after)).toMatchObject([
      { settledCostMinor: 2360, finalCostMinor: 10000, uncappedCostMinor: 11800, paidMinor: 10000 },
    ]);

    // The relay's own pricing, just after, and the sweep find it done.
    expect(await priceEndedTransaction({ db: t.db, tenantId: s.tenant.id, transactionId: s.tx.id })).toMatchObject({
      alreadyPriced: true,
    });
    expect(await sweepDriverSessions(world.deps)).toMatchObject({ adjusted: 0 });
    await onDriverLiveEvent(world.deps, ended);
    expect(await adjustments(s.session.id)).toHaveLength(1);
  });

  it('bills what the receipt states, the lower of the new price and the settled cost; the rest is written off', async () => {
    const s = await aSessionSettledOnItsLastReading({ lastKwh: 1 });
    await theLateStop(s, 3);
    // 3 kWh, ₹70.80: the driver paid ₹100 and got ₹76.40 back; the receipt says ₹23.60.
    await settleDriverSession(world.deps, { transactionId: s.tx.id });
    expect(await t.db.driverSession.findUniqueOrThrow({ where: { id: s.session.id } })).toMatchObject({
      costMinor: 2360,
      adjustmentMinor: 4720,
    });
    // Billed ₹23.60 = ₹20.00 + GST ₹3.60; written off ₹47.20 (₹40.00 + ₹7.20).
    expect(await txOf(s.tx.id)).toMatchObject({
      energyWh: 3000,
      costMinor: 2000,
      taxMinor: 360,
      sponsorMinor: 0,
      writtenOffMinor: 4720,
    });
    const billing = await transactionBilling({ db: t.db, transactionId: s.tx.id });
    expect(billing.amounts).toMatchObject({
      rated: { taxableMinor: 6000, taxMinor: 1080, grossMinor: 7080 },
      writtenOff: { taxableMinor: 4000, taxMinor: 720, grossMinor: 4720 },
      driver: { taxableMinor: 2000, taxMinor: 360, grossMinor: 2360 },
    });
    expect((await adjustments(s.session.id)).map((e) => e.after)).toMatchObject([
      { finalCostMinor: 7080, uncappedCostMinor: 7080, adjustmentMinor: 4720, writtenOffMinor: 4720 },
    ]);

    // The driver's page states the receipt's figures; revenue (before tax) is what was billed.
    const view = await getDriverSession(world.deps, { tenantId: s.tenant.id, token: s.token });
    expect(view.final).toMatchObject({ costMinor: 2360, taxMinor: 360, refundMinor: 7640 });
    const kpis = await getFleetKpis({ db: t.db, scope: tenantScope(s.tenant.id, 'OPERATOR_ADMIN', null) });
    expect(kpis.revenueTodayMinor - kpis.revenueRunningEstimateMinor).toBe(2000);

    // Heard again, and the sweep: nothing changes, nothing is recorded twice.
    await settleDriverSession(world.deps, { transactionId: s.tx.id });
    expect(await sweepDriverSessions(world.deps)).toMatchObject({ adjusted: 0 });
    expect(await txOf(s.tx.id)).toMatchObject({ costMinor: 2000, taxMinor: 360, writtenOffMinor: 4720 });
    expect(await adjustments(s.session.id)).toHaveLength(1);
  });

  it('of a session already capped at what was paid, keeps the cap: the late stop’s extra is written off too, the session marked as looked at', async () => {
    // 5 kWh last heard: ₹118.00 against ₹100 paid, settled at ₹100 with ₹18.00 written off.
    const s = await aSessionSettledOnItsLastReading({ lastKwh: 5 });
    expect(s.session).toMatchObject({ costMinor: 10000, refundMinor: 0 });
    expect(await txOf(s.tx.id)).toMatchObject({ costMinor: 8475, taxMinor: 1525, writtenOffMinor: 1800 });

    // 6 kWh, ₹141.60: priced again in full, then capped again.
    await theLateStop(s, 6);
    await settleDriverSession(world.deps, { transactionId: s.tx.id });
    // Nothing changes for the driver: looked at (0), so the sweep does not pick it up again.
    expect(await t.db.driverSession.findUniqueOrThrow({ where: { id: s.session.id } })).toMatchObject({
      costMinor: 10000,
      adjustmentMinor: 0,
      adjustedAt: expect.any(Date),
    });
    const unadjusted = await sqlQuery<{ id: string }>(
      t.db,
      unadjustedSessions(new Date(Date.now() - LATE_ADJUSTMENT_MS)),
    );
    expect(unadjusted.map((r) => r.id)).not.toContain(s.session.id);
    expect(await adjustments(s.session.id)).toHaveLength(0);
    expect(await txOf(s.tx.id)).toMatchObject({
      energyWh: 6000,
      costMinor: 8475,
      taxMinor: 1525,
      writtenOffMinor: 4160,
    });
    await settleDriverSession(world.deps, { transactionId: s.tx.id });
    expect(await txOf(s.tx.id)).toMatchObject({ costMinor: 8475, taxMinor: 1525, writtenOffMinor: 4160 });
  });
});
