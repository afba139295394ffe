import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '@magma/db/testing';
import { createTestGateway, parseCredentialKeys, type CredentialKeyring } from '@magma/payments';
import { startLocalServer, type LocalServer, type RecordedRequest, type Reply } from '@magma/payments/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handlePaymentWebhook } from '../../driver/handle-payment-webhook.ts';
import type { DriverDeps } from '../../driver/types.ts';
import { paymentsPort } from '../../driver/wiring/payments.ts';
import { AppError } from '../../errors/app-error.ts';
import { tenantScope } from '../../tenancy/scope.ts';
import { aTenant } from '../payments.fixtures.ts';
import { createGatewayRegistry, PAYMENTS_NOT_SET_UP, type GatewayRegistry } from './gateway-registry.ts';
import { listPaymentAccounts, setDefaultPaymentAccount, testPaymentAccount } from './manage-payment-accounts.ts';
import { rewrapPaymentAccounts } from './rewrap-payment-accounts.ts';
import { savePaymentAccount } from './save-payment-account.ts';

// Two operators, each with its own Razorpay account, against one local server that answers as
// Razorpay documents (orders, refunds, Fetch All Orders) and accepts only the key pairs it knows:
// every call must carry the account's own keys, webhooks verify with that account's secret only,
// the secrets are sealed in the database, and a tenant without a usable account starts nothing.

const K1 = `k1:${randomBytes(32).toString('base64')}`;
const K2 = `k2:${randomBytes(32).toString('base64')}`;

const ACCOUNTS = {
  a: { keyId: 'rzp_test_tenantAAAA', keySecret: 'secret-of-tenant-a-7a7a', webhookSecret: 'whsec-a-1111' },
  b: { keyId: 'rzp_test_tenantBBBB', keySecret: 'secret-of-tenant-b-8b8b', webhookSecret: 'whsec-b-2222' },
};
const KNOWN = new Map(Object.values(ACCOUNTS).map((a) => [a.keyId, a.keySecret]));

/** The key id a request authenticated as (Basic key_id:key_secret), or null when the pair is wrong. */
function caller(r: RecordedRequest): string | null {
  const auth = r.headers.authorization ?? '';
  const [id, secret] = Buffer.from(auth.replace(/^Basic /, ''), 'base64')
    .toString('utf8')
    .split(':');
  return id && KNOWN.get(id) === secret ? id : null;
}

let orderSeq = 0;
function razorpay(r: RecordedRequest): Reply | undefined {
  if (!caller(r)) {
    return { status: 401, json: { error: { code: 'BAD_REQUEST_ERROR', description: 'Authentication failed' } } };
  }
  if (r.method === 'GET' && r.path === '/v1/orders') return { json: { entity: 'collection', count: 0, items: [] } };
  if (r.method === 'POST' && r.path === '/v1/orders') {
    const body = r.json() as { amount: number; currency: string; receipt: string };
    return {
      json: {
        id: `order_${++orderSeq}T`,
        entity: 'order',
        amount: body.amount,
        amount_paid: 0,
        currency: body.currency,
        receipt: body.receipt,
        status: 'created',
      },
    };
  }
  const refund = /^\/v1\/payments\/([^/]+)\/refund$/.exec(r.path);
  if (r.method === 'POST' && refund) {
    const body = r.json() as { amount: number; receipt?: string };
    return {
      json: {
        id: `rfnd_${randomUUID().slice(0, 8)}`,
        entity: 'refund',
        amount: body.amount,
        currency: 'INR',
        payment_id: refund[1],
        receipt: body.receipt,
        status: 'pending',
      },
    };
  }
  return undefined;
}

let t: TestDatabase;
let server: LocalServer;
let keyring: CredentialKeyring;
let registry: GatewayRegistry;
let deps: DriverDeps;
const tenants = { a: '', b: '', none: '', noAccount: '', test: '' };
const accountIds = { a: '', b: '' };

function capturedEvent(orderId: string, paymentId: string, amount: number): string {
  return JSON.stringify({
    entity: 'event',
    event: 'payment.captured',
    payload: {
      payment: {
        entity: {
          id: paymentId,
          entity: 'payment',
          amount,
          currency: 'INR',
          status: 'captured',
          order_id: orderId,
          captured: true,
        },
      },
    },
    created_at: 1767600000,
  });
}
const sign = (secret: string, body: string) => createHmac('sha256', secret).update(body).digest('hex');

async function addRazorpay(tenantId: string, a: (typeof ACCOUNTS)['a']) {
  const view = await savePaymentAccount({
    db: t.db,
    scope: tenantScope(tenantId),
    keyring,
    input: {
      label: 'Main Razorpay',
      environment: 'sandbox',
      credentials: {
        provider: 'RAZORPAY',
        publicId: a.keyId,
        secrets: { keySecret: a.keySecret, webhookSecret: a.webhookSecret },
      },
    },
  });
  return view.id;
}

