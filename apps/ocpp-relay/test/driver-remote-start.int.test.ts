import { isLiveEvent, tenantEventsChannel, type LiveEvent } from '@magma/core/bus';
import {
  chargerCommandsPort,
  handlePaymentWebhook,
  newSessionToken,
  onDriverLiveEvent,
  onDriverPaymentUpdated,
  settleDriverSession,
  sweepDriverSessions,
  paymentsPort,
  pricingPort,
  startPaidSession,
  type DriverDeps,
} from '@magma/core/driver';
import { createTestGateway } from '@magma/payments';
import { getSessionDetail } from '@magma/core/sessions';
import { tenantScope } from '@magma/core/tenancy';
import type { RPCClient } from 'ocpp-rpc';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { aCharger, connect, startHarness, waitFor, type Harness } from './support.ts';

// A driver scans the QR, pays, and the CSMS remote-starts the charger; the driver session must then
// follow the charger's transaction (limit, settlement, refund). Here the real relay talks to real
// ocpp-rpc stations, and the driver flow listens to the relay's live events as the web app does —
// no sweep. The common case is the cable plugged in first: a 2.0.1 station has then already
// started its transaction (TxStartPoint EVConnected) and answers RequestStartTransaction with that
// transactionId, then attaches our idToken and remoteStartId in an Updated (F01/F02, E02).

let h: Harness;
let deps: DriverDeps;
const errors: unknown[] = [];
const handled: LiveEvent[] = [];
const receipts: Parameters<DriverDeps['mail']['sendSessionReceipt']>[0][] = [];
const gateway = createTestGateway({ secret: 'relay-driver-test-secret' });
const BASE = 'https://acme.example.in';
let unsubscribe: () => Promise<void>;
/** While set, the driver flow hears nothing: the web process restarting, the bus down. */
let deaf = false;

beforeAll(async () => {
  h = await startHarness();
  // ₹20/kWh + 18% GST: 2.36 paise per Wh.
  const tariff = await h.db.tariff.create({ data: { tenantId: h.tenant.id, name: 'Standard' } });
  await h.db.tariffVersion.create({
    data: {
      tenantId: h.tenant.id,
      tariffId: tariff.id,
      version: 1,
      activeFrom: new Date('2020-01-01T00:00:00Z'),
      definition: {
        currency: 'INR',
        taxRateBps: 1800,
        elements: [{ components: [{ dimension: 'ENERGY', priceMinor: 2000 }] }],
      },
    },
  });
  deps = {
    db: h.db,
    payments: paymentsPort({ gateways: { TEST: gateway }, preferred: 'TEST' }),
    chargers: chargerCommandsPort({ db: h.db, bus: h.bus, timeoutMs: 2_000 }),
    pricing: pricingPort(),
    mail: {
      sendSessionReceipt: async (r) => {
        receipts.push(r);
        return { emailId: null };
      },
      sendRefundNotice: async () => ({ emailId: null }),
      sendRefundFailedNotice: async () => ({ emailId: null }),
    },
    onError: (e) => errors.push(e),
  };
  // As the web app's driver background does: every live event of the tenant goes to the driver flow.
  unsubscribe = await h.bus.subscribe(tenantEventsChannel(h.tenant.id), (m) => {
    if (!isLiveEvent(m) || deaf) return;
    onDriverLiveEvent(deps, m)
      .then(() => handled.push(m))
      .catch((e: unknown) => errors.push(e));
  });
});
afterAll(async () => {
  await unsubscribe?.();
  await h?.stop();
});
afterEach(() => {
  expect(errors).toEqual([]);
});

/** Pays for `rupees` on connector 1 of the charger, as the QR page and the gateway's webhook would. */
async function pay(identity: string, rupees: number) {
  const checkout = await startPaidSession(deps, {
    tenantId: h.tenant.id,
    baseUrl: BASE,
    input: {
      sessionToken: newSessionToken(),
      code: [identity, '1'],
      choice: { kind: 'amount', rupees },
      email: 'driver@example.in',
    },
  });
  if (checkout.checkout.kind !== 'redirect') throw new Error('expected the test gateway to redirect');
  const url = new URL(checkout.checkout.url, BASE);
  const orderId = url.pathname.split('/').pop()!;
  const page = gateway.readApprovalPage({ orderId, token: url.searchParams.get('token')! })!;
  const decided = gateway.decide({ orderId, token: page.approveToken });
  if (!decided.ok) throw new Error(decided.reason);
  const { rawBody, headers } = gateway.signWebhook(decided.events);
  const outcome = await handlePaymentWebhook(deps, { tenantId: h.tenant.id, provider: 'TEST', rawBody, headers });
  expect(outcome.status).toBe(200);
  for (const paymentId of outcome.paymentIds) await onDriverPaymentUpdated(deps, { paymentId });
  return checkout.sessionId;
}

