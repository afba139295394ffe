import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendFaultEmails, setFaultSubscription } from '@magma/core/notifications';
import { recordSecurityEvent } from '@magma/core/security-events';
import { tenantScope } from '@magma/core/tenancy';
import { createTestDatabase, type TestDatabase } from '@magma/db/testing';
import { faultMail } from '../src/fault-mail.ts';

// The worker's fault email: a subscriber's faults, in the operator's brand and time zone, kept in
// the dev outbox (no Resend key).

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase({ max: 3 });
});
afterAll(async () => t?.drop());

describe('fault email', () => {
  it('reaches the subscriber branded, naming the charger, connector and site', async () => {
    const tenant = await t.db.tenant.create({
      data: { slug: `t-${randomUUID().slice(0, 8)}`, name: 'Greenline EV', timezone: 'Asia/Kolkata' },
    });
    const user = await t.db.user.create({ data: { email: 'ops@greenline.test' } });
    await t.db.membership.create({ data: { userId: user.id, tenantId: tenant.id, role: 'OPERATOR_STAFF' } });
    const site = await t.db.site.create({
      data: { tenantId: tenant.id, name: 'Indiranagar Café', address: '100 Feet Rd', city: 'Bengaluru', state: 'KA' },
    });
    const charger = await t.db.charger.create({ data: { tenantId: tenant.id, siteId: site.id, identity: 'BLR-014' } });
    await setFaultSubscription({
      db: t.db,
      scope: tenantScope(tenant.id, 'OPERATOR_STAFF', user.id),
      input: { enabled: true, allSites: false, siteIds: [site.id] },
    });
    const startedAt = new Date(Date.now() + 1000);
    await t.db.fault.create({
      data: {
        tenantId: tenant.id,
        chargerId: charger.id,
        evseId: 2,
        kind: 'CONNECTOR_ERROR',
        code: 'GroundFailure',
        startedAt,
      },
    });
    const r = await sendFaultEmails({
      db: t.db,
      mail: faultMail({ db: t.db }),
      now: new Date(startedAt.getTime() + 60_000),
    });
    expect(r).toMatchObject({ emails: 1, faults: 1, failed: 0 });
    const rows = await t.db.emailOutbox.findMany({ where: { tenantId: tenant.id } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      to: 'ops@greenline.test',
      template: 'fault-opened',
      subject: 'Greenline EV: fault on BLR-014 connector 2 (GroundFailure)',
    });
    expect(rows[0]!.html).toContain('Indiranagar Café, Bengaluru');
  });

  it('carries a critical security event’s alert the same way', async () => {
    const tenant = await t.db.tenant.create({
      data: { slug: `t-${randomUUID().slice(0, 8)}`, name: 'Voltway', timezone: 'Asia/Kolkata' },
    });
    const user = await t.db.user.create({ data: { email: 'noc@voltway.test' } });
    await t.db.membership.create({ data: { userId: user.id, tenantId: tenant.id, role: 'OPERATOR_ADMIN' } });
    const charger = await t.db.charger.create({
      data: { tenantId: tenant.id, identity: 'PUN-007', protocol: 'OCPP201' },
    });
    await setFaultSubscription({
      db: t.db,
      scope: tenantScope(tenant.id, 'OPERATOR_ADMIN', user.id),
      input: { enabled: true },
    });
    const at = new Date(Date.now() + 1000);
    const recorded = await recordSecurityEvent({
      db: t.db,
      charger: { tenantId: tenant.id, chargerId: charger.id },
      protocol: 'OCPP201',
      payload: { type: 'TamperDetectionActivated', timestamp: at.toISOString(), techInfo: 'door sensor' },
      now: at,
    });
    expect(recorded.opened).toBe(true);
    const r = await sendFaultEmails({ db: t.db, mail: faultMail({ db: t.db }), now: new Date(at.getTime() + 60_000) });
    expect(r).toMatchObject({ emails: 1, failed: 0 });
    const [row] = await t.db.emailOutbox.findMany({ where: { tenantId: tenant.id } });
    expect(row).toMatchObject({
      to: 'noc@voltway.test',
      template: 'fault-opened',
      subject: 'Voltway: fault on PUN-007 (TamperDetectionActivated)',
    });
  });
});