function makeRegistry(ring: CredentialKeyring) {
  return createGatewayRegistry({
    keyring: ring,
    platform: {},
    test: createTestGateway({ secret: 'test-gateway-secret-for-this-file' }),
    environment: 'sandbox',
    endpoints: { razorpay: server.url },
  });
}

beforeAll(async () => {
  t = await createTestDatabase({ max: 4 });
  server = await startLocalServer(razorpay);
  keyring = parseCredentialKeys(K1);
  registry = makeRegistry(keyring);
  deps = { db: t.db, payments: paymentsPort({ registry }) } as unknown as DriverDeps;
  for (const k of Object.keys(tenants) as (keyof typeof tenants)[]) tenants[k] = (await aTenant(t.db)).id;
  await t.db.tenant.updateMany({
    where: { id: { in: [tenants.a, tenants.b, tenants.noAccount] } },
    data: { paymentsMode: 'OWN_ACCOUNTS' },
  });
  await t.db.tenant.update({ where: { id: tenants.test }, data: { paymentsMode: 'TEST_MODE' } });
  accountIds.a = await addRazorpay(tenants.a, ACCOUNTS.a);
  accountIds.b = await addRazorpay(tenants.b, ACCOUNTS.b);
}, 60_000);

afterAll(async () => {
  await server?.close();
  await t?.drop();
});

const order = (tenantId: string) =>
  deps.payments.createPayment({
    db: t.db,
    tenantId,
    amountMinor: 20000,
    currency: 'INR',
    email: null,
    chargerId: randomUUID(),
    evseId: 1,
    returnUrl: 'https://charge.example.in/s/x',
    description: 'Charging',
  });

