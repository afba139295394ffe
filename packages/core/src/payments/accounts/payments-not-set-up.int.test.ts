import { createTestDatabase, type TestDatabase } from '@magma/db/testing';
import { createTestGateway } from '@magma/payments';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aDriverWorld, aPricedConnector } from '../../driver/driver.fixtures.ts';
import { newSessionToken } from '../../driver/session-token.ts';
import { startPaidSession } from '../../driver/start-paid-session.ts';
import type { DriverDeps } from '../../driver/types.ts';
import { paymentsPort } from '../../driver/wiring/payments.ts';
import { createGatewayRegistry, PAYMENTS_NOT_SET_UP } from './gateway-registry.ts';

// The offline test gateway is never a fallback (issue #16): the deployment has one, but only a
// tenant an admin put in test mode pays through it. A tenant with no usable gateway is told so and
// nothing is created: no driver session, no payment, no command to the charger.

let t: TestDatabase;
let world: ReturnType<typeof aDriverWorld>;
let deps: DriverDeps;

beforeAll(async () => {
  t = await createTestDatabase();
  world = aDriverWorld({ db: t.db, url: t.url });
  const registry = createGatewayRegistry({
    keyring: null,
    platform: {},
    test: createTestGateway({ secret: 'not-set-up-test-gateway-secret' }),
    environment: 'sandbox',
  });
  deps = { ...world.deps, payments: paymentsPort({ registry }) };
});
afterAll(async () => {
  await world.bus.close();
  await t.drop();
});

async function pay(fx: Awaited<ReturnType<typeof aPricedConnector>>) {
  return startPaidSession(deps, {
    tenantId: fx.tenant.id,
    baseUrl: 'https://charge.example.in',
    input: {
      sessionToken: newSessionToken(),
      code: [fx.connector.shortCode!],
      choice: { kind: 'amount', rupees: 200 },
    },
  });
}

describe('a tenant with no usable gateway', () => {
  it.each(['NONE', 'OWN_ACCOUNTS', 'PLATFORM_ACCOUNT'] as const)(
    'in %s mode with nothing configured: "payments are not set up", and nothing is created or started',
    async (mode) => {
      const fx = await aPricedConnector(t.db);
      await t.db.tenant.update({ where: { id: fx.tenant.id }, data: { paymentsMode: mode } });
      await expect(pay(fx)).rejects.toMatchObject({ code: 'CONFLICT', message: PAYMENTS_NOT_SET_UP });
      const where = { tenantId: fx.tenant.id };
      expect(await t.db.driverSession.count({ where })).toBe(0);
      expect(await t.db.payment.count({ where })).toBe(0);
      expect(await t.db.chargerCommand.count({ where })).toBe(0);
    },
  );

  it('in test mode, chosen by an admin, pays through the offline gateway', async () => {
    const fx = await aPricedConnector(t.db);
    await t.db.tenant.update({ where: { id: fx.tenant.id }, data: { paymentsMode: 'TEST_MODE' } });
    const r = await pay(fx);
    expect(r.checkout.kind).toBe('redirect');
    const payment = await t.db.payment.findFirstOrThrow({ where: { tenantId: fx.tenant.id } });
    expect([payment.provider, payment.paymentAccountId]).toEqual(['TEST', null]);
  });
});
