import { randomBytes } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '@magma/db/testing';
import { parseCredentialKeys, type CredentialKeyring } from '@magma/payments';
import { startLocalServer, type LocalServer, type RecordedRequest, type Reply } from '@magma/payments/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paymentsPort } from '../../driver/wiring/payments.ts';
import { tenantScope } from '../../tenancy/scope.ts';
import { aTenant } from '../payments.fixtures.ts';
import { createGatewayRegistry, type GatewayRegistry } from './gateway-registry.ts';
import { testPaymentAccount } from './manage-payment-accounts.ts';
import { savePaymentAccount } from './save-payment-account.ts';

// PhonePe PG v2 and Juspay as gateways drivers pay through, each tenant with its own account, on
// one local server answering with each gateway's documented shapes: PhonePe's OAuth token
// (client_credentials) and Standard Checkout pay; Juspay's session and order status with HTTP
// Basic (API key) and x-merchantid. Test connection: a token for PhonePe, an authenticated order
// status for Juspay ("not found" proves the key), and a clear failure for wrong keys.

const PHONEPE = { clientId: 'PP_TENANT_A', clientSecret: 'pp-secret-of-a-3x7q', clientVersion: '1' };
const JUSPAY = { merchantId: 'jp_tenant_b', apiKey: 'JPKEY-OF-B-0000-9w4e' };

function route(r: RecordedRequest): Reply | undefined {
  if (r.method === 'POST' && r.path === '/v1/oauth/token') {
    const f = r.form();
    const ok =
      f.get('client_id') === PHONEPE.clientId &&
      f.get('client_secret') === PHONEPE.clientSecret &&
      f.get('client_version') === PHONEPE.clientVersion &&
      f.get('grant_type') === 'client_credentials';
    if (!ok) return { status: 401, json: { code: 'UNAUTHORIZED', message: 'Client authentication failure' } };
    return {
      json: {
        access_token: `tok-${PHONEPE.clientId}`,
        token_type: 'O-Bearer',
        expires_at: Math.floor(Date.now() / 1000) + 3600,
      },
    };
  }
  if (r.method === 'POST' && r.path === '/checkout/v2/pay') {
    if (r.headers.authorization !== `O-Bearer tok-${PHONEPE.clientId}`)
      return { status: 401, json: { message: 'Unauthorized' } };
    const body = r.json() as { merchantOrderId: string };
    return {
      json: {
        orderId: `OMO${body.merchantOrderId.slice(0, 8)}`,
        state: 'PENDING',
        redirectUrl: 'https://mercury-uat.phonepe.com/transact/x',
      },
    };
  }
  const basic = `Basic ${Buffer.from(`${JUSPAY.apiKey}:`).toString('base64')}`;
  const juspayAuthed = r.headers.authorization === basic && r.headers['x-merchantid'] === JUSPAY.merchantId;
  if (r.path === '/session' || r.path.startsWith('/orders/')) {
    if (!juspayAuthed) {
      return {
        status: 401,
        json: { status: 'error', error_code: 'access_denied', error_message: 'Unauthorized access' },
      };
    }
    if (r.method === 'POST' && r.path === '/session') {
      const body = r.json() as { order_id: string };
      return {
        json: {
          status: 'NEW',
          id: `ordeh_${body.order_id}`,
          order_id: body.order_id,
          payment_links: { web: 'https://sandbox.juspay.in/pay/x' },
        },
      };
    }
    if (r.method === 'GET') {
      return {
        status: 404,
        json: { status: 'NOT_FOUND', error_code: 'object_not_found', error_message: 'Order not found' },
      };
    }
  }
  return undefined;
}

let t: TestDatabase;
let server: LocalServer;
let keyring: CredentialKeyring;
let registry: GatewayRegistry;
const tenant = { phonepe: '', juspay: '' };
const account = { phonepe: '', juspay: '', phonepeWrong: '' };

