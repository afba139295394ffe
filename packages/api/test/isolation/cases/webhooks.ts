import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import type { Db } from '@magma/db';
import { tenantScope } from '@magma/core/tenancy';
import { createWebhookEndpoint, parseCredentialKeys, sendTestWebhook } from '@magma/core/webhooks';
import { adminOnly, ids, rejects, type Cases, type World } from '../world.ts';

// Webhook endpoints and their deliveries: only the tenant's operator admin sees or changes them,
// another tenant's admin cannot name them, and the secret never comes back after it is made.

const settings = {
  keyring: parseCredentialKeys(`iso-whb:${randomBytes(32).toString('base64')}`),
  allowPrivateAddresses: false,
};

async function endpointsOfBoth(w: World, db: Db) {
  const a = await w.callers.adminA.webhooks.create({
    url: 'https://hooks.alpha.example/in',
    eventTypes: ['session.started'],
  });
  const b = await createWebhookEndpoint({
    db,
    scope: tenantScope(w.B.id),
    settings,
    input: { url: 'https://hooks.bravo.example/in' },
  });
  const bTest = await sendTestWebhook({ db, scope: tenantScope(w.B.id), endpointId: b.endpoint.id });
  return { a, b, bTest };
}

async function unchanged(db: Db, id: string, check: () => Promise<unknown>) {
  const before = await db.webhookEndpoint.findUniqueOrThrow({ where: { id } });
  await check();
  expect(await db.webhookEndpoint.findUniqueOrThrow({ where: { id } })).toEqual(before);
}

export const cases: Cases = {
  'webhooks.eventTypes': async (w) => {
    expect(await w.callers.adminA.webhooks.eventTypes()).toContain('session.started');
    await adminOnly((c) => c.webhooks.eventTypes())(w);
  },
  'webhooks.list': async (w, db) => {
    const { a, b } = await endpointsOfBoth(w, db);
    const listed = await w.callers.adminA.webhooks.list();
    expect(ids(listed)).toContain(a.endpoint.id);
    expect(ids(listed)).not.toContain(b.endpoint.id);
    expect(JSON.stringify(listed)).not.toMatch(/whsec_|secretSealed|wrappedKey/);
    await adminOnly((c) => c.webhooks.list())(w);
  },
  'webhooks.create': async (w) => {
    const made = await w.callers.adminA.webhooks.create({ url: 'https://hooks.alpha.example/site', siteId: w.sa1.id });
    expect(made.secret).toMatch(/^whsec_/);
    // Another tenant's site cannot be named, nor a private address.
    await rejects(w.callers.adminA.webhooks.create({ url: 'https://hooks.alpha.example/x', siteId: w.sb1.id }), [
      'NOT_FOUND',
    ]);
    await rejects(w.callers.adminA.webhooks.create({ url: 'http://127.0.0.1:8080/x' }), ['BAD_REQUEST']);
    await adminOnly((c) => c.webhooks.create({ url: 'https://hooks.alpha.example/v' }))(w);
  },
  'webhooks.update': async (w, db) => {
    const { a, b } = await endpointsOfBoth(w, db);
    await unchanged(db, b.endpoint.id, () =>
      rejects(w.callers.adminA.webhooks.update({ id: b.endpoint.id, enabled: false }), ['NOT_FOUND']),
    );
    await adminOnly((c) => c.webhooks.update({ id: a.endpoint.id, enabled: false }))(w);
    expect((await w.callers.adminA.webhooks.update({ id: a.endpoint.id, enabled: false })).status).toBe('DISABLED');
  },
  'webhooks.delete': async (w, db) => {
    const { a, b } = await endpointsOfBoth(w, db);
    await unchanged(db, b.endpoint.id, () =>
      rejects(w.callers.adminA.webhooks.delete({ id: b.endpoint.id }), ['NOT_FOUND']),
    );
    await adminOnly((c) => c.webhooks.delete({ id: a.endpoint.id }))(w);
    await w.callers.adminA.webhooks.delete({ id: a.endpoint.id });
    expect(await db.webhookEndpoint.count({ where: { id: a.endpoint.id } })).toBe(0);
  },
  'webhooks.rotateSecret': async (w, db) => {
    const { a, b } = await endpointsOfBoth(w, db);
    await unchanged(db, b.endpoint.id, () =>
      rejects(w.callers.adminA.webhooks.rotateSecret({ id: b.endpoint.id }), ['NOT_FOUND']),
    );
    await adminOnly((c) => c.webhooks.rotateSecret({ id: a.endpoint.id }))(w);
    const rotated = await w.callers.adminA.webhooks.rotateSecret({ id: a.endpoint.id });
    expect(rotated.secret).not.toBe(a.secret);
  },
  'webhooks.deliveries': async (w, db) => {
    const { a, bTest } = await endpointsOfBoth(w, db);
    const aTest = await w.callers.adminA.webhooks.sendTest({ endpointId: a.endpoint.id });
    const listed = await w.callers.adminA.webhooks.deliveries({});
    expect(ids(listed.items)).toContain(aTest.deliveryId);
    expect(ids(listed.items)).not.toContain(bTest.deliveryId);
    await adminOnly((c) => c.webhooks.deliveries({}))(w);
  },
  'webhooks.redeliver': async (w, db) => {
    const { a, bTest } = await endpointsOfBoth(w, db);
    const before = await db.webhookDelivery.findUniqueOrThrow({ where: { id: bTest.deliveryId } });
    await rejects(w.callers.adminA.webhooks.redeliver({ deliveryId: bTest.deliveryId }), ['NOT_FOUND']);
    expect(await db.webhookDelivery.findUniqueOrThrow({ where: { id: bTest.deliveryId } })).toEqual(before);
    const aTest = await w.callers.adminA.webhooks.sendTest({ endpointId: a.endpoint.id });
    await adminOnly((c) => c.webhooks.redeliver({ deliveryId: aTest.deliveryId }))(w);
    await w.callers.adminA.webhooks.redeliver({ deliveryId: aTest.deliveryId });
  },
  'webhooks.sendTest': async (w, db) => {
    const { a, b } = await endpointsOfBoth(w, db);
    await rejects(w.callers.adminA.webhooks.sendTest({ endpointId: b.endpoint.id }), ['NOT_FOUND']);
    expect(await db.webhookDelivery.count({ where: { endpointId: b.endpoint.id } })).toBe(1);
    await adminOnly((c) => c.webhooks.sendTest({ endpointId: a.endpoint.id }))(w);
  },
};
