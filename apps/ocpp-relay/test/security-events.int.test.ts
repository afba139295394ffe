import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RPCClient } from 'ocpp-rpc';
import { acknowledgeFault } from '@magma/core/faults';
import { sendFaultEmails, setFaultSubscription, type FaultMail } from '@magma/core/notifications';
import { listSecurityEvents } from '@magma/core/security-events';
import { tenantScope, type Scope } from '@magma/core/tenancy';
import { aCharger, connect, startHarness, type Harness } from './support.ts';

// SecurityEventNotification from real ocpp-rpc clients of both versions (strict mode: the official
// schemas): every event stored; the threatening types open one alert per charger and type,
// which the fault emails carry to the site's subscribers; acknowledging ends it.

let h: Harness;
let admin: Scope;
let c201: Awaited<ReturnType<typeof aCharger>>;
let c16: Awaited<ReturnType<typeof aCharger>>;
let cp201: RPCClient;
let cp16: RPCClient;
const subscribedAt = new Date(Date.now() - 10 * 60_000);
const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000).toISOString();

const send = (cp: RPCClient, type: string, timestamp: string, techInfo?: string) =>
  cp.call('SecurityEventNotification', { type, timestamp, ...(techInfo ? { techInfo } : {}) });

const eventsOf = (chargerId: string) =>
  h.db.securityEvent.findMany({ where: { chargerId }, orderBy: [{ timestamp: 'asc' }, { receivedAt: 'asc' }] });
const alertsOf = (chargerId: string) =>
  h.db.fault.findMany({ where: { chargerId, kind: 'SECURITY_EVENT' }, orderBy: { startedAt: 'asc' } });
const logged = (chargerId: string, type: string) => h.db.eventLog.count({ where: { chargerId, type } });

function capture() {
  const sent: FaultMail[] = [];
  return { sent, mail: { send: async (m: FaultMail) => void sent.push(m) } };
}

beforeAll(async () => {
  h = await startHarness();
  const site = await h.db.site.create({
    data: { tenantId: h.tenant.id, name: 'Koramangala Hub', address: '80 Feet Rd', city: 'Bengaluru', state: 'KA' },
  });
  const other = await h.db.site.create({
    data: { tenantId: h.tenant.id, name: 'Airport Road', address: 'HAL', city: 'Bengaluru', state: 'KA' },
  });
  c201 = await aCharger(h.db, { tenantId: h.tenant.id, protocol: 'OCPP201' });
  c16 = await aCharger(h.db, { tenantId: h.tenant.id, protocol: 'OCPP16' });
  await h.db.charger.update({ where: { id: c201.id }, data: { siteId: site.id } });
  await h.db.charger.update({ where: { id: c16.id }, data: { siteId: other.id } });
  const user = await h.db.user.create({ data: { email: 'security@acme.test' } });
  await h.db.membership.create({ data: { tenantId: h.tenant.id, userId: user.id, role: 'OPERATOR_ADMIN' } });
  admin = tenantScope(h.tenant.id, 'OPERATOR_ADMIN', user.id);
  // The subscriber follows the 2.0.1 charger's site only.
  await setFaultSubscription({ db: h.db, scope: admin, input: { enabled: true, allSites: false, siteIds: [site.id] } });
  await h.db.faultSubscription.updateMany({ data: { createdAt: subscribedAt } });
  cp201 = await connect(h.url, c201.identity, 'ocpp2.0.1');
  cp16 = await connect(h.url, c16.identity, 'ocpp1.6');
});
afterAll(async () => {
  await cp201?.close();
  await cp16?.close();
  await h?.stop();
});