const session = (id: string) => h.db.driverSession.findUniqueOrThrow({ where: { id } });

/** Waits until the driver flow has handled the live event of the charger's event sent at `at`. */
const handledAt = (type: LiveEvent['type'], at: string) =>
  waitFor(async () => handled.some((e) => e.type === type && e.at === at), 5_000);

type Station = {
  client: RPCClient;
  chargerId: string;
  starts: Record<string, unknown>[];
  stops: Record<string, unknown>[];
};

async function aStation201(onStart: (p: { idToken: string; remoteStartId: number }) => Record<string, unknown>) {
  const charger = await aCharger(h.db, { tenantId: h.tenant.id, protocol: 'OCPP201', connectors: 1 });
  const client = await connect(h.url, charger.identity, 'ocpp2.0.1');
  const station: Station = { client, chargerId: charger.id, starts: [], stops: [] };
  client.handle('RequestStartTransaction', async ({ params }) => {
    const p = params as { idToken: { idToken: string }; remoteStartId: number };
    station.starts.push(params as Record<string, unknown>);
    return onStart({ idToken: p.idToken.idToken, remoteStartId: p.remoteStartId });
  });
  client.handle('RequestStopTransaction', async ({ params }) => {
    station.stops.push(params as Record<string, unknown>);
    return { status: 'Accepted' };
  });
  await waitFor(() => h.db.charger.findFirst({ where: { id: charger.id, online: true } }));
  return { ...station, identity: charger.identity };
}

const register = (wh: number, timestamp: string, context = 'Sample.Periodic') => [
  {
    timestamp,
    sampledValue: [{ value: wh, context, measurand: 'Energy.Active.Import.Register', unitOfMeasure: { unit: 'Wh' } }],
  },
];
const ago = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

describe('2.0.1, cable plugged in first: the station already runs a transaction when the driver pays', () => {
  it.each([
    ['answers RequestStartTransaction with its transactionId', true],
    ['only names our remoteStartId in the Updated that follows', false],
  ])(
    'a station that %s: the session links at once, stops at what was paid, and settles energy from the authorization',
    async (_, answersWithTransactionId) => {
      const txId = `CF-${answersWithTransactionId ? 'A' : 'B'}-${Date.now()}`;
      let seqNo = 0;
      let authorization: { idToken: string; remoteStartId: number } | null = null;
      const station = await aStation201((p) => {
        authorization = p;
        return answersWithTransactionId ? { status: 'Accepted', transactionId: txId } : { status: 'Accepted' };
      });
      const call = (eventType: string, at: string, extra: Record<string, unknown> = {}, info = {}) =>
        station.client.call('TransactionEvent', {
          eventType,
          timestamp: at,
          seqNo: seqNo++,
          evse: { id: 1, connectorId: 1 },
          transactionInfo: { transactionId: txId, ...info },
          triggerReason: 'MeterValuePeriodic',
          ...extra,
        });

      // Plugged in ten minutes ago: Occupied, and a transaction without an idToken. The station's
      // own meter moved 50 Wh before anyone paid (the cable-check, a lax contactor): not the driver's.
      await station.client.call('StatusNotification', {
        timestamp: ago(10),
        connectorStatus: 'Occupied',
        evseId: 1,
        connectorId: 1,
      });
      await call(
        'Started',
        ago(10),
        { triggerReason: 'CablePluggedIn', meterValue: register(1_000_000, ago(10), 'Transaction.Begin') },
        { chargingState: 'EVConnected' },
      );
      const waiting = ago(5);
      await call('Updated', waiting, { meterValue: register(1_000_050, waiting) });

      const sessionId = await pay(station.identity, 100);
      expect(station.starts).toHaveLength(1);
      expect(authorization).not.toBeNull();
      if (answersWithTransactionId) expect((await session(sessionId)).status).toBe('CHARGING');

      // The station attaches the driver's token and our remoteStartId, and starts the energy flow.
      const authorizedAt = new Date().toISOString();
      await call(
        'Updated',
        authorizedAt,
        {
          triggerReason: 'RemoteStart',
          idToken: { idToken: authorization!.idToken, type: 'Central' },
          meterValue: register(1_000_050, authorizedAt),
        },
        { remoteStartId: authorization!.remoteStartId, chargingState: 'Charging' },
      );
      await handledAt('transaction.authorized', authorizedAt);
      const tx = await h.db.transaction.findFirstOrThrow({
        where: { chargerId: station.chargerId, ocppTransactionId: txId },
      });
      expect(await session(sessionId)).toMatchObject({ status: 'CHARGING', transactionId: tx.id });
      expect(tx.paymentId).not.toBeNull();
      expect(tx.authorizedAt?.toISOString()).toBe(authorizedAt);

      // ₹100 paid: the stop comes once the energy since the authorization costs ₹98 (2% headroom),
      // between 4.15 and 4.16 kWh; counting the 50 Wh from before the payment would stop at 4.12.
      const meter = async (sinceAuthWh: number) => {
        const at = new Date().toISOString();
        await call('Updated', at, { meterValue: register(1_000_050 + sinceAuthWh, at) });
        // Both events of a reading check the limit; whichever claims the stop sends it.
        await handledAt('meter.update', at);
        await handledAt('transaction.updated', at);
      };
      await meter(4_000);
      await meter(4_120);
      expect(station.stops).toEqual([]);
      await meter(4_200);
      expect(station.stops).toEqual([{ transactionId: txId }]);

      const endedAt = new Date().toISOString();
      await call(
        'Ended',
        endedAt,
        { triggerReason: 'RemoteStop', meterValue: register(1_004_250, endedAt, 'Transaction.End') },
        { stoppedReason: 'Remote' },
      );
      await handledAt('transaction.ended', endedAt);
      // 4.2 kWh × ₹20 = ₹84.00 + ₹15.12 GST = ₹99.12. The ₹0.88 left is under the gateway's ₹1.00
      // minimum refund, so it is kept and the receipt says so. (With the 50 Wh before the payment it
      // would be ₹100.30, capped at the ₹100 paid.)
      expect(await session(sessionId)).toMatchObject({ status: 'SETTLED', costMinor: 9912, refundMinor: 0 });
      // The receipt shows what was billed: from the authorization, 4.2 kWh (not the plug-in time and 4.25 kWh).
      expect(receipts.filter((r) => r.sessionId === sessionId)).toMatchObject([
        {
          paidMinor: 10000,
          refundMinor: 0,
          unrefunded: { reason: 'below-minimum', amountMinor: 88, minimumMinor: 100 },
          energyWh: 4200,
        },
      ]);
      const receipt = receipts.find((r) => r.sessionId === sessionId)!;
      expect(receipt.startedAt.getTime()).toBeGreaterThanOrEqual(new Date(authorizedAt).getTime() - 1000);
      await station.client.close();
    },
  );
});

