import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@magma/db/testing';
import { aTransaction, demoFleet, type DemoFleet } from '../fleet/test-builders.ts';
import { aCapturablePayment, anEvent, aTenant } from '../payments/payments.fixtures.ts';
import { payerLookupKeyOf } from '../payments/payer-identity.ts';
import { recordPaymentEvent } from '../payments/record-payment-event.ts';
import { getSessionDetail } from '../sessions/get-session-detail.ts';
import { tenantScope } from '../tenancy/scope.ts';
import { globalSearch } from './global-search.ts';

// A UPI payment's payer, from the gateway's capture notification to the header search: stored
// masked and hashed, shown masked on the session, found by the full VPA or phone in any spelling,
// within the tenant and the vendor's scope only.

let t: TestDatabase;
let fleet: DemoFleet;
let sessionId: string;
const payerLookupKey = payerLookupKeyOf('test-server-secret');

beforeAll(async () => {
  t = await createTestDatabase();
  fleet = await demoFleet(t.db);
  // A Sunrise Malls charger's session paid by UPI through Razorpay.
  const charger = fleet.chargers.find((c) => c.vendorId === fleet.sunrise.vendorId)!;
  const payment = await aCapturablePayment(t.db, { tenantId: fleet.tenantId });
  const tx = await aTransaction(t.db, fleet, {
    charger,
    startedAt: new Date('2026-12-01T10:00:00Z'),
    idTag: 'APP-9F2C',
  });
  await t.db.transaction.update({ where: { id: tx.id }, data: { paymentId: payment.id } });
  sessionId = tx.id;
  const r = await recordPaymentEvent({
    db: t.db,
    tenantId: fleet.tenantId,
    provider: 'RAZORPAY',
    payerLookupKey,
    event: anEvent({
      type: 'payment.captured',
      providerOrderId: payment.providerOrderId,
      raw: {
        event: 'payment.captured',
        payload: {
          payment: {
            entity: { id: 'pay_1', method: 'upi', vpa: 'ravi.kumar@okaxis', contact: '+919876543210', email: null },
          },
        },
      },
    }),
  });
  expect(r).toMatchObject({ outcome: 'applied', status: 'CAPTURED' });
});
afterAll(async () => t.drop());

const search = (q: string, scope = fleet.operator) =>
  globalSearch({ db: t.db, scope, input: { q }, payerLookupKey }).then((r) => r.drivers.items);

describe('the payer of a UPI session', () => {
  it('is stored masked and hashed, never in clear', async () => {
    const rows = await t.db.$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM "Payment" p WHERE row_to_json(p)::text ~* '(ravi\\.kumar|9876543210)'`;
    expect(Number(rows[0]!.n)).toBe(0);
    const detail = await getSessionDetail({ db: t.db, scope: fleet.operator, input: { sessionId } });
    expect(detail.payment).toMatchObject({ payerVpaMasked: 'ra••••@okaxis', payerPhoneMasked: '+91 ••••••3210' });
  });

  it.each(['+91 98765 43210', '09876543210', '9876543210', 'Ravi.Kumar@OKAXIS'])(
    'is found by %j from the header search, shown masked',
    async (q) => {
      expect(await search(q)).toEqual([
        expect.objectContaining({ sessionId, payer: 'ra••••@okaxis · +91 ••••••3210', email: null }),
      ]);
    },
  );

  it('is not found by part of a number or VPA (no partial matches of a hash)', async () => {
    expect(await search('43210')).toEqual([]);
    expect(await search('ravi.kumar@')).toEqual([]);
    expect(await search('9876543211')).toEqual([]);
  });

  it('is found by the vendor whose charger it was, not by another vendor or another tenant', async () => {
    expect((await search('9876543210', fleet.sunrise)).map((d) => d.sessionId)).toEqual([sessionId]);
    expect(await search('9876543210', fleet.highway)).toEqual([]);
    const other = await aTenant(t.db);
    expect(await search('9876543210', tenantScope(other.id, 'OPERATOR_ADMIN', fleet.adminId))).toEqual([]);
  });
});
