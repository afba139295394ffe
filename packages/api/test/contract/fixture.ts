import { randomUUID } from 'node:crypto';
import type { Db } from '@magma/db';
import {
  API_SCOPES,
  createApiClient,
  issueClientToken,
  oauthKeyring,
  verifyAccessToken,
  type ApiScope,
} from '@magma/core/oauth';
import { tenantScope } from '@magma/core/tenancy';
import { createTenantResolver } from '../../src/core.ts';
import { createRestHandler, createRestRateLimiter } from '../../src/openapi/index.ts';
import { aSite, aUser, aVendor, hostOf, PLATFORM_DOMAIN, testServices } from '../builders.ts';
import { idleBus } from '../isolation/world.ts';
import { buildWorld } from '../isolation/world.ts';
import { ledgerRows } from '../isolation/ledger-fixture.ts';

// One seeded tenant pair for the REST contract test: the isolation suite's world (tenant A with
// vendors A-One and A-Two, tenant B), its ledger rows, and a row of every other kind a route names,
// in A (what A's callers use) and in B (what they must never reach). Tokens are minted once.

const keyring = oauthKeyring({ fallbackSecret: 'rest-contract-fixture-secret-0123456789abcdef' });

async function clientToken(
  db: Db,
  tenantId: string,
  role: 'OPERATOR_ADMIN' | 'OPERATOR_STAFF' | 'VENDOR_USER',
  scopes: readonly ApiScope[],
  vendorId: string | null = null,
  now = new Date(),
) {
  const { client, clientSecret } = await createApiClient({
    db,
    scope: tenantScope(tenantId),
    input: { name: `${role} contract client`, role, vendorId, scopes: [...scopes] },
  });
  const res = await issueClientToken({
    db,
    keyring,
    issuer: 'https://api.test',
    tenantId,
    credentials: { clientId: client.clientId, clientSecret },
    grantType: 'client_credentials',
    scope: undefined,
    address: '127.0.0.1',
    now,
  });
  return res.access_token;
}

