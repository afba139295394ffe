import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { stopTransaction } from '../charging/stop-transaction.ts';
import { getFleetKpis } from '../fleet/get-fleet-kpis.ts';
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
import { newSessionToken } from './session-token.ts';
import { settleDriverSession } from './settle-driver-session.ts';
import { startPaidSession } from './start-paid-session.ts';
import { sessionReceiptContent } from './wiring/receipt.ts';

// Issue #16: what a receipt states is what the transaction records and the reports add up: a
// sponsored session's driver share as taxable value and GST, and an overrun past the prepaid
// amount billed at the prepaid amount, the rest written off by the operator.

let t: DriverTestWorld['t'];
let world: DriverTestWorld['world'];
let relay: DriverTestWorld['relay'];

beforeAll(async () => ({ t, world, relay } = await openDriverTestWorld()));
afterAll(() => closeDriverTestWorld({ t, world, relay }));
beforeEach(() => {
  relay.script('Accepted');
  world.receipts.length = 0;
});
afterEach(() => expect(world.errors).toEqual([]));

const BASE = 'https://demo.example.in';

/** Pays `rupees`, charges `kwh` at ₹18/kWh + 18% GST under `definition`, and stops. */
async function anEndedPaidSession({ rupees, kwh, sponsors }: { rupees: number; kwh: number; sponsors?: unknown[] }) {
  const fx = await aPricedConnector(t.db, { energyPriceMinor: 1800 });
  if (sponsors) {
    const v = await t.db.tariffVersion.findFirstOrThrow({ where: { tenantId: fx.tenant.id } });
    const definition = { ...(v.definition as Record<string, unknown>), sponsors };
    await t.db.tariffVersion.update({ where: { id: v.id }, data: { definition: definition as never } });
  }
  const token = newSessionToken();
  const checkout = await startPaidSession(world.deps, {
    tenantId: fx.tenant.id,
    baseUrl: BASE,
    input: {
      sessionToken: token,
      code: [fx.connector.shortCode!],
      choice: { kind: 'amount', rupees },
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
  await stopTransaction({
    db: t.db,
    charger: { tenantId: fx.tenant.id, chargerId: fx.charger.id },
    input: { transactionId: tx.seq, meterStopWh: (tx.meterStartWh ?? 0) + kwh * 1000, timestamp: new Date() },
  });
  return { ...fx, token, tx };
}

describe('receipt amounts', () => {
  it('an overrun past the prepaid amount is billed at what was paid; the rest is written off, and reports agree', async () => {
    // 5 kWh × ₹18 = ₹90.00 + GST ₹16.20 = ₹106.20 > ₹100.00 paid.
    // Billed ₹100.00 = 10000 / 1.18 = 8474.58 → ₹84.75 + GST ₹15.25; written off ₹6.20 (₹5.25 + ₹0.95).
    const s = await anEndedPaidSession({ rupees: 100, kwh: 5 });
    const settled = await settleDriverSession(world.deps, { transactionId: s.tx.id });
    expect(settled).toMatchObject({ settled: true, costMinor: 10000, refundMinor: 0 });

    expect(await t.db.transaction.findUniqueOrThrow({ where: { id: s.tx.id } })).toMatchObject({
      costMinor: 8475,
      taxMinor: 1525,
      sponsorMinor: 0,
      writtenOffMinor: 620,
    });
    const audit = await t.db.auditLog.findFirstOrThrow({ where: { tenantId: s.tenant.id, action: 'driver.settled' } });
    expect(audit.after).toMatchObject({ costMinor: 10000, paidMinor: 10000, writtenOffMinor: 620 });

    // The receipt email: one, with the written-off part and the driver's billed taxable value and GST.
    expect(world.receipts).toHaveLength(1);
    const content = sessionReceiptContent(world.receipts[0]!);
    expect(content).toMatchObject({
      charges: { taxableMinor: 9000, taxMinor: 1620, totalMinor: 10620 },
      writtenOff: { taxableMinor: 525, taxMinor: 95, totalMinor: 620 },
      driver: { taxableMinor: 8475, taxMinor: 1525, totalMinor: 10000 },
      paidMinor: 10000,
    });
    expect(content.refund).toBeUndefined();

    // The driver's page says the same.
    const view = await getDriverSession(world.deps, { tenantId: s.tenant.id, token: s.token });
    expect(view.final).toMatchObject({
      costMinor: 10000,
      taxMinor: 1525,
      amounts: { writtenOff: { grossMinor: 620 }, driver: { taxableMinor: 8475, taxMinor: 1525, grossMinor: 10000 } },
    });

    // Revenue (before tax) is what was billed, not the uncapped price.
    const kpis = await getFleetKpis({ db: t.db, scope: tenantScope(s.tenant.id, 'OPERATOR_ADMIN', null) });
    expect(kpis.revenueTodayMinor).toBe(8475);

    // Settling again (sweep, a second listener) changes nothing.
    await settleDriverSession(world.deps, { transactionId: s.tx.id });
    expect(await t.db.transaction.findUniqueOrThrow({ where: { id: s.tx.id } })).toMatchObject({
      costMinor: 8475,
      taxMinor: 1525,
      writtenOffMinor: 620,
    });
  });

  it('a sponsored session states the driver’s taxable value and GST, and the sponsor’s share', async () => {
    // 22 kWh × ₹18 = ₹396.00 + GST ₹71.28 = ₹467.28; the sponsor pays the first 5 kWh:
    // ₹90.00 + ₹16.20 = ₹106.20. Driver ₹361.08 = 36108 / 1.18 = ₹306.00 + GST ₹55.08; ₹500 − ₹361.08 = ₹138.92 back.
    const s = await anEndedPaidSession({
      rupees: 500,
      kwh: 22,
      sponsors: [{ id: 'mall', label: 'Sunrise Malls', firstWh: 5000 }],
    });
    const settled = await settleDriverSession(world.deps, { transactionId: s.tx.id });
    expect(settled).toMatchObject({ settled: true, costMinor: 36108, refundMinor: 13892 });
    expect(await t.db.transaction.findUniqueOrThrow({ where: { id: s.tx.id } })).toMatchObject({
      costMinor: 39600,
      taxMinor: 7128,
      sponsorMinor: 10620,
      writtenOffMinor: null,
    });
    const content = sessionReceiptContent(world.receipts[0]!);
    expect(content).toMatchObject({
      charges: { taxableMinor: 39600, taxMinor: 7128, totalMinor: 46728 },
      sponsor: { taxableMinor: 9000, taxMinor: 1620, totalMinor: 10620 },
      driver: { taxableMinor: 30600, taxMinor: 5508, totalMinor: 36108 },
      refund: { amountMinor: 13892 },
    });
    expect(content.writtenOff).toBeUndefined();
    const view = await getDriverSession(world.deps, { tenantId: s.tenant.id, token: s.token });
    expect(view.final).toMatchObject({ costMinor: 36108, taxMinor: 5508 });
  });
});
