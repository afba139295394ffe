import { randomUUID } from 'node:crypto';
import type { GatewayEvent } from '@magma/payments';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { recordMeterValues } from '../charging/record-meter-values.ts';
import { stopTransaction } from '../charging/stop-transaction.ts';
import {
  aPricedConnector,
  closeDriverTestWorld,
  openDriverTestWorld,
  waitFor,
  type DriverTestWorld,
} from './driver.fixtures.ts';
import { getDriverSession } from './get-driver-session.ts';
import { handlePaymentWebhook, onDriverPaymentUpdated } from './handle-payment-webhook.ts';
import { newSessionToken } from './session-token.ts';
import { openSessionLink } from './session-link.ts';
import { settleDriverSession } from './settle-driver-session.ts';
import { startPaidSession } from './start-paid-session.ts';
import { startPinSession } from './start-pin-session.ts';
import { setDriverPin } from './driver-pin.ts';
import { stopDriverSession } from './stop-driver-session.ts';
import { sweepDriverSessions } from './sweep-driver-sessions.ts';
import { onDriverLiveEvent } from './on-live-event.ts';

let t: DriverTestWorld['t'];
let world: DriverTestWorld['world'];
let relay: DriverTestWorld['relay'];

beforeAll(async () => ({ t, world, relay } = await openDriverTestWorld()));
afterAll(() => closeDriverTestWorld({ t, world, relay }));
beforeEach(() => {
  relay.script('Accepted');
  relay.calls.length = 0;
});
afterEach(() => {
  expect(world.errors).toEqual([]);
});

const BASE = 'https://demo.example.in';

async function aCheckout(opts: { online?: boolean; rupees?: number; email?: string } = {}) {
  const fx = await aPricedConnector(t.db, { online: opts.online });
  const token = newSessionToken();
  const checkout = await startPaidSession(world.deps, {
    tenantId: fx.tenant.id,
    baseUrl: BASE,
    input: {
      sessionToken: token,
      code: [fx.connector.shortCode!],
      choice: { kind: 'amount', rupees: opts.rupees ?? 200 },
      email: opts.email ?? 'driver@example.in',
    },
  });
  return { ...fx, token, checkout };
}

/** What the test gateway's approval page would post back. */
function approve(checkout: { checkout: { kind: string; url?: string } }) {
  const url = new URL(checkout.checkout.url!, BASE);
  const orderId = url.pathname.split('/').pop()!;
  const page = world.gateway.readApprovalPage({ orderId, token: url.searchParams.get('token')! })!;
  const r = world.gateway.decide({ orderId, token: page.approveToken });
  if (!r.ok) throw new Error(r.reason);
  return { ...r, orderId, page };
}

async function deliver(tenantId: string, events: GatewayEvent[]) {
  const { rawBody, headers } = world.gateway.signWebhook(events);
  const outcome = await handlePaymentWebhook(world.deps, { tenantId, provider: 'TEST', rawBody, headers });
  expect(outcome.status).toBe(200);
  for (const paymentId of outcome.paymentIds) await onDriverPaymentUpdated(world.deps, { paymentId });
  return outcome;
}

const sessionOf = (paymentId: string) => t.db.driverSession.findUniqueOrThrow({ where: { paymentId } });

