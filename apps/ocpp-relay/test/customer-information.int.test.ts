import {
  eraseCustomerData,
  listCustomerInformation,
  listErasures,
  receiveCustomerInformation,
  requestCustomerInformation,
} from '@magma/core/customer-information';
import { tenantScope, vendorScope } from '@magma/core/tenancy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedCharger } from '../src/simulator/index.ts';
import { simCustomers } from '../src/simulator/customer-information.ts';
import { aCharger, lastCommand, startHarness, waitFor, type Harness } from './support.ts';

// CustomerInformation (2.0.1 N09, N10): the operator asks a charger what it holds about a customer
// and/or erases it; the NotifyCustomerInformation parts are put together by requestId and seqNo into
// the request's report. A data-erasure request for a card clears it on every charger that saw it.

describe('CustomerInformation', () => {
  let h: Harness;
  let sim201: SimulatedCharger;
  let sim16: SimulatedCharger;
  let charger201: string;
  let charger16: string;
  const card = 'CI-CARD-7';
  beforeAll(async () => {
    h = await startHarness();
    await h.db.idToken.create({ data: { tenantId: h.tenant.id, token: card } });
    const [a, b] = await Promise.all([
      aCharger(h.db, { tenantId: h.tenant.id, protocol: 'OCPP201' }),
      aCharger(h.db, { tenantId: h.tenant.id, protocol: 'OCPP16' }),
    ]);
    charger201 = a.id;
    charger16 = b.id;
    sim201 = new SimulatedCharger({ url: h.url, identity: a.identity, protocol: 'ocpp2.0.1', meterIntervalMs: 0 });
    sim16 = new SimulatedCharger({ url: h.url, identity: b.identity, protocol: 'ocpp1.6', meterIntervalMs: 0 });
    await Promise.all([sim201.start(), sim16.start()]);
    await waitFor(() => h.db.charger.count({ where: { id: { in: [a.id, b.id] }, online: true } }).then((n) => n === 2));
    // Both chargers see the card: one session each.
    await sim201.startTransaction({ evseId: 1, idTag: card });
    await sim16.startTransaction({ evseId: 1, idTag: card });
    await waitFor(() => h.db.transaction.count({ where: { idTag: card } }).then((n) => n === 2));
  });
  afterAll(async () => {
    await Promise.all([sim201?.close(), sim16?.close()]);
    await h?.stop();
  });
  const deps = () => ({ db: h.db, bus: h.bus, scope: tenantScope(h.tenant.id) });
  const report = async (requestId: number) =>
    waitFor(async () => {
      const { requests } = await listCustomerInformation({ ...deps(), input: { chargerId: charger201 } });
      const r = requests.find((x) => x.requestId === requestId);
      return r?.status === 'COMPLETE' && r;
    });

  it("gets the charger's data on a card, sent in parts and assembled by seqNo", async () => {
    await sim201.startTransaction({ evseId: 2, idTag: card });
    const r = await requestCustomerInformation({
      ...deps(),
      input: {
        chargerId: charger201,
        customer: { idToken: { idToken: card, type: 'ISO14443' } },
        report: true,
        clear: false,
      },
    });
    expect(r.answer).toBe('Accepted');
    expect(lastCommand(sim201)!.params).toMatchObject({
      requestId: r.requestId,
      report: true,
      clear: false,
      idToken: { idToken: card, type: 'ISO14443' },
    });
    const row = await report(r.requestId);
    expect(row.partCount).toBe(2);
    expect(row.data!.split('\n')).toEqual([
      expect.stringContaining(`${card}: session on EVSE 1`),
      expect.stringContaining(`${card}: session on EVSE 2`),
    ]);
    expect(simCustomers(sim201).has(card)).toBe(true);
  });

  it('parts out of order and twice over make one report', async () => {
    const charger = { tenantId: h.tenant.id, chargerId: charger201 };
    const part = (seqNo: number, data: string, tbc: boolean) => ({
      db: h.db,
      charger,
      payload: { requestId: 424242, seqNo, data, tbc, generatedAt: new Date().toISOString() },
    });
    expect(await receiveCustomerInformation(part(2, 'third', false))).toMatchObject({ status: 'RECEIVING' });
    expect(await receiveCustomerInformation(part(0, 'first', true))).toMatchObject({ status: 'RECEIVING' });
    expect(await receiveCustomerInformation(part(0, 'first', true))).toMatchObject({ duplicate: true });
    expect(await receiveCustomerInformation(part(1, 'second', true))).toMatchObject({ status: 'COMPLETE' });
    expect((await report(424242)).data).toBe('first\nsecond\nthird');
    await expect(receiveCustomerInformation({ ...part(3, 'x'.repeat(513), false) })).rejects.toThrow();
  });

  it('refuses a request naming the customer twice or not at all, a 1.6 charger, and a vendor', async () => {
    const commands = await h.db.chargerCommand.count({ where: { action: 'CustomerInformation' } });
    const ask = (input: Record<string, unknown>, scope = tenantScope(h.tenant.id)) =>
      requestCustomerInformation({
        ...deps(),
        scope,
        input: { chargerId: charger201, report: true, clear: false, ...input } as never,
      });
    await expect(ask({ customer: {} })).rejects.toThrow(/exactly one/);
    await expect(
      ask({ customer: { customerIdentifier: 'x', idToken: { idToken: card, type: 'ISO14443' } } }),
    ).rejects.toThrow(/exactly one/);
    await expect(ask({ customer: { customerIdentifier: 'x' }, report: false })).rejects.toThrow(/report|clear/);
    await expect(ask({ customer: { customerIdentifier: 'x' }, chargerId: charger16 })).rejects.toMatchObject({
      code: 'BAD_INPUT',
    });
    const vendor = await h.db.vendor.create({ data: { tenantId: h.tenant.id, name: 'Mall', legalName: 'Mall' } });
    await expect(
      ask({ customer: { customerIdentifier: 'x' } }, vendorScope(h.tenant.id, vendor.id)),
    ).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(await h.db.chargerCommand.count({ where: { action: 'CustomerInformation' } })).toBe(commands);
  });

  it('a data-erasure request clears the card on every 2.0.1 charger that saw it and lists the 1.6 one as skipped', async () => {
    const token = await h.db.idToken.findFirstOrThrow({ where: { tenantId: h.tenant.id, token: card } });
    const r = await eraseCustomerData({ ...deps(), input: { idTokenId: token.id } });
    expect(
      r.chargers.map((c) => [c.chargerId, c.outcome, c.request?.answer ?? null, c.request?.status ?? null]).sort(),
    ).toEqual(
      [
        [charger201, 'SENT', 'Accepted', 'COMPLETE'],
        [charger16, 'OCPP16', null, null],
      ].sort(),
    );
    expect(lastCommand(sim201)!.params).toMatchObject({ report: false, clear: true, idToken: { idToken: card } });
    expect(simCustomers(sim201).has(card)).toBe(false);
    const { erasures } = await listErasures({ ...deps(), input: { idTokenId: token.id } });
    expect(erasures[0]).toMatchObject({
      id: r.erasureId,
      chargerCount: 2,
      chargers: [{ chargerId: charger201, answer: 'Accepted' }],
    });
    // Asked again, the charger has nothing on the card: one empty part.
    const again = await requestCustomerInformation({
      ...deps(),
      input: {
        chargerId: charger201,
        customer: { idToken: { idToken: card, type: 'ISO14443' } },
        report: true,
        clear: false,
      },
    });
    expect((await report(again.requestId)).data).toBe('');
  });
});