describe('SecurityEventNotification, OCPP 2.0.1', () => {
  it('stores every event; a critical one opens an alert, a repeat of its type joins it', async () => {
    expect(await send(cp201, 'TamperDetectionActivated', at(5), 'enclosure door opened')).toEqual({});
    await send(cp201, 'InvalidMessages', at(4), 'CALL with unknown action');
    await send(cp201, 'TamperDetectionActivated', at(3), 'enclosure door opened again');
    const events = await eventsOf(c201.id);
    expect(events.map((e) => [e.type, e.critical, e.techInfo])).toEqual([
      ['TamperDetectionActivated', true, 'enclosure door opened'],
      ['InvalidMessages', false, 'CALL with unknown action'],
      ['TamperDetectionActivated', true, 'enclosure door opened again'],
    ]);
    const alerts = await alertsOf(c201.id);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      code: 'TamperDetectionActivated',
      endedAt: null,
      description: 'enclosure door opened',
    });
    expect(events[0]!.faultId).toBe(alerts[0]!.id);
    expect(events[2]!.faultId).toBe(alerts[0]!.id);
    expect(events[1]!.faultId).toBeNull();
    // Webhooks: one charger.security_event per event, one charger.fault for the alert.
    expect(await logged(c201.id, 'charger.security_event')).toBe(3);
    expect(await logged(c201.id, 'charger.fault')).toBe(1);
    // The kept message log still has the messages as sent.
    expect(
      await h.db.chargerMessage.count({ where: { chargerId: c201.id, action: 'SecurityEventNotification' } }),
    ).toBe(3);
  });

  it('keeps a resent event (same type, time and techInfo) once', async () => {
    const ts = at(2);
    await send(cp201, 'InvalidTLSVersion', ts, 'TLS 1.1 offered');
    await send(cp201, 'InvalidTLSVersion', ts, 'TLS 1.1 offered');
    expect((await eventsOf(c201.id)).filter((e) => e.type === 'InvalidTLSVersion')).toHaveLength(1);
    expect((await alertsOf(c201.id)).map((a) => a.code)).toEqual(['TamperDetectionActivated', 'InvalidTLSVersion']);
  });

  it('refuses a techInfo over 255 characters (the schema) and stores nothing', async () => {
    const before = await h.db.securityEvent.count();
    await expect(send(cp201, 'InvalidMessages', at(1), 'x'.repeat(256))).rejects.toBeDefined();
    expect(await h.db.securityEvent.count()).toBe(before);
  });

  it('emails the site’s subscriber the open alerts, once', async () => {
    const first = capture();
    const r = await sendFaultEmails({ db: h.db, mail: first.mail, now: new Date() });
    expect(r.emails).toBe(1);
    expect(first.sent[0]!.to).toBe('security@acme.test');
    expect(first.sent[0]!.items).toHaveLength(1);
    expect(first.sent[0]!.items[0]).toMatchObject({ charger: c201.identity, evseId: null, count: 2, open: true });
    expect(first.sent[0]!.items[0]!.codes.sort()).toEqual(['InvalidTLSVersion', 'TamperDetectionActivated']);
    expect(first.sent[0]!.items[0]!.kinds).toEqual(['SECURITY_EVENT']);
    const again = capture();
    expect((await sendFaultEmails({ db: h.db, mail: again.mail, now: new Date() })).emails).toBe(0);
  });

  it('ends the alert when acknowledged; the next critical event of that type opens a new one', async () => {
    const [tamper] = await alertsOf(c201.id);
    await acknowledgeFault({ db: h.db, scope: admin, input: { faultId: tamper!.id } });
    const ended = await h.db.fault.findUniqueOrThrow({ where: { id: tamper!.id } });
    expect(ended.endedAt).not.toBeNull();
    expect(ended.acknowledgedById).toBe(admin.userId);
    await send(cp201, 'TamperDetectionActivated', at(0.5), 'door again');
    const open = await h.db.fault.findMany({
      where: { chargerId: c201.id, kind: 'SECURITY_EVENT', code: 'TamperDetectionActivated', endedAt: null },
    });
    expect(open).toHaveLength(1);
    expect(open[0]!.id).not.toBe(tamper!.id);
  });

  it('lists the charger’s events for the panel, newest first, filtered by critical and type', async () => {
    const all = await listSecurityEvents({ db: h.db, scope: admin, input: { chargerId: c201.id } });
    expect(all.total).toBe(5);
    expect(all.events[0]).toMatchObject({ type: 'TamperDetectionActivated', techInfo: 'door again', alertOpen: true });
    expect(all.openAlerts).toBe(2);
    expect(all.types).toContain('InvalidCsmsCertificate');
    const quiet = await listSecurityEvents({ db: h.db, scope: admin, input: { chargerId: c201.id, critical: 'no' } });
    expect(quiet.events.map((e) => e.type)).toEqual(['InvalidMessages']);
    const tls = await listSecurityEvents({
      db: h.db,
      scope: admin,
      input: { chargerId: c201.id, type: 'InvalidTLSVersion' },
    });
    expect(tls.events.map((e) => [e.type, e.alertOpen])).toEqual([['InvalidTLSVersion', true]]);
  });
});

describe('SecurityEventNotification, OCPP 1.6 security extension', () => {
  it('takes the 1.6 list: SecurityLogWasCleared opens an alert, a boot (critical, routine) does not', async () => {
    expect(await send(cp16, 'StartupOfTheDevice', at(3), 'power on')).toEqual({});
    expect(await send(cp16, 'SecurityLogWasCleared', at(2))).toEqual({});
    const events = await eventsOf(c16.id);
    expect(events.map((e) => [e.type, e.critical, e.techInfo])).toEqual([
      ['StartupOfTheDevice', true, 'power on'],
      ['SecurityLogWasCleared', true, null],
    ]);
    expect((await alertsOf(c16.id)).map((a) => [a.code, a.endedAt])).toEqual([['SecurityLogWasCleared', null]]);
    expect(await logged(c16.id, 'charger.security_event')).toBe(2);
  });

  it('mails nobody who does not follow the charger’s site', async () => {
    const { sent, mail } = capture();
    await sendFaultEmails({ db: h.db, mail, now: new Date() });
    expect(sent.flatMap((m) => m.items.map((i) => i.charger))).not.toContain(c16.identity);
  });
});