describe('paid session', () => {
  it('pay → start → meter → stop → settle: the driver pays the priced energy and gets the rest back, with a receipt', async () => {
    const c = await aCheckout({ rupees: 200 });
    expect(c.checkout.amountMinor).toBe(20000);
    const { events } = approve(c.checkout);
    await deliver(c.tenant.id, events);

    const session = await waitFor(async () => {
      const v = await getDriverSession(world.deps, { tenantId: c.tenant.id, token: c.token });
      return v.status === 'CHARGING' && v;
    });
    expect(relay.calls.map((x) => x.action)).toEqual(['RemoteStartTransaction']);
    const tx = await t.db.transaction.findUniqueOrThrow({ where: { id: session.transactionId! } });
    expect(tx.paymentId).toBe(c.checkout.sessionId && (await sessionOf(tx.paymentId!)).paymentId);

    const charger = { tenantId: c.tenant.id, chargerId: c.charger.id };
    await recordMeterValues({
      db: t.db,
      charger,
      input: {
        evseId: 1,
        transactionSeq: tx.seq,
        samples: [{ timestamp: new Date(), measurand: 'Energy.Active.Import.Register', unit: 'Wh', value: 1_004_000 }],
      },
    });
    const stopped = await stopDriverSession(world.deps, { tenantId: c.tenant.id, token: c.token });
    expect(stopped).toMatchObject({ stopped: true });
    expect(relay.calls.map((x) => x.action)).toEqual(['RemoteStartTransaction', 'RemoteStopTransaction']);

    // The charger stops after 5 kWh: ₹20/kWh + 18% GST = ₹118.00; ₹82.00 goes back.
    await stopTransaction({
      db: t.db,
      charger,
      input: { transactionId: tx.seq, meterStopWh: 1_005_000, timestamp: new Date() },
    });
    const settled = await settleDriverSession(world.deps, { transactionId: tx.id });
    expect(settled).toMatchObject({ settled: true, costMinor: 11800, refundMinor: 8200 });

    const payment = await t.db.payment.findUniqueOrThrow({ where: { id: tx.paymentId! } });
    expect(payment).toMatchObject({ capturedMinor: 20000, refundedMinor: 8200, status: 'PARTIALLY_REFUNDED' });
    expect(world.receipts).toHaveLength(1);
    expect(world.receipts[0]).toMatchObject({
      to: 'driver@example.in',
      paidMinor: 20000,
      refundMinor: 8200,
      energyWh: 5000,
    });

    // The receipt's "Your session" link opens this session (its token, for the device) on the host
    // the driver paid on; the token itself is stored only as a hash and sealed.
    const { url, expiresAt } = world.receipts[0]!.sessionLink!;
    expect(url.startsWith(`${BASE}/s/open/`)).toBe(true);
    expect(url).not.toContain(c.token);
    const row = await t.db.driverSession.findUniqueOrThrow({ where: { id: c.checkout.sessionId } });
    // Nor in what the gateway was given to send the driver back (the checkout, the payment).
    expect(JSON.stringify(row)).not.toContain(c.token);
    expect(JSON.stringify(payment)).not.toContain(c.token);
    const back = new URL((row.checkout as { url: string }).url, BASE).searchParams.get('return');
    expect(back).toMatch(/^\/s\/open\/[0-9a-f-]{36}\./);
    const link = url.split('/').pop()!;
    const keys = world.deps.sessionLinks!;
    const open = (l: string, at = new Date(), tenantId = c.tenant.id) =>
      openSessionLink({ db: t.db, keys, tenantId, link: l, now: at });
    await expect(open(link)).resolves.toEqual({ token: c.token });
    const other = await aPricedConnector(t.db);
    const [id, exp, mac] = link.split('.') as [string, string, string];
    for (const [why, attempt] of [
      ['expired', open(link, expiresAt)],
      ['altered', open(`${id}.${exp}.${mac.startsWith('A') ? 'B' : 'A'}${mac.slice(1)}`)],
      ['made to live longer', open(`${id}.${(parseInt(exp, 36) + 3_600).toString(36)}.${mac}`)],
      ["opened on another tenant's host", open(link, new Date(), other.tenant.id)],
      ['pointed at another session', open(`${randomUUID()}.${exp}.${mac}`)],
    ] as const) {
      await expect(attempt, why).rejects.toMatchObject({ code: 'NOT_FOUND' });
    }

    const view = await getDriverSession(world.deps, { tenantId: c.tenant.id, token: c.token });
    expect(view).toMatchObject({ status: 'SETTLED', final: { costMinor: 11800, refundMinor: 8200 } });
    expect(view.final!.lines.map((l) => [l.label, l.quantity, l.amountMinor])).toEqual([
      ['Energy · Standard', '5.00 kWh', 10000],
    ]);

    // Settling again (the sweep, a second process) changes nothing.
    expect(await settleDriverSession(world.deps, { transactionId: tx.id })).toEqual({
      settled: false,
      reason: 'already-settled',
    });
    expect(await t.db.refund.count({ where: { paymentId: payment.id } })).toBe(1);
    const idToken = await t.db.idToken.findUniqueOrThrow({ where: { id: tx.idTokenId! } });
    expect(idToken).toMatchObject({ type: 'APP', status: 'EXPIRED' });
  });

  it('pressing Pay twice with the same page token creates one payment and returns the same checkout', async () => {
    const fx = await aPricedConnector(t.db);
    const token = newSessionToken();
    const input = {
      sessionToken: token,
      code: [fx.charger.identity, '1'],
      choice: { kind: 'amount' as const, rupees: 300 },
    };
    const [a, b] = await Promise.all([
      startPaidSession(world.deps, { tenantId: fx.tenant.id, baseUrl: BASE, input }),
      startPaidSession(world.deps, { tenantId: fx.tenant.id, baseUrl: BASE, input }),
    ]);
    expect(a.checkout).toEqual(b.checkout);
    expect(await t.db.payment.count({ where: { tenantId: fx.tenant.id } })).toBe(1);
  });

  it('refuses to take money for an offline, busy or faulted connector', async () => {
    const fx = await aPricedConnector(t.db, { online: false });
    const input = {
      sessionToken: newSessionToken(),
      code: [fx.connector.shortCode!],
      choice: { kind: 'amount' as const, rupees: 100 },
    };
    await expect(startPaidSession(world.deps, { tenantId: fx.tenant.id, baseUrl: BASE, input })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining('offline'),
    });
    await t.db.charger.update({ where: { id: fx.charger.id }, data: { online: true } });
    await t.db.connector.update({ where: { id: fx.connector.id }, data: { status: 'FAULTED' } });
    await expect(startPaidSession(world.deps, { tenantId: fx.tenant.id, baseUrl: BASE, input })).rejects.toMatchObject({
      message: expect.stringContaining('fault'),
    });
    expect(await t.db.payment.count({ where: { tenantId: fx.tenant.id } })).toBe(0);
  });
});