describe('2.0.1, authorized first: the remote start begins the transaction', () => {
  it('links the Started that names our remoteStartId and bills it from its start', async () => {
    const txId = `RF-${Date.now()}`;
    let seqNo = 0;
    const station = await aStation201(({ idToken, remoteStartId }) => {
      setTimeout(() => {
        const at = new Date().toISOString();
        void station.client.call('TransactionEvent', {
          eventType: 'Started',
          timestamp: at,
          seqNo: seqNo++,
          triggerReason: 'RemoteStart',
          evse: { id: 1, connectorId: 1 },
          idToken: { idToken, type: 'Central' },
          transactionInfo: { transactionId: txId, remoteStartId, chargingState: 'Charging' },
          meterValue: register(2_000_000, at, 'Transaction.Begin'),
        });
      }, 50);
      return { status: 'Accepted' };
    });
    const sessionId = await pay(station.identity, 100);
    const tx = await waitFor(() => h.db.transaction.findFirst({ where: { chargerId: station.chargerId } }));
    const linked = await waitFor(async () => {
      const s = await session(sessionId);
      return s.status === 'CHARGING' && s;
    });
    expect(linked.transactionId).toBe(tx.id);
    expect(tx.authorizedAt).toBeNull();
    await station.client.close();
  });
});

describe('1.6, cable plugged in first (Preparing)', () => {
  it('links the StartTransaction that carries our idTag', async () => {
    const charger = await aCharger(h.db, { tenantId: h.tenant.id, protocol: 'OCPP16', connectors: 1 });
    const client = await connect(h.url, charger.identity, 'ocpp1.6');
    client.handle('RemoteStartTransaction', async ({ params }) => {
      const p = params as { connectorId: number; idTag: string };
      setTimeout(() => {
        void client.call('StartTransaction', {
          connectorId: p.connectorId,
          idTag: p.idTag,
          meterStart: 3_000_000,
          timestamp: new Date().toISOString(),
        });
      }, 50);
      return { status: 'Accepted' };
    });
    await waitFor(() => h.db.charger.findFirst({ where: { id: charger.id, online: true } }));
    await client.call('StatusNotification', {
      connectorId: 1,
      status: 'Preparing',
      errorCode: 'NoError',
      timestamp: ago(3),
    });
    const sessionId = await pay(charger.identity, 100);
    const linked = await waitFor(async () => {
      const s = await session(sessionId);
      return s.status === 'CHARGING' && s;
    });
    const tx = await h.db.transaction.findUniqueOrThrow({ where: { id: linked.transactionId! } });
    expect(tx).toMatchObject({ chargerId: charger.id, idTag: linked.idTag, paymentId: linked.paymentId });
    await client.close();
  });
});

