import { createTestDatabase, type TestDatabase } from '@magma/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aDriverWorld, aPricedConnector } from './driver.fixtures.ts';
import { findDeviceSessionAt } from './find-driver-session.ts';
import { hashSessionToken, newSessionToken } from './session-token.ts';
import { startPaidSession } from './start-paid-session.ts';

// The sticker page shows "your session" only to a device holding the session's token (its cookie).

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

describe('findDeviceSessionAt', () => {
  it('finds the device’s running session at this connector, and nothing for other tokens, tenants or connectors', async () => {
    const fx = await aPricedConnector(t.db);
    const other = await aPricedConnector(t.db);
    const token = newSessionToken();
    await startPaidSession(world.deps, {
      tenantId: fx.tenant.id,
      baseUrl: 'https://demo.example.in',
      input: { sessionToken: token, code: [fx.connector.shortCode!], choice: { kind: 'amount', rupees: 100 } },
    });
    const where = { db: t.db, tenantId: fx.tenant.id, chargerId: fx.charger.id, evseId: 1 };
    // Waiting for its payment, the connector is not yet the driver's.
    expect(await findDeviceSessionAt({ ...where, tokens: [token] })).toBeNull();

    await t.db.driverSession.update({ where: { tokenHash: hashSessionToken(token) }, data: { status: 'CHARGING' } });
    expect(await findDeviceSessionAt({ ...where, tokens: [newSessionToken(), token] })).toEqual({
      token,
      active: true,
    });
    expect(await findDeviceSessionAt({ ...where, tokens: [newSessionToken(), 'not-a-token'] })).toBeNull();
    expect(await findDeviceSessionAt({ ...where, tenantId: other.tenant.id, tokens: [token] })).toBeNull();
    expect(await findDeviceSessionAt({ ...where, chargerId: other.charger.id, tokens: [token] })).toBeNull();

    const endedAt = new Date();
    await t.db.driverSession.update({
      where: { tokenHash: hashSessionToken(token) },
      data: { status: 'SETTLED', endedAt },
    });
    expect(await findDeviceSessionAt({ ...where, tokens: [token] })).toEqual({ token, active: false });
    const later = new Date(endedAt.getTime() + 31 * 60_000);
    expect(await findDeviceSessionAt({ ...where, tokens: [token], now: later })).toBeNull();
  });
});