describe('webhooks: no payment lost or counted twice', () => {
  it('captured before authorized, each delivered three times, some concurrently: one capture, one remote start', async () => {
    const c = await aCheckout();
    const { events } = approve(c.checkout);
    const [authorized, captured] = events as [GatewayEvent, GatewayEvent];
    await deliver(c.tenant.id, [captured]);
    await Promise.all([
      deliver(c.tenant.id, [authorized, captured]),
      deliver(c.tenant.id, [captured]),
      deliver(c.tenant.id, [authorized]),
    ]);
    await deliver(c.tenant.id, [authorized, captured]);

    const payment = await t.db.payment.findUniqueOrThrow({
      where: { id: (await t.db.driverSession.findFirstOrThrow({ where: { tenantId: c.tenant.id } })).paymentId! },
    });
    expect(payment).toMatchObject({ status: 'CAPTURED', capturedMinor: 20000 });
    expect(await t.db.paymentEvent.count({ where: { paymentId: payment.id } })).toBe(2);
    expect(relay.calls.filter((x) => x.action === 'RemoteStartTransaction')).toHaveLength(1);
    await waitFor(
      async () => (await sweepDriverSessions(world.deps)) && (await sessionOf(payment.id)).status === 'CHARGING',
    );
    expect(await t.db.transaction.count({ where: { paymentId: payment.id } })).toBe(1);
  });

  it('a webhook with a bad signature changes nothing', async () => {
    const c = await aCheckout();
    const { webhook } = approve(c.checkout);
    const out = await handlePaymentWebhook(world.deps, {
      tenantId: c.tenant.id,
      provider: 'TEST',
      rawBody: webhook.rawBody.replace('20000', '2'),
      headers: webhook.headers,
    });
    expect(out.status).toBe(401);
    expect(await t.db.paymentEvent.count()).toBeGreaterThanOrEqual(0);
    expect(
      (
        await sessionOf(
          c.checkout.sessionId &&
            (await t.db.driverSession.findFirstOrThrow({ where: { tenantId: c.tenant.id } })).paymentId!,
        )
      ).status,
    ).toBe('AWAITING_PAYMENT');
  });

  it('a declined payment ends the session without starting the charger', async () => {
    const c = await aCheckout();
    const url = new URL(c.checkout.checkout.kind === 'redirect' ? c.checkout.checkout.url : '', BASE);
    const orderId = url.pathname.split('/').pop()!;
    const page = world.gateway.readApprovalPage({ orderId, token: url.searchParams.get('token')! })!;
    const r = world.gateway.decide({ orderId, token: page.declineToken });
    if (!r.ok) throw new Error(r.reason);
    await deliver(c.tenant.id, r.events);
    const s = await t.db.driverSession.findFirstOrThrow({ where: { tenantId: c.tenant.id } });
    expect(s.status).toBe('PAYMENT_FAILED');
    expect(relay.calls).toHaveLength(0);
  });
});

