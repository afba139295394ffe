import { createTestDatabase, type TestDatabase } from '@magma/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aDriverWorld, aPricedConnector } from './driver.fixtures.ts';
import { getConnectorForDriver } from './get-connector-for-driver.ts';
import { newSessionToken } from './session-token.ts';
import { startPaidSession } from './start-paid-session.ts';

// The amount a driver chooses is checked on the server, in words a driver reads (issue #16):
// a browser's bubble is not a limit. Nothing is created for a refused amount.

let t: TestDatabase;
let world: ReturnType<typeof aDriverWorld>;

beforeAll(async () => {
  t = await createTestDatabase();
  world = aDriverWorld({ db: t.db, url: t.url });
});
afterAll(async () => {
  await world.bus.close();
  await t.drop();
});

const BASE = 'https://demo.example.in';
const RANGE = 'Enter an amount between ₹50 and ₹5,000';

async function pay(fx: Awaited<ReturnType<typeof aPricedConnector>>, choice: unknown) {
  return startPaidSession(world.deps, {
    tenantId: fx.tenant.id,
    baseUrl: BASE,
    input: { sessionToken: newSessionToken(), code: [fx.connector.shortCode!], choice } as never,
  });
}

describe('the prepaid amount, validated on the server', () => {
  it('refuses amounts outside the range, not whole, or not numbers, in human words, creating nothing', async () => {
    const fx = await aPricedConnector(t.db);
    for (const rupees of [20, 49, 5001, 529661, -5, 'abc', '', null]) {
      await expect(pay(fx, { kind: 'amount', rupees })).rejects.toMatchObject({ code: 'BAD_INPUT', message: RANGE });
    }
    await expect(pay(fx, { kind: 'amount', rupees: 100.5 })).rejects.toMatchObject({
      code: 'BAD_INPUT',
      message: 'Enter whole rupees, without paise',
    });
    for (const kwh of [0.5, 151, 'lots']) {
      await expect(pay(fx, { kind: 'energy', kwh })).rejects.toMatchObject({
        code: 'BAD_INPUT',
        message: 'Enter an energy between 1 and 150 kWh',
      });
    }
    expect(await t.db.driverSession.count({ where: { tenantId: fx.tenant.id } })).toBe(0);
    expect(await t.db.payment.count({ where: { tenantId: fx.tenant.id } })).toBe(0);

    const ok = await pay(fx, { kind: 'amount', rupees: '50' });
    expect(ok.amountMinor).toBe(5000);
  });

  it('says what an energy choice costs when that is outside the range', async () => {
    // ₹50/kWh + 18% GST = ₹59/kWh: 100 kWh is ₹5,900, 0.5 kWh would be under ₹50.
    const fx = await aPricedConnector(t.db, { energyPriceMinor: 5000 });
    await expect(pay(fx, { kind: 'energy', kwh: 100 })).rejects.toMatchObject({
      code: 'BAD_INPUT',
      message: `100 kWh costs about ₹5,900.00 here. ${RANGE}, or choose less energy.`,
    });
    await expect(pay(fx, { kind: 'energy', kwh: 84.7 })).resolves.toMatchObject({ amountMinor: 499_730 });
  });
});

describe('the connector page’s prices', () => {
  it('carries the schedule and an energy estimate bounded by the connector’s power', async () => {
    const fx = await aPricedConnector(t.db, { energyPriceMinor: 1 });
    const c = await getConnectorForDriver({
      db: t.db,
      pricing: world.deps.pricing,
      tenantId: fx.tenant.id,
      code: [fx.connector.shortCode!],
    });
    expect(c.price?.schedule).toEqual([
      { label: 'Standard', when: 'All day', energyPerKwhInclTaxMinor: 1, others: [], now: true },
    ]);
    // 30 kW for 8 hours would be 240 kWh: bounded at the 150 kWh one may prepay (₹1.50 + 18% GST), never 5,29,661 kWh.
    expect(c.price?.estimate?.capWh).toBe(150_000);
    expect(c.price?.estimate?.points.at(-1)).toEqual({ wh: 150_000, costMinor: 177 });
  });
});
