import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@magma/db/testing';
import { AppError } from '../errors/app-error.ts';
import { demoFleet, minutes, type DemoFleet } from '../fleet/test-builders.ts';
import { tenantScope, vendorScope, type Scope } from '../tenancy/scope.ts';
import { getFaultSubscription, setFaultSubscription } from './fault-subscription.ts';
import { sendFaultEmails, type FaultMail } from './send-fault-emails.ts';

let t: TestDatabase;
let fleet: DemoFleet;
let admin: Scope;
let vendorUser: Scope;
let staff: Scope;
type Charger = DemoFleet['chargers'][number];
let sunrise: Charger;
let highway: Charger;
let highwayOther: Charger;
const t0 = Date.now() + minutes(1);
const at = (m: number) => new Date(t0 + minutes(m));

function capture() {
  const sent: FaultMail[] = [];
  return { sent, mail: { send: async (m: FaultMail) => void sent.push(m) } };
}
const emailFor = (sent: FaultMail[], to: string) => sent.filter((m) => m.to === to);
const fault = (c: Charger, code: string, startedAt: Date, evseId: number | null = 1) =>
  t.db.fault.create({
    data: {
      tenantId: fleet.tenantId,
      chargerId: c.id,
      vendorId: c.vendorId,
      evseId,
      kind: 'CONNECTOR_ERROR',
      code,
      startedAt,
    },
  });

beforeAll(async () => {
  t = await createTestDatabase();
  fleet = await demoFleet(t.db);
  admin = fleet.operator;
  const vendorMember = await t.db.membership.findFirstOrThrow({
    where: { tenantId: fleet.tenantId, user: { email: 'vendor@demo.test' } },
  });
  vendorUser = vendorScope(fleet.tenantId, vendorMember.vendorId!, vendorMember.userId);
  const staffUser = await t.db.user.create({ data: { email: 'staff-faults@demo.test' } });
  await t.db.membership.create({ data: { tenantId: fleet.tenantId, userId: staffUser.id, role: 'OPERATOR_STAFF' } });
  staff = tenantScope(fleet.tenantId, 'OPERATOR_STAFF', staffUser.id);
  const bySite = (vendorId: string | null) => fleet.chargers.filter((c) => c.vendorId === vendorId && c.siteId);
  sunrise = bySite(vendorMember.vendorId)[0]!;
  highway = bySite(fleet.highway.vendorId)[0]!;
  highwayOther = fleet.chargers.find(
    (c) => c.siteId && c.siteId !== highway.siteId && c.vendorId !== vendorMember.vendorId,
  )!;
});
afterAll(async () => t.drop());