describe('1.6, the charger reboots mid-session and sends the stop of the paid session late', () => {
  it('settles on the last reading, then records what the late stop changed, never charging more than was paid', async () => {
    const charger = await aCharger(h.db, { tenantId: h.tenant.id, protocol: 'OCPP16', connectors: 1 });
    const client = await connect(h.url, charger.identity, 'ocpp1.6');
    let transactionId = 0;
    client.handle('RemoteStartTransaction', async ({ params }) => {
      const p = params as { connectorId: number; idTag: string };
      setTimeout(() => {
        void client
          .call('StartTransaction', {
            connectorId: p.connectorId,
            idTag: p.idTag,
            meterStart: 3_000_000,
            timestamp: new Date().toISOString(),
          })
          .then((r) => (transactionId = (r as { transactionId: number }).transactionId));
      }, 50);
      return { status: 'Accepted' };
    });
    await waitFor(() => h.db.charger.findFirst({ where: { id: charger.id, online: true } }));
    const sessionId = await pay(charger.identity, 100);
    const linked = await waitFor(async () => {
      const s = await session(sessionId);
      return s.status === 'CHARGING' && transactionId > 0 && s;
    });
    await client.call('MeterValues', {
      connectorId: 1,
      transactionId,
      meterValue: [{ timestamp: new Date().toISOString(), sampledValue: [{ value: '3001000' }] }],
    });
    // Where the charger's meter stopped, unheard: after its last reading, before the next start.
    const stoppedAt = new Date(Date.now() + 1);
    await new Promise((r) => setTimeout(r, 20));

    // The charger reboots, loses the session, and the next driver starts on the connector: the paid
    // session is closed on its last reading (1 kWh: ₹20 + ₹3.60 GST) and settles on it.
    await client.call('StartTransaction', {
      connectorId: 1,
      idTag: 'NEXT-DRIVER',
      meterStart: 3_010_000,
      timestamp: new Date().toISOString(),
    });
    const settled = await waitFor(async () => {
      const s = await session(sessionId);
      return s.status === 'SETTLED' && s;
    });
    expect(settled).toMatchObject({ costMinor: 2360, refundMinor: 7640, adjustmentMinor: null });

    // Its StopTransaction comes after all: 5 kWh, ₹118.00, more than the ₹100 paid.
    expect(
      await client.call('StopTransaction', { transactionId, meterStop: 3_005_000, timestamp: stoppedAt.toISOString() }),
    ).toEqual({});
    const adjusted = await waitFor(async () => {
      const s = await session(sessionId);
      return s.adjustmentMinor !== null && s;
    });
    const tx = await h.db.transaction.findUniqueOrThrow({ where: { id: linked.transactionId! } });
    expect(tx).toMatchObject({ energyWh: 5000, meterStopWh: 3_005_000 });
    // Priced again at ₹118.00, of which the transaction bills what the receipt states (₹23.60:
    // ₹20.00 + GST ₹3.60) and writes off the rest, so revenue and GST reports agree with it.
    expect(tx).toMatchObject({ costMinor: 2000, taxMinor: 360, writtenOffMinor: 9440 });
    // The settlement stands (the refund is gone, the receipt sent): the driver is charged nothing
    // more, and at most what they paid would have been owed. The ₹76.40 the operator does not
    // collect is on the session, and in the audit log.
    expect(adjusted).toMatchObject({ status: 'SETTLED', costMinor: 2360, refundMinor: 7640, adjustmentMinor: 7640 });
    expect(
      (await h.db.payment.findUniqueOrThrow({ where: { id: linked.paymentId! } })).refundedMinor,
    ).toBeLessThanOrEqual(7640);
    expect(receipts.filter((r) => r.sessionId === sessionId)).toHaveLength(1);
    const entries = await h.db.auditLog.findMany({
      where: { entityId: sessionId, action: 'driver.settlement_adjusted' },
    });
    expect(entries.map((e) => e.after)).toMatchObject([
      {
        settledCostMinor: 2360,
        finalCostMinor: 10000,
        uncappedCostMinor: 11800,
        paidMinor: 10000,
        adjustmentMinor: 7640,
        writtenOffMinor: 9440,
      },
    ]);
    // The operator's session page shows it.
    const detail = await getSessionDetail({ db: h.db, scope: tenantScope(h.tenant.id), input: { sessionId: tx.id } });
    expect(detail.driverSession).toMatchObject({ status: 'SETTLED', costMinor: 2360, adjustmentMinor: 7640 });
    // Heard again (another listener, a repeated stop), it is recorded once.
    await settleDriverSession(deps, { transactionId: tx.id });
    expect(await h.db.auditLog.count({ where: { entityId: sessionId, action: 'driver.settlement_adjusted' } })).toBe(1);
    await client.close();
  });
});