export async function buildContractFixture(db: Db) {
  const w = await buildWorld(db);
  const ledger = await ledgerRows(w, db);
  const services = { ...testServices(), bus: idleBus, commandTimeoutMs: 100 };
  const handle = createRestHandler({
    db,
    resolver: createTenantResolver({ db, platformDomain: PLATFORM_DOMAIN, ttlMs: 0, missTtlMs: 0 }),
    platformDomain: PLATFORM_DOMAIN,
    services,
    rateLimiter: createRestRateLimiter({ kind: 'memory' }, { points: 1_000_000, durationSec: 60 }),
    verifyToken: (token) => verifyAccessToken({ db, token }),
    tokenUrl: (origin) => `${origin}/api/oauth/token`,
  });

  const all = API_SCOPES;
  const [admin, staff, vendor, otherTenant, readOnly, sitesOnly, auditOnly, expired] = await Promise.all([
    clientToken(db, w.A.id, 'OPERATOR_ADMIN', all),
    clientToken(db, w.A.id, 'OPERATOR_STAFF', all),
    clientToken(db, w.A.id, 'VENDOR_USER', all, w.a1.id),
    clientToken(db, w.B.id, 'OPERATOR_ADMIN', all),
    // Wrong scope: a write route with every read scope; a read route with another resource's only.
    clientToken(
      db,
      w.A.id,
      'OPERATOR_ADMIN',
      all.filter((s) => s.endsWith(':read')),
    ),
    clientToken(db, w.A.id, 'OPERATOR_ADMIN', ['sites:read']),
    clientToken(db, w.A.id, 'OPERATOR_ADMIN', ['audit:read']),
    clientToken(db, w.A.id, 'OPERATOR_ADMIN', all, null, new Date(Date.now() - 3 * 3_600_000)),
  ]);
  const tokens = { admin, staff, vendor, otherTenant, readOnly, sitesOnly, auditOnly, expired };

  async function call(
    method: string,
    path: string,
    opts: { token?: string; host?: string; body?: unknown } = {},
  ): Promise<{ status: number; contentType: string | null; headers: Headers; body: unknown }> {
    const host = opts.host ?? hostOf(w.A);
    const headers: Record<string, string> = { host };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    if (opts.body !== undefined) headers['content-type'] = 'application/json';
    const req = new Request(`https://${host}/api/v1${path}`, {
      method,
      headers,
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    });
    const res = await handle(req, { host, origin: `https://${host}` });
    const text = await res.text();
    return {
      status: res.status,
      contentType: res.headers.get('content-type'),
      headers: res.headers,
      body: text ? (JSON.parse(text) as unknown) : null,
    };
  }

  /** A row made through the API itself, as tenant A's admin. */
  async function made<T>(method: string, path: string, body: unknown): Promise<T> {
    const r = await call(method, path, { token: admin, body });
    if (r.status !== 200) throw new Error(`fixture ${method} ${path}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body as T;
  }

  const hook = (name: string) => ({ url: `https://hooks.${name}.example/in`, eventTypes: ['session.started'] });
  const [webhook, webhookToDelete] = [
    await made<{ endpoint: { id: string } }>('POST', '/webhooks', hook('alpha')),
    await made<{ endpoint: { id: string } }>('POST', '/webhooks', hook('alpha-gone')),
  ];
  const webhookTest = await made<{ deliveryId: string }>('POST', `/webhooks/${webhook.endpoint.id}/test`, {});
  const apiClient = await made<{ client: { id: string } }>('POST', '/api-clients', {
    name: 'Fixture client',
    role: 'OPERATOR_STAFF',
    scopes: ['chargers:read'],
  });
  const account = (label: string) => ({
    label,
    environment: 'sandbox',
    credentials: {
      provider: 'RAZORPAY',
      publicId: `rzp_test_${label}`,
      secrets: { keySecret: 'contract-secret-0001', webhookSecret: 'contract-webhook-0001' },
    },
  });
  const paymentAccount = await made<{ id: string }>('POST', '/payment-accounts', account('contractA'));
  const paymentAccountToDelete = await made<{ id: string }>('POST', '/payment-accounts', account('contractGone'));
  const domainToDelete = await made<{ id: string }>('POST', '/tenant/domains', { host: `gone.${w.A.slug}.example` });
  const tariff = await made<{ tariffId: string }>('POST', '/tariffs', {
    name: 'Contract tariff',
    definition: { elements: [{ components: [{ dimension: 'ENERGY', priceMinor: 1800 }] }] },
  });
  const card = `CONTRACT${randomUUID().slice(0, 8).toUpperCase()}`;
  const idToken = await made<{ id: string }>('POST', '/id-tokens', { token: card });
  const pin = await made<{ holder: { id: string } }>('POST', '/pins', { label: 'Contract driver' });
  await made('PUT', '/exports/destination', {
    endpointUrl: 'https://s3.alpha.invalid',
    region: 'auto',
    bucket: 'alpha-warehouse',
    accessKeyId: 'AKIAALPHA',
    secretAccessKey: 'alpha-secret-access-key-0001',
  });
  const exportRun = await made<{ id: string }>('POST', '/exports/runs', {});
  const circuit = (name: string) =>
    made<{ id: string }>('POST', `/sites/${w.sa1.id}/circuits`, { name, maxCurrentA: 100 });
  const [circuitA, circuitToDelete] = [await circuit('Contract main'), await circuit('Contract gone')];
  const gridOperator = (groupId: string) =>
    made<{ id: string }>('PUT', `/sites/${w.sa1.id}/grid-operators`, {
      name: `Contract DSO ${groupId}`,
      version: '2.0',
      baseUrl: 'https://cp.alpha.invalid/oscp/2.0',
      groupId,
      token: 'alpha-grid-operator-token-0001',
    });
  const [gridOperatorA, gridOperatorToDelete] = [await gridOperator('EAN-1'), await gridOperator('EAN-2')];
  const vendorToDelete = await aVendor(db, w.A.id, 'Contract vendor to delete');
  const siteToArchive = await aSite(db, w.A.id, w.a1.id, 'Contract site to archive');
  const memberToRemove = await aUser(db, { tenantId: w.A.id, role: 'OPERATOR_STAFF' });
  const membership = await db.membership.findFirstOrThrow({ where: { userId: memberToRemove.id } });

  const fault = (c: { id: string; tenantId: string; vendorId: string | null }) =>
    db.fault.create({
      data: {
        tenantId: c.tenantId,
        chargerId: c.id,
        vendorId: c.vendorId,
        evseId: 1,
        connectorId: 1,
        kind: 'CONNECTOR_ERROR',
        code: 'GroundFailure',
        startedAt: new Date(),
      },
    });
  const session = (c: { id: string; tenantId: string; vendorId: string | null; siteId: string | null }) =>
    db.transaction.create({
      data: {
        tenantId: c.tenantId,
        chargerId: c.id,
        vendorId: c.vendorId,
        siteId: c.siteId,
        evseId: 1,
        ocppTransactionId: randomUUID(),
        startedAt: new Date(),
        energyWh: 1000,
      },
    });
  const reservation = (c: { id: string; tenantId: string }) =>
    db.reservation.create({
      data: {
        tenantId: c.tenantId,
        chargerId: c.id,
        evseId: 1,
        idTag: `RES${randomUUID().slice(0, 6)}`,
        expiresAt: new Date(Date.now() + 3_600_000),
        status: 'ACTIVE',
      },
    });
  // The world's chargers speak 1.6; the 2.0.1-only routes (device model, monitoring) need one of tenant A's.
  const charger201 = await db.charger.create({
    data: {
      tenantId: w.A.id,
      siteId: w.sa1.id,
      vendorId: w.sa1.vendorId,
      identity: `CP201-${randomUUID()}`,
      protocol: 'OCPP201',
    },
  });
  const [faultA1, faultA2, faultB] = await Promise.all([fault(w.ca1), fault(w.ca2), fault(w.cb1)]);
  const [sessionA1, sessionA2, sessionB] = await Promise.all([session(w.ca1), session(w.ca2), session(w.cb1)]);
  const [reservationA, reservationB] = await Promise.all([reservation(w.ca1), reservation(w.cb1)]);
  const statementA1 = await db.settlementStatement.findFirstOrThrow({
    where: { weekId: ledger.weekA.id, vendorId: w.a1.id },
  });
  const statementA2 = await db.settlementStatement.findFirstOrThrow({
    where: { weekId: ledger.weekA.id, vendorId: w.a2.id },
  });
  const statementB = await db.settlementStatement.findFirstOrThrow({ where: { weekId: ledger.weekB.id } });

  /** Ids tenant A's callers must never see (tenant B's rows). */
  const tenantBIds = [w.B.id, w.b1.id, w.sb1.id, w.cb1.id, w.adminB.id, faultB.id, sessionB.id, reservationB.id];
  tenantBIds.push(ledger.weekB.id, ledger.runB, ledger.payouts[w.b1.id]!, statementB.id, w.domainB.id);
  /** Ids vendor A-One's client must never see besides those (vendor A-Two's rows). */
  const vendorA2Ids = [w.a2.id, w.sa2.id, w.ca2.id, faultA2.id, sessionA2.id, ledger.payouts[w.a2.id]!];
  vendorA2Ids.push(statementA2.id);

  return {
    w,
    ledger,
    call,
    tokens,
    rows: {
      exportRun: exportRun.id,
      circuit: circuitA.id,
      circuitToDelete: circuitToDelete.id,
      gridOperator: gridOperatorA.id,
      gridOperatorToDelete: gridOperatorToDelete.id,
      webhook: webhook.endpoint.id,
      webhookToDelete: webhookToDelete.endpoint.id,
      webhookDelivery: webhookTest.deliveryId,
      apiClient: apiClient.client.id,
      paymentAccount: paymentAccount.id,
      paymentAccountToDelete: paymentAccountToDelete.id,
      domainToDelete: domainToDelete.id,
      tariff: tariff.tariffId,
      idToken: idToken.id,
      card,
      pin: pin.holder.id,
      vendorToDelete: vendorToDelete.id,
      siteToArchive: siteToArchive.id,
      membershipToRemove: membership.id,
      faultA1: faultA1.id,
      faultA2: faultA2.id,
      faultB: faultB.id,
      sessionA1: sessionA1.id,
      sessionA2: sessionA2.id,
      sessionB: sessionB.id,
      reservationA: reservationA.id,
      reservationB: reservationB.id,
      statementA1: statementA1.id,
      statementA2: statementA2.id,
      statementB: statementB.id,
      charger201: charger201.id,
    },
    tenantBIds,
    vendorA2Ids,
  };
}

export type ContractFixture = Awaited<ReturnType<typeof buildContractFixture>>;