describe('fault email subscriptions', () => {
  it('keeps each member’s choice: all sites, or sites in their own scope only', async () => {
    expect(await getFaultSubscription({ db: t.db, scope: admin })).toEqual({
      enabled: false,
      allSites: true,
      siteIds: [],
    });
    await setFaultSubscription({ db: t.db, scope: admin, input: { enabled: true, allSites: true } });
    await setFaultSubscription({ db: t.db, scope: vendorUser, input: { enabled: true, allSites: true } });
    // A vendor user cannot follow another vendor's site; nothing is saved.
    await expect(
      setFaultSubscription({
        db: t.db,
        scope: vendorUser,
        input: { enabled: true, allSites: false, siteIds: [highway.siteId!] },
      }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await getFaultSubscription({ db: t.db, scope: vendorUser })).toEqual({
      enabled: true,
      allSites: true,
      siteIds: [],
    });
    await expect(
      setFaultSubscription({ db: t.db, scope: staff, input: { enabled: true, allSites: false, siteIds: [] } }),
    ).rejects.toBeInstanceOf(AppError);
    const s = await setFaultSubscription({
      db: t.db,
      scope: staff,
      input: { enabled: true, allSites: false, siteIds: [highway.siteId!] },
    });
    expect(s).toEqual({ enabled: true, allSites: false, siteIds: [highway.siteId] });
    // An API client acts for no one and has no mailbox.
    await expect(
      setFaultSubscription({
        db: t.db,
        scope: { ...admin, userId: null, clientId: 'mgc_x' },
        input: { enabled: true },
      }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('emails each subscriber the faults of their scope and sites, once', async () => {
    await fault(sunrise, 'GroundFailure', at(0));
    await fault(highway, 'OverCurrentFailure', at(0));
    await fault(highwayOther, 'HighTemperature', at(0), null);
    const { sent, mail } = capture();
    const r = await sendFaultEmails({ db: t.db, mail, now: at(1) });
    expect(r.emails).toBe(3);
    const [toAdmin] = emailFor(sent, 'admin@demo.test');
    expect(toAdmin!.items.map((i) => i.charger).sort()).toEqual(
      [sunrise.identity, highway.identity, highwayOther.identity].sort(),
    );
    expect(toAdmin!.timeZone).toBe('Asia/Kolkata');
    const [toVendor] = emailFor(sent, 'vendor@demo.test');
    expect(toVendor!.items.map((i) => [i.charger, i.evseId, i.codes])).toEqual([
      [sunrise.identity, 1, ['GroundFailure']],
    ]);
    const [toStaff] = emailFor(sent, 'staff-faults@demo.test');
    expect(toStaff!.items.map((i) => i.charger)).toEqual([highway.identity]);
    // Nothing new: nothing sent again.
    const again = capture();
    expect((await sendFaultEmails({ db: t.db, mail: again.mail, now: at(2) })).emails).toBe(0);
  });

  it('holds a flapping connector for 15 minutes and then sends one digest of everything since', async () => {
    for (let i = 0; i < 6; i++) await fault(sunrise, i % 2 ? 'GroundFailure' : 'OverVoltage', at(2 + i / 10));
    const early = capture();
    const held = await sendFaultEmails({ db: t.db, mail: early.mail, now: at(3) });
    expect(held.emails).toBe(0);
    expect(held.held).toBe(12); // six faults for the admin and six for the vendor user
    const late = capture();
    await sendFaultEmails({ db: t.db, mail: late.mail, now: at(16) });
    const [digest] = emailFor(late.sent, 'vendor@demo.test');
    expect(digest!.items).toHaveLength(1);
    expect(digest!.items[0]).toMatchObject({ charger: sunrise.identity, count: 6, open: true });
    expect(digest!.items[0]!.codes.sort()).toEqual(['GroundFailure', 'OverVoltage']);
    expect(emailFor(late.sent, 'admin@demo.test')).toHaveLength(1);
    expect(emailFor(late.sent, 'staff-faults@demo.test')).toHaveLength(0);
  });

  it('forgets what a failed send recorded, so the next run sends it; a member removed hears nothing', async () => {
    await fault(highway, 'PowerSwitchFailure', at(40), null);
    const failing = { send: async () => Promise.reject(new Error('mail server down')) };
    const errors: string[] = [];
    const r = await sendFaultEmails({ db: t.db, mail: failing, now: at(41), onError: (_e, what) => errors.push(what) });
    expect(r.failed).toBe(2);
    expect(errors.join()).toContain('admin@demo.test');
    await t.db.membership.deleteMany({ where: { userId: staff.userId! } });
    const retry = capture();
    await sendFaultEmails({ db: t.db, mail: retry.mail, now: at(42) });
    expect(retry.sent.map((m) => m.to)).toEqual(['admin@demo.test']);
    expect(retry.sent[0]!.items[0]).toMatchObject({
      charger: highway.identity,
      evseId: null,
      codes: ['PowerSwitchFailure'],
    });
  });

  it('stops when the member turns the emails off', async () => {
    await setFaultSubscription({ db: t.db, scope: admin, input: { enabled: false } });
    await fault(sunrise, 'GroundFailure', at(60));
    const { sent, mail } = capture();
    await sendFaultEmails({ db: t.db, mail, now: at(61) });
    expect(sent.map((m) => m.to)).toEqual(['vendor@demo.test']);
  });
});
