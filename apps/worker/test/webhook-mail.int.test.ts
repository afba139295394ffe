import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notifyEndpointDisabled } from '@magma/core/webhooks';
import { createTestDatabase, type TestDatabase } from '@magma/db/testing';
import { webhookMail } from '../src/webhook-mail.ts';

// The worker's mail adapter for a disabled webhook endpoint: one branded email per admin of the
// operator, kept in the dev outbox (no Resend key), in the operator's name and time zone.

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase({ max: 3 });
});
afterAll(async () => t?.drop());

describe('webhook-disabled email', () => {
  it("goes to each of the operator's admins, branded, and to no one else", async () => {
    const tenant = await t.db.tenant.create({
      data: { slug: `t-${randomUUID().slice(0, 8)}`, name: 'Greenline EV', timezone: 'Asia/Kolkata' },
    });
    const member = async (email: string, role: 'OPERATOR_ADMIN' | 'OPERATOR_STAFF') => {
      const user = await t.db.user.create({ data: { email } });
      await t.db.membership.create({ data: { userId: user.id, tenantId: tenant.id, role } });
    };
    await member('ops-admin@greenline.test', 'OPERATOR_ADMIN');
    await member('ops-staff@greenline.test', 'OPERATOR_STAFF');
    const endpoint = await t.db.webhookEndpoint.create({
      data: {
        tenantId: tenant.id,
        url: 'https://erp.greenline.test/hooks',
        description: 'ERP sync',
        eventTypes: [],
        secretSealed: {},
        status: 'DISABLED',
        disabledReason: 'Every delivery failed for 24 h (57 attempts in a row)',
        disabledAt: new Date('2026-12-05T06:30:00Z'),
      },
    });
    const sent = await notifyEndpointDisabled({
      db: t.db,
      mail: webhookMail({ db: t.db }),
      tenantId: tenant.id,
      endpointId: endpoint.id,
    });
    expect(sent).toBe(1);
    const rows = await t.db.emailOutbox.findMany({ where: { tenantId: tenant.id } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      to: 'ops-admin@greenline.test',
      template: 'webhook-disabled',
      subject: 'Greenline EV: a webhook endpoint was disabled after failing',
    });
    expect(rows[0]!.html).toContain('https://erp.greenline.test/hooks');
    expect(rows[0]!.html).toContain('5 Dec 2026, 12:00');
  });
});
