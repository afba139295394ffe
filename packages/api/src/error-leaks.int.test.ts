import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@magma/db/testing';
import { aCharger, aSite, aTenant, aUser, callerFor, hostOf } from '../test/builders.ts';

// Text filters end up in LIKE patterns: what an operator types is matched literally, a trailing
// backslash included, and never becomes a 500 carrying PostgreSQL's message.

let t: TestDatabase;
let admin: Awaited<ReturnType<typeof callerFor>>;
let identity: string;

beforeAll(async () => {
  t = await createTestDatabase();
  const tenant = await aTenant(t.db);
  const user = await aUser(t.db, { tenantId: tenant.id, role: 'OPERATOR_ADMIN' });
  admin = await callerFor(t.db, { host: hostOf(tenant), userId: user.id });
  const site = await aSite(t.db, tenant.id, null);
  identity = (await aCharger(t.db, site)).identity;
  await t.db.charger.create({ data: { tenantId: tenant.id, siteId: site.id, identity: 'CP\\_50%' } });
  await t.db.idToken.create({ data: { tenantId: tenant.id, token: 'CARD\\_50%', type: 'RFID', label: 'a\\b' } });
  await t.db.idToken.create({ data: { tenantId: tenant.id, token: 'CARDX150', type: 'RFID' } });
});
afterAll(async () => t?.drop());

describe('LIKE filters', () => {
  it.each(['\\', 'CP\\', '%', '_', 'CP\\_', '50%'])('charger.list search %j is matched literally', async (search) => {
    const list = await admin.charger.list({ search });
    expect(list.map((c) => c.identity)).toEqual(['CP\\_50%']);
  });

  it('charger.list search still finds by a part of the identity', async () => {
    const list = await admin.charger.list({ search: identity.slice(3).toLowerCase() });
    expect(list.map((c) => c.identity)).toEqual([identity]);
  });

  it.each(['\\', 'CARD\\', '_50%', '\\_'])('idTokens.list q %j is matched literally', async (q) => {
    const { tokens } = await admin.idTokens.list({ q });
    expect(tokens.map((c) => c.token)).toEqual(['CARD\\_50%']);
  });
});