describe('the payment email, with the link that follows the session while it charges', () => {
  const paymentEmailsOf = (sessionId: string) => world.paymentReceipts.filter((r) => r.sessionId === sessionId);

  it('is sent once when charging starts, however many times the webhook arrives, and its link opens the session', async () => {
    const c = await aCheckout({ rupees: 200 });
    const { events } = approve(c.checkout);
    await deliver(c.tenant.id, events);
    await Promise.all([deliver(c.tenant.id, events), deliver(c.tenant.id, events)]);
    await deliver(c.tenant.id, events);
    expect(relay.calls.filter((x) => x.action === 'RemoteStartTransaction')).toHaveLength(1);

    const sent = paymentEmailsOf(c.checkout.sessionId);
    expect(sent).toHaveLength(1);
    const payment = await t.db.payment.findUniqueOrThrow({
      where: { id: (await t.db.driverSession.findUniqueOrThrow({ where: { id: c.checkout.sessionId } })).paymentId! },
    });
    expect(sent[0]).toMatchObject({
      to: 'driver@example.in',
      tenantId: c.tenant.id,
      paymentId: payment.id,
      amountMinor: 20000,
      currency: 'INR',
      chargerLabel: `${c.charger.identity} #1`,
    });
    const { url, expiresAt } = sent[0]!.sessionLink!;
    expect(url.startsWith(`${BASE}/s/open/`)).toBe(true);
    expect(url).not.toContain(c.token);
    expect(expiresAt.getTime() - Date.now()).toBeGreaterThan(6 * 24 * 3_600_000);
    const link = url.split('/').pop()!;
    const keys = world.deps.sessionLinks!;
    await expect(openSessionLink({ db: t.db, keys, tenantId: c.tenant.id, link })).resolves.toEqual({
      token: c.token,
    });
    // Another tenant's host does not open it.
    await expect(openSessionLink({ db: t.db, keys, tenantId: randomUUID(), link })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    // The sweep and further webhooks after the start send nothing more.
    await waitFor(
      async () => (await sweepDriverSessions(world.deps)) && (await sessionOf(payment.id)).status === 'CHARGING',
    );
    await deliver(c.tenant.id, events);
    expect(paymentEmailsOf(c.checkout.sessionId)).toHaveLength(1);
  });

  it('is not sent when the driver gave no email, nor when the charger never starts', async () => {
    const quiet = await aCheckout({ email: '' });
    await deliver(quiet.tenant.id, approve(quiet.checkout).events);
    expect(relay.calls.filter((x) => x.action === 'RemoteStartTransaction')).toHaveLength(1);
    expect(paymentEmailsOf(quiet.checkout.sessionId)).toHaveLength(0);

    relay.script('Rejected');
    const refused = await aCheckout();
    await deliver(refused.tenant.id, approve(refused.checkout).events);
    expect((await t.db.driverSession.findUniqueOrThrow({ where: { id: refused.checkout.sessionId } })).status).toBe(
      'START_FAILED',
    );
    expect(paymentEmailsOf(refused.checkout.sessionId)).toHaveLength(0);
  });
});

describe('a captured payment whose charger never starts is refunded in full', () => {
  it.each([
    ['the charger rejects the remote start', 'Rejected' as const, /refused/],
    ['the charger does not answer', 'silent' as const, /did not answer/],
  ])('%s', async (_, reply, reason) => {
    relay.script(reply);
    const c = await aCheckout();
    await deliver(c.tenant.id, approve(c.checkout).events);
    const s = await t.db.driverSession.findFirstOrThrow({ where: { tenantId: c.tenant.id } });
    expect(s).toMatchObject({ status: 'START_FAILED', refundMinor: 20000 });
    expect(s.failureReason).toMatch(reason);
    const payment = await t.db.payment.findUniqueOrThrow({ where: { id: s.paymentId! } });
    expect(payment).toMatchObject({ status: 'REFUNDED', refundedMinor: 20000 });
    expect(world.refundNotices.filter((n) => n.sessionId === s.id)).toMatchObject([
      { to: 'driver@example.in', amountMinor: 20000 },
    ]);
  });

  it('the charger goes offline between Pay and the capture', async () => {
    const c = await aCheckout();
    await t.db.charger.update({ where: { id: c.charger.id }, data: { online: false } });
    await deliver(c.tenant.id, approve(c.checkout).events);
    const s = await t.db.driverSession.findFirstOrThrow({ where: { tenantId: c.tenant.id } });
    expect(s).toMatchObject({ status: 'START_FAILED', refundMinor: 20000, failureReason: 'The charger is offline' });
    expect(relay.calls).toHaveLength(0);
  });

  it('the charger accepts but no car starts charging: the sweep gives up after the timeout and refunds', async () => {
    relay.script('AcceptedButNoStart');
    const c = await aCheckout();
    await deliver(c.tenant.id, approve(c.checkout).events);
    const s = await t.db.driverSession.findFirstOrThrow({ where: { tenantId: c.tenant.id } });
    expect(s.status).toBe('STARTING');
    expect(await sweepDriverSessions(world.deps)).toMatchObject({ startFailed: 0 });
    const later = { ...world.deps, now: () => new Date(Date.now() + 4 * 60_000) };
    expect(await sweepDriverSessions(later)).toMatchObject({ startFailed: 1 });
    const after = await t.db.driverSession.findUniqueOrThrow({ where: { id: s.id } });
    expect(after).toMatchObject({ status: 'START_FAILED', refundMinor: 20000 });
    // A token issued for a failed start no longer authorizes anything.
    expect(await t.db.idToken.findUniqueOrThrow({ where: { id: after.idTokenId! } })).toMatchObject({
      status: 'EXPIRED',
    });
  });
});

describe('PIN fallback', () => {
  const PIN_KEY = 'driver-flow-pin-key';

  it('a PIN session where no tariff applies settles at zero instead of failing every sweep', async () => {
    const fx = await aPricedConnector(t.db);
    await t.db.tariff.deleteMany({ where: { tenantId: fx.tenant.id } });
    await setDriverPin({ db: t.db, tenantId: fx.tenant.id, token: 'PIN-FREE-1', pin: '5511', pinLookupKey: PIN_KEY });
    const r = await startPinSession(world.deps, {
      tenantId: fx.tenant.id,
      clientKey: '192.0.2.1',
      pinLookupKey: PIN_KEY,
      input: { sessionToken: newSessionToken(), code: [fx.connector.shortCode!], pin: '5511' },
    });
    const tx = await waitFor(async () => {
      await sweepDriverSessions(world.deps);
      return t.db.transaction.findFirst({ where: { chargerId: fx.charger.id } });
    });
    await stopTransaction({
      db: t.db,
      charger: { tenantId: fx.tenant.id, chargerId: fx.charger.id },
      input: { transactionId: tx.seq, meterStopWh: 1_002_000, timestamp: new Date() },
    });
    expect(await settleDriverSession(world.deps, { transactionId: tx.id })).toMatchObject({
      settled: true,
      costMinor: 0,
      refundMinor: 0,
    });
    expect(await t.db.driverSession.findUniqueOrThrow({ where: { id: r.sessionId } })).toMatchObject({
      status: 'SETTLED',
      kind: 'PIN',
    });
  });

  it('starts with the right PIN and locks out a client after five wrong ones', async () => {
    const fx = await aPricedConnector(t.db);
    await setDriverPin({
      db: t.db,
      tenantId: fx.tenant.id,
      token: 'PIN-FLEET-7',
      pin: '482913',
      pinLookupKey: PIN_KEY,
      label: 'Fleet driver',
    });
    const attempt = (pin: string, clientKey = '203.0.113.7') =>
      startPinSession(world.deps, {
        tenantId: fx.tenant.id,
        clientKey,
        pinLookupKey: PIN_KEY,
        input: { sessionToken: newSessionToken(), code: [fx.connector.shortCode!], pin },
      });

    for (let i = 0; i < 5; i++) await expect(attempt('000000')).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(attempt('482913')).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    expect(relay.calls).toHaveLength(0);

    const ok = await attempt('482913', '198.51.100.4');
    expect(ok).toMatchObject({ started: { started: true } });
    expect(relay.calls.map((c) => c.payload.idTag)).toEqual(['PIN-FLEET-7']);
    expect(await t.db.auditLog.count({ where: { tenantId: fx.tenant.id, action: 'driver.pin_rejected' } })).toBe(5);
  });
});

describe('prepaid limits and settling from live events', () => {
  it('stops the charger when the energy bought is delivered, and settles when the relay reports the end', async () => {
    const fx = await aPricedConnector(t.db);
    const token = newSessionToken();
    const checkout = await startPaidSession(world.deps, {
      tenantId: fx.tenant.id,
      baseUrl: BASE,
      input: { sessionToken: token, code: [fx.connector.shortCode!], choice: { kind: 'energy', kwh: 5 } },
    });
    // 5 kWh at ₹20/kWh + 18% GST.
    expect(checkout.amountMinor).toBe(11800);
    await deliver(fx.tenant.id, approve(checkout).events);
    const tx = await waitFor(async () => {
      await sweepDriverSessions(world.deps);
      return t.db.transaction.findFirst({ where: { chargerId: fx.charger.id, paymentId: { not: null } } });
    });
    const charger = { tenantId: fx.tenant.id, chargerId: fx.charger.id };
    const meter = async (wh: number) => {
      await recordMeterValues({
        db: t.db,
        charger,
        input: {
          evseId: 1,
          transactionSeq: tx.seq,
          samples: [
            { timestamp: new Date(), measurand: 'Energy.Active.Import.Register', unit: 'Wh', value: 1_000_000 + wh },
          ],
        },
      });
      await onDriverLiveEvent(world.deps, {
        type: 'meter.update',
        tenantId: fx.tenant.id,
        chargerId: fx.charger.id,
        evseId: 1,
        transactionId: tx.id,
        powerW: 30_000,
        energyWh: wh,
        soc: 50,
        at: new Date().toISOString(),
      });
    };
    await meter(4_000);
    expect(relay.calls.filter((c) => c.action === 'RemoteStopTransaction')).toHaveLength(0);
    await meter(5_000);
    await meter(5_050);
    expect(relay.calls.filter((c) => c.action === 'RemoteStopTransaction')).toHaveLength(1);

    await stopTransaction({
      db: t.db,
      charger,
      input: { transactionId: tx.seq, meterStopWh: 1_005_050, timestamp: new Date() },
    });
    await Promise.all([
      onDriverLiveEvent(world.deps, {
        type: 'transaction.ended',
        tenantId: fx.tenant.id,
        chargerId: fx.charger.id,
        evseId: 1,
        transactionId: tx.id,
        energyWh: 5050,
        at: new Date().toISOString(),
      }),
      sweepDriverSessions(world.deps),
    ]);
    const s = await t.db.driverSession.findFirstOrThrow({ where: { transactionId: tx.id } });
    // 5.05 kWh cost ₹119.18 but the driver prepaid ₹118.00: never charged more than paid, nothing refunded.
    expect(s).toMatchObject({ status: 'SETTLED', costMinor: 11800, refundMinor: 0 });
    expect(await t.db.refund.count({ where: { paymentId: s.paymentId! } })).toBe(0);
  });
});
