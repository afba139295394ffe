import type { GatewayEvent } from '@magma/payments';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
import { startPaidSession } from './start-paid-session.ts';

// The language the driver paid in goes with the session to its emails (#19).

let t: DriverTestWorld['t'];
let world: DriverTestWorld['world'];
let relay: DriverTestWorld['relay'];

beforeAll(async () => ({ t, world, relay } = await openDriverTestWorld()));
afterAll(() => closeDriverTestWorld({ t, world, relay }));

const BASE = 'https://demo.example.in';

async function paidIn(locale: string | null | undefined, email: string) {
  relay.script('Accepted');
  const fx = await aPricedConnector(t.db);
  const token = newSessionToken();
  const checkout = await startPaidSession(world.deps, {
    tenantId: fx.tenant.id,
    baseUrl: BASE,
    input: { sessionToken: token, code: [fx.connector.shortCode!], choice: { kind: 'amount', rupees: 200 }, email },
    ...(locale === undefined ? {} : { locale }),
  });
  const url = new URL((checkout.checkout as { url: string }).url, BASE);
  const orderId = url.pathname.split('/').pop()!;
  const page = world.gateway.readApprovalPage({ orderId, token: url.searchParams.get('token')! })!;
  const decided = world.gateway.decide({ orderId, token: page.approveToken });
  if (!decided.ok) throw new Error(decided.reason);
  const { rawBody, headers } = world.gateway.signWebhook(decided.events as GatewayEvent[]);
  const outcome = await handlePaymentWebhook(world.deps, {
    tenantId: fx.tenant.id,
    provider: 'TEST',
    rawBody,
    headers,
  });
  for (const paymentId of outcome.paymentIds) await onDriverPaymentUpdated(world.deps, { paymentId });
  await waitFor(async () => {
    const v = await getDriverSession(world.deps, { tenantId: fx.tenant.id, token });
    return v.status === 'CHARGING' && v;
  });
  return t.db.driverSession.findUniqueOrThrow({ where: { id: checkout.sessionId } });
}

describe('the driver’s language', () => {
  it.each([
    ['hi', 'hi'],
    ['en', 'en'],
    [null, null],
    [undefined, null],
    // Not a language tag: never stored, the emails fall back to the default.
    ['<script>', null],
  ] as const)('paid in %s: stored as %s and handed to the payment email', async (given, stored) => {
    const email = `driver-${String(given)}@example.in`.replace(/[^\w@.-]/g, '');
    const session = await paidIn(given, email);
    expect(session.locale).toBe(stored);
    const sent = await waitFor(async () => world.paymentReceipts.find((r) => r.to === email));
    expect(sent.locale).toBe(stored);
  });
});
