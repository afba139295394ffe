import { expect } from 'vitest';
import { callerFor, hostOf, testServices } from '../../builders.ts';
import { idleBus, rejects, type Cases } from '../world.ts';

export const cases: Cases = {
  'chargers.detail': async (w, db) => {
    expect((await w.callers.vendorA1.chargers.detail({ chargerId: w.ca1.id })).charger.id).toBe(w.ca1.id);
    await rejects(w.callers.adminA.chargers.detail({ chargerId: w.cb1.id }), ['NOT_FOUND']);
    await rejects(w.callers.vendorA1.chargers.detail({ chargerId: w.ca2.id }), ['NOT_FOUND']);
    // What the operator sent to a vendor's charger carries operator secrets: the whole card list
    // (other vendors' cards too) and configuration values such as the Basic-auth key.
    const stamp = Date.now();
    const [operatorCard, otherVendorCard] = [`OPS-CARD-${stamp}`, `A2-CARD-${stamp}`];
    const secret = `AuthKey-${stamp}`;
    await db.chargerCommand.createMany({
      data: [
        {
          tenantId: w.A.id,
          chargerId: w.ca1.id,
          action: 'SendLocalList',
          status: 'RESPONDED',
          payload: {
            listVersion: 1,
            updateType: 'Full',
            localAuthorizationList: [operatorCard, otherVendorCard].map((idTag) => ({ idTag })),
          },
          response: { status: 'Accepted' },
          respondedAt: new Date(),
        },
        {
          tenantId: w.A.id,
          chargerId: w.ca1.id,
          action: 'Reset',
          status: 'RESPONDED',
          payload: { type: 'Soft' },
          response: { status: 'Accepted' },
          respondedAt: new Date(),
        },
        {
          tenantId: w.A.id,
          chargerId: w.ca1.id,
          action: 'ChangeConfiguration',
          status: 'RESPONDED',
          payload: { key: 'AuthorizationKey', value: secret },
          response: { status: 'Accepted' },
          respondedAt: new Date(),
        },
        {
          tenantId: w.A.id,
          chargerId: w.ca1.id,
          action: 'GetConfiguration',
          status: 'RESPONDED',
          payload: {},
          response: { configurationKey: [{ key: 'AuthorizationKey', value: secret, readonly: false }] },
          respondedAt: new Date(),
        },
      ],
    });
    const vendorView = await w.callers.vendorA1.chargers.detail({ chargerId: w.ca1.id });
    const seen = JSON.stringify(vendorView);
    for (const s of [operatorCard, otherVendorCard, secret]) expect(seen).not.toContain(s);
    expect(vendorView.configuration).toBeNull();
    // The commands a vendor may send itself stay in its view of the history.
    expect(new Set(vendorView.commands.map((k) => k.action))).toEqual(new Set(['Reset']));
    const operator = JSON.stringify(await w.callers.adminA.chargers.detail({ chargerId: w.ca1.id }));
    for (const s of [operatorCard, otherVendorCard, secret]) expect(operator).toContain(s);
  },
  'chargers.action': async (w, db) => {
    const as = (userId: string) =>
      callerFor(db, { host: hostOf(w.A), userId, services: { ...testServices(), bus: idleBus } });
    const [vendor, staff, admin] = await Promise.all([as(w.vendorA1.id), as(w.staffA.id), as(w.adminA.id)]);
    const reset = { kind: 'reset' as const, hard: false };
    // A vendor user resets and works its own chargers; what runs the operator's fleet is refused
    // before anything is recorded.
    for (const action of [
      { kind: 'configure' as const, variable: 'AuthorizationKey', value: 'pwned' },
      { kind: 'updateFirmware' as const, location: 'https://evil.example/fw.bin', retrieveAt: new Date() },
      { kind: 'remoteStart' as const, idTag: 'FREE-RIDE' },
      { kind: 'sendCardList' as const },
      { kind: 'limitPower' as const, kw: 1 },
      { kind: 'getConfiguration' as const, keys: [] },
    ]) {
      await rejects(vendor.chargers.action({ chargerId: w.ca1.id, action }), ['FORBIDDEN']);
    }
    await rejects(vendor.chargers.action({ chargerId: w.ca2.id, action: reset }), ['NOT_FOUND']);
    await rejects(admin.chargers.action({ chargerId: w.cb1.id, action: reset }), ['NOT_FOUND']);
    expect(await db.chargerCommand.count({ where: { chargerId: { in: [w.ca1.id, w.ca2.id, w.cb1.id] } } })).toBe(0);
    // Its own charger: the reset is recorded and answered as offline (nothing to send to).
    expect((await vendor.chargers.action({ chargerId: w.ca1.id, action: reset })).status).toBe('OFFLINE');
    expect(await db.chargerCommand.count({ where: { chargerId: w.ca1.id, requestedById: w.vendorA1.id } })).toBe(1);
    // Operator staff run the fleet: the command is recorded and answered as offline (nothing to send to).
    expect((await staff.chargers.action({ chargerId: w.ca1.id, action: reset })).status).toBe('OFFLINE');
    expect(await db.chargerCommand.count({ where: { chargerId: w.ca1.id, requestedById: w.staffA.id } })).toBe(1);
  },
};