describe('each operator’s own gateway account', () => {
  it('orders and refunds go out with the account of the tenant that took the payment', async () => {
    const pa = await order(tenants.a);
    const pb = await order(tenants.b);
    const orders = server.requests.filter((r) => r.method === 'POST' && r.path === '/v1/orders');
    expect(orders.map(caller)).toEqual([ACCOUNTS.a.keyId, ACCOUNTS.b.keyId]);
    expect(pa.checkout).toMatchObject({ kind: 'razorpay-checkout', options: { key: ACCOUNTS.a.keyId } });
    expect(pb.checkout).toMatchObject({ kind: 'razorpay-checkout', options: { key: ACCOUNTS.b.keyId } });
    const rows = await t.db.payment.findMany({ where: { id: { in: [pa.paymentId, pb.paymentId] } } });
    expect(Object.fromEntries(rows.map((p) => [p.tenantId, p.paymentAccountId]))).toEqual({
      [tenants.a]: accountIds.a,
      [tenants.b]: accountIds.b,
    });

    // Captured through each account's own webhook, then refunded: the refund uses the same keys.
    for (const [key, p, tenantId] of [
      ['a', pa, tenants.a],
      ['b', pb, tenants.b],
    ] as const) {
      const body = capturedEvent(p.providerOrderId, `pay_${key}${randomUUID().slice(0, 6)}`, 20000);
      const r = await handlePaymentWebhook(deps, {
        tenantId,
        provider: 'RAZORPAY',
        accountId: accountIds[key],
        rawBody: body,
        headers: {
          'x-razorpay-signature': sign(ACCOUNTS[key].webhookSecret, body),
          'x-razorpay-event-id': `evt_${randomUUID()}`,
        },
      });
      expect(r.status).toBe(200);
    }
    server.requests.length = 0;
    await deps.payments.refundUnused({ db: t.db, tenantId: tenants.b, paymentId: pb.paymentId, reason: 'unused' });
    await deps.payments.refundUnused({ db: t.db, tenantId: tenants.a, paymentId: pa.paymentId, reason: 'unused' });
    const refunds = server.requests.filter((r) => r.path.endsWith('/refund'));
    expect(refunds.map(caller)).toEqual([ACCOUNTS.b.keyId, ACCOUNTS.a.keyId]);
  });

  it('a webhook verifies only with the secret of the account its URL names, of the host’s tenant', async () => {
    const p = await order(tenants.a);
    const body = capturedEvent(p.providerOrderId, 'pay_cross1', 20000);
    const headers = (secret: string) => ({
      'x-razorpay-signature': sign(secret, body),
      'x-razorpay-event-id': `evt_${randomUUID()}`,
    });
    const call = (tenantId: string, accountId: string, secret: string) =>
      handlePaymentWebhook(deps, {
        tenantId,
        provider: 'RAZORPAY',
        accountId,
        rawBody: body,
        headers: headers(secret),
      });

    // B's secret on A's account; A's event sent to B's account; A's account id under B's host.
    expect((await call(tenants.a, accountIds.a, ACCOUNTS.b.webhookSecret)).status).toBe(401);
    expect((await call(tenants.b, accountIds.b, ACCOUNTS.a.webhookSecret)).status).toBe(401);
    expect((await call(tenants.b, accountIds.a, ACCOUNTS.a.webhookSecret)).status).toBe(404);
    expect((await t.db.payment.findUniqueOrThrow({ where: { id: p.paymentId } })).status).toBe('CREATED');
    // No account in the URL and no platform account: nothing verifies it.
    const platform = await handlePaymentWebhook(deps, {
      tenantId: tenants.a,
      provider: 'RAZORPAY',
      rawBody: body,
      headers: headers(ACCOUNTS.a.webhookSecret),
    });
    expect(platform.status).toBe(404);

    expect((await call(tenants.a, accountIds.a, ACCOUNTS.a.webhookSecret)).status).toBe(200);
    expect((await t.db.payment.findUniqueOrThrow({ where: { id: p.paymentId } })).status).toBe('CAPTURED');
  });

  it('an operator’s own secret never moves a payment the platform’s account took', async () => {
    const platformPayment = await t.db.payment.create({
      data: { tenantId: tenants.a, provider: 'RAZORPAY', amountMinor: 20000, providerOrderId: 'order_platform_1' },
    });
    const body = capturedEvent('order_platform_1', 'pay_forged1', 20000);
    const r = await handlePaymentWebhook(deps, {
      tenantId: tenants.a,
      provider: 'RAZORPAY',
      accountId: accountIds.a,
      rawBody: body,
      headers: {
        'x-razorpay-signature': sign(ACCOUNTS.a.webhookSecret, body),
        'x-razorpay-event-id': `evt_${randomUUID()}`,
      },
    });
    expect(r.status).toBe(200);
    expect(r.paymentIds).toEqual([]);
    const after = await t.db.payment.findUniqueOrThrow({ where: { id: platformPayment.id } });
    expect([after.status, after.capturedMinor]).toEqual(['CREATED', 0]);
  });

  it('stores the secrets sealed, shows only their last four characters, and survives a key rotation', async () => {
    const row = await t.db.paymentAccount.findUniqueOrThrow({ where: { id: accountIds.a } });
    const stored = JSON.stringify(row);
    for (const secret of [ACCOUNTS.a.keySecret, ACCOUNTS.a.webhookSecret]) expect(stored).not.toContain(secret);
    expect(row.kekId).toBe('k1');
    const { accounts } = await listPaymentAccounts({ db: t.db, scope: tenantScope(tenants.a) });
    expect(accounts).toEqual([
      expect.objectContaining({
        publicId: ACCOUNTS.a.keyId,
        secretHint: '•••• 7a7a',
        keyId: 'k1',
        isDefault: true,
        webhookPath: `/api/payments/razorpay/webhook/${accountIds.a}`,
      }),
    ]);
    expect(JSON.stringify(accounts)).not.toContain(ACCOUNTS.a.keySecret);

    const rotated = parseCredentialKeys(`${K2},${K1}`);
    expect(await rewrapPaymentAccounts({ db: t.db, keyring: rotated })).toEqual({ rewrapped: 2 });
    expect(await rewrapPaymentAccounts({ db: t.db, keyring: rotated })).toEqual({ rewrapped: 0 });
    const after = await t.db.paymentAccount.findUniqueOrThrow({ where: { id: accountIds.a } });
    expect(after.kekId).toBe('k2');
    expect(JSON.stringify(after.sealed)).not.toContain(ACCOUNTS.a.keySecret);

    // The process restarts with both keys; with the old key gone too, the account still works.
    registry = makeRegistry(rotated);
    deps = { db: t.db, payments: paymentsPort({ registry }) } as unknown as DriverDeps;
    // With the old key gone, the account still takes payments with its own keys.
    const onlyK2 = makeRegistry(parseCredentialKeys(K2));
    const gw = await onlyK2.forTenant({ db: t.db, tenantId: tenants.a });
    expect(gw.ok).toBe(true);
    server.requests.length = 0;
    if (gw.ok) await gw.gateway.checkConnection();
    expect(server.requests.map(caller)).toEqual([ACCOUNTS.a.keyId]);
  });

  it('test connection reports success, and a clear failure when the gateway refuses the keys', async () => {
    const ok = await testPaymentAccount({
      db: t.db,
      scope: tenantScope(tenants.a),
      registry,
      input: { accountId: accountIds.a },
    });
    expect(ok).toEqual({ ok: true, message: 'Connected: the gateway accepted these keys.' });
    expect(server.requests.at(-1)).toMatchObject({ method: 'GET', path: '/v1/orders' });
    expect(server.requests.at(-1)?.query.get('count')).toBe('1');

    const wrong = await savePaymentAccount({
      db: t.db,
      scope: tenantScope(tenants.b),
      keyring: parseCredentialKeys(`${K2},${K1}`),
      input: {
        label: 'Typo',
        environment: 'sandbox',
        credentials: {
          provider: 'RAZORPAY',
          publicId: ACCOUNTS.b.keyId,
          secrets: { keySecret: 'not-the-secret', webhookSecret: 'w' },
        },
      },
    });
    const rotatedRegistry = makeRegistry(parseCredentialKeys(`${K2},${K1}`));
    const failed = await testPaymentAccount({
      db: t.db,
      scope: tenantScope(tenants.b),
      registry: rotatedRegistry,
      input: { accountId: wrong.id },
    });
    expect(failed.ok).toBe(false);
    expect(failed.message).toMatch(/refused these keys \(401\)/);
    const { accounts } = await listPaymentAccounts({ db: t.db, scope: tenantScope(tenants.b) });
    expect(accounts.find((a) => a.id === wrong.id)).toMatchObject({ lastTestOk: false, isDefault: false });

    // Another tenant cannot test (or see) B's account.
    await expect(
      testPaymentAccount({ db: t.db, scope: tenantScope(tenants.a), registry, input: { accountId: wrong.id } }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('the chosen default is the account drivers pay through, a site’s own default first', async () => {
    const ring = parseCredentialKeys(`${K2},${K1}`);
    const second = await savePaymentAccount({
      db: t.db,
      scope: tenantScope(tenants.a),
      keyring: ring,
      input: {
        label: 'Second',
        environment: 'sandbox',
        credentials: {
          provider: 'RAZORPAY',
          publicId: ACCOUNTS.b.keyId,
          secrets: { keySecret: ACCOUNTS.b.keySecret, webhookSecret: 'x' },
        },
      },
    });
    const reg = makeRegistry(ring);
    const paysThrough = async (chargerId?: string) => {
      const r = await reg.forTenant({ db: t.db, tenantId: tenants.a, chargerId });
      return r.ok ? r.paymentAccountId : null;
    };
    expect(await paysThrough()).toBe(accountIds.a);
    await setDefaultPaymentAccount({ db: t.db, scope: tenantScope(tenants.a), input: { accountId: second.id } });
    expect(await paysThrough()).toBe(second.id);
    await setDefaultPaymentAccount({ db: t.db, scope: tenantScope(tenants.a), input: { accountId: accountIds.a } });
    expect(await paysThrough()).toBe(accountIds.a);

    // One site collects into the second account; chargers elsewhere keep the tenant's default.
    const site = await t.db.site.create({
      data: { tenantId: tenants.a, name: 'Mall', address: '1 MG Rd', city: 'Pune', state: 'MH' },
    });
    const atSite = await t.db.charger.create({ data: { tenantId: tenants.a, siteId: site.id, identity: 'SITE-1' } });
    const elsewhere = await t.db.charger.create({ data: { tenantId: tenants.a, identity: 'LONE-1' } });
    await setDefaultPaymentAccount({
      db: t.db,
      scope: tenantScope(tenants.a),
      input: { accountId: second.id, siteId: site.id },
    });
    expect(await paysThrough(atSite.id)).toBe(second.id);
    expect(await paysThrough(elsewhere.id)).toBe(accountIds.a);
    expect(await paysThrough()).toBe(accountIds.a);
    // Another tenant's site cannot be named.
    await expect(
      setDefaultPaymentAccount({
        db: t.db,
        scope: tenantScope(tenants.b),
        input: { accountId: accountIds.b, siteId: site.id },
      }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('no test gateway outside test mode', () => {
  it.each([
    ['payments not set up (NONE)', 'none'],
    ['own accounts chosen, none added', 'noAccount'],
  ] as const)('%s: the driver is told payments are not set up and no payment is made', async (_, key) => {
    const resolved = await deps.payments.providerFor({ db: t.db, tenantId: tenants[key] });
    expect(resolved.ok).toBe(false);
    const err = await order(tenants[key]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: 'CONFLICT', message: PAYMENTS_NOT_SET_UP });
    expect(await t.db.payment.count({ where: { tenantId: tenants[key] } })).toBe(0);
  });

  it('a tenant an admin put in test mode pays through the offline gateway, flagged as test mode', async () => {
    const r = await deps.payments.providerFor({ db: t.db, tenantId: tenants.test });
    expect(r).toMatchObject({ ok: true, testMode: true, paymentAccountId: null });
    expect(r.ok && r.gateway.name).toBe('TEST');
    const own = await deps.payments.providerFor({ db: t.db, tenantId: tenants.a });
    expect(own.ok && own.gateway.name).toBe('RAZORPAY');
  });
});