beforeAll(async () => {
  t = await createTestDatabase({ max: 4 });
  server = await startLocalServer(route);
  keyring = parseCredentialKeys(`k1:${randomBytes(32).toString('base64')}`);
  registry = createGatewayRegistry({
    keyring,
    platform: {},
    test: null,
    environment: 'sandbox',
    endpoints: { phonepe: { auth: server.url, pg: server.url }, juspay: server.url },
  });
  tenant.phonepe = (await aTenant(t.db)).id;
  tenant.juspay = (await aTenant(t.db)).id;
  await t.db.tenant.updateMany({
    where: { id: { in: Object.values(tenant) } },
    data: { paymentsMode: 'OWN_ACCOUNTS' },
  });
  const save = (tenantId: string, label: string, credentials: unknown) =>
    savePaymentAccount({
      db: t.db,
      scope: tenantScope(tenantId),
      keyring,
      input: { label, environment: 'sandbox', credentials },
    });
  account.phonepe = (
    await save(tenant.phonepe, 'PhonePe', {
      provider: 'PHONEPE',
      publicId: PHONEPE.clientId,
      secrets: {
        clientSecret: PHONEPE.clientSecret,
        clientVersion: PHONEPE.clientVersion,
        webhookUsername: 'ppuser',
        webhookPassword: 'pppass',
      },
    })
  ).id;
  account.phonepeWrong = (
    await save(tenant.phonepe, 'PhonePe typo', {
      provider: 'PHONEPE',
      publicId: PHONEPE.clientId,
      secrets: {
        clientSecret: 'not-it',
        clientVersion: PHONEPE.clientVersion,
        webhookUsername: 'ppuser',
        webhookPassword: 'pppass',
      },
    })
  ).id;
  account.juspay = (
    await save(tenant.juspay, 'Juspay', {
      provider: 'JUSPAY',
      publicId: JUSPAY.merchantId,
      secrets: {
        apiKey: JUSPAY.apiKey,
        paymentPageClientId: JUSPAY.merchantId,
        webhookUsername: 'jpuser',
        webhookPassword: 'jppass',
      },
    })
  ).id;
}, 60_000);

afterAll(async () => {
  await server?.close();
  await t?.drop();
});

describe('PhonePe and Juspay as each tenant’s own gateway', () => {
  it('drivers pay through the tenant’s PhonePe or Juspay account, with that account’s credentials', async () => {
    const port = paymentsPort({ registry });
    const input = {
      db: t.db,
      amountMinor: 25000,
      currency: 'INR',
      email: null,
      chargerId: undefined as unknown as string,
      evseId: 1,
      returnUrl: 'https://charge.example.in/s/x',
      description: 'Charging',
    };
    const pp = await port.createPayment({ ...input, tenantId: tenant.phonepe });
    const jp = await port.createPayment({ ...input, tenantId: tenant.juspay });
    expect(pp.checkout).toEqual({ kind: 'redirect', url: 'https://mercury-uat.phonepe.com/transact/x' });
    expect(jp.checkout).toEqual({ kind: 'redirect', url: 'https://sandbox.juspay.in/pay/x' });
    const rows = await t.db.payment.findMany({
      where: { id: { in: [pp.paymentId, jp.paymentId] } },
    });
    expect(Object.fromEntries(rows.map((p) => [p.provider, p.paymentAccountId]))).toEqual({
      PHONEPE: account.phonepe,
      JUSPAY: account.juspay,
    });
    const session = server.requests.find((r) => r.path === '/session');
    expect(session?.headers['x-merchantid']).toBe(JUSPAY.merchantId);
    expect(
      server.requests
        .find((r) => r.path === '/v1/oauth/token')
        ?.form()
        .get('client_id'),
    ).toBe(PHONEPE.clientId);
  });

  it('test connection: success for each, and the gateway’s refusal in words for a wrong secret', async () => {
    const run = (tenantId: string, accountId: string) =>
      testPaymentAccount({ db: t.db, scope: tenantScope(tenantId), registry, input: { accountId } });
    expect(await run(tenant.phonepe, account.phonepe)).toMatchObject({ ok: true });
    expect(await run(tenant.juspay, account.juspay)).toMatchObject({ ok: true });
    expect(server.requests.at(-1)).toMatchObject({ method: 'GET', path: '/orders/magma-connection-check' });
    const wrong = await run(tenant.phonepe, account.phonepeWrong);
    expect(wrong.ok).toBe(false);
    expect(wrong.message).toMatch(/refused these keys \(401\)/);
  });
});