describe('1.6, the late stop of a settled paid session while nobody listens', () => {
  it('is adjusted by the sweep, once, whether or not the event path runs as well', async () => {
    const charger = await aCharger(h.db, { tenantId: h.tenant.id, protocol: 'OCPP16', connectors: 1 });
    const client = await connect(h.url, charger.identity, 'ocpp1.6');
    let transactionId = 0;
    client.handle('RemoteStartTransaction', async ({ params }) => {
      const p = params as { connectorId: number; idTag: string };
      setTimeout(() => {
        void client
          .call('StartTransaction', {
            connectorId: p.connectorId,
            idTag: p.idTag,
            meterStart: 7_000_000,
            timestamp: new Date().toISOString(),
          })
          .then((r) => (transactionId = (r as { transactionId: number }).transactionId));
      }, 50);
      return { status: 'Accepted' };
    });
    await waitFor(() => h.db.charger.findFirst({ where: { id: charger.id, online: true } }));
    const sessionId = await pay(charger.identity, 100);
    const linked = await waitFor(async () => {
      const s = await session(sessionId);
      return s.status === 'CHARGING' && transactionId > 0 && s;
    });
    await client.call('MeterValues', {
      connectorId: 1,
      transactionId,
      meterValue: [{ timestamp: new Date().toISOString(), sampledValue: [{ value: '7001000' }] }],
    });
    const stoppedAt = new Date(Date.now() + 1);
    await new Promise((r) => setTimeout(r, 20));
    // A newer start closes the paid session on its last reading (1 kWh, ₹23.60), which settles.
    await client.call('StartTransaction', {
      connectorId: 1,
      idTag: 'NEXT-DRIVER',
      meterStart: 7_010_000,
      timestamp: new Date().toISOString(),
    });
    await waitFor(async () => (await session(sessionId)).status === 'SETTLED');

    // The web process restarts just as the charger's own stop comes: 3 kWh, ₹70.80. Its
    // transaction.ended reaches no driver listener.
    deaf = true;
    try {
      await client.call('StopTransaction', { transactionId, meterStop: 7_003_000, timestamp: stoppedAt.toISOString() });
      await waitFor(() =>
        h.db.transaction.findFirst({
          where: { id: linked.transactionId!, meterStopWh: 7_003_000, pricedAt: { not: null } },
        }),
      );
      expect(await session(sessionId)).toMatchObject({ costMinor: 2360, adjustmentMinor: null });

      // The sweep finds it and records what the event path would have.
      expect(await sweepDriverSessions(deps)).toMatchObject({ adjusted: 1 });
      expect(await session(sessionId)).toMatchObject({
        status: 'SETTLED',
        costMinor: 2360,
        refundMinor: 7640,
        adjustmentMinor: 4720,
        adjustedAt: expect.any(Date),
      });
      // Again, and the event heard after all (another listener): nothing more.
      expect(await sweepDriverSessions(deps)).toMatchObject({ adjusted: 0 });
      await settleDriverSession(deps, { transactionId: linked.transactionId! });
    } finally {
      deaf = false;
    }
    const entries = await h.db.auditLog.findMany({
      where: { entityId: sessionId, action: 'driver.settlement_adjusted' },
    });
    expect(entries.map((e) => e.after)).toMatchObject([
      {
        settledCostMinor: 2360,
        finalCostMinor: 7080,
        uncappedCostMinor: 7080,
        paidMinor: 10000,
        adjustmentMinor: 4720,
      },
    ]);
    expect(receipts.filter((r) => r.sessionId === sessionId)).toHaveLength(1);
    // Billed ₹23.60 as the receipt states; the ₹47.20 more the late stop found is written off.
    expect(await h.db.transaction.findUniqueOrThrow({ where: { id: linked.transactionId! } })).toMatchObject({
      costMinor: 2000,
      taxMinor: 360,
      writtenOffMinor: 4720,
    });
    await client.close();
  });
});
