import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@magma/db/testing';
import type { Bus } from '../bus/types.ts';
import { AppError } from '../errors/app-error.ts';
import { sendChargerAction } from '../fleet/send-charger-action.ts';
import { demoFleet, type DemoFleet } from '../fleet/test-builders.ts';
import { createSite, updateSite } from '../sites/save-site.ts';
import { tenantScope } from '../tenancy/scope.ts';
import { updateVendor } from '../vendors/update-vendor.ts';
import { listActivity } from './list-activity.ts';

let t: TestDatabase;
let fleet: DemoFleet;
/** No relay: every charger is offline, so a command is recorded and answered OFFLINE at once. */
const bus: Bus = { publish: async () => {}, subscribe: async () => async () => {}, close: async () => {} };

beforeAll(async () => {
  t = await createTestDatabase();
  fleet = await demoFleet(t.db);
});
afterAll(async () => t.drop());

const code = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: unknown) => (AppError.is(e) ? e.code : String(e)),
  );

describe('the activity log', () => {
  it('records who changed what, with only the fields that changed', async () => {
    const site = await createSite({
      db: t.db,
      scope: fleet.operator,
      input: { name: 'Lake Road', address: '4 Lake Road', city: 'Pune', state: 'MH' },
    });
    await updateSite({
      db: t.db,
      scope: fleet.operator,
      input: { id: site.id, patch: { name: 'Lake Road', city: 'Mumbai' } },
    });
    const { entries } = await listActivity({ db: t.db, scope: fleet.operator, input: { action: 'site' } });
    const mine = entries.filter((e) => e.entityId === site.id);
    expect(mine.map((e) => e.action)).toEqual(['site.updated', 'site.created']);
    expect(mine[0]).toMatchObject({
      before: { city: 'Pune' },
      after: { city: 'Mumbai' },
      actor: { id: fleet.operator.userId },
    });
    expect(mine[1]!.after).toMatchObject({ name: 'Lake Road', city: 'Pune' });
  });

  it('keeps remote actions, without a secret configuration value', async () => {
    // A 1.6 charger, whose configuration action is ChangeConfiguration (2.0.1 sends SetVariables).
    const charger = await t.db.charger.findFirstOrThrow({
      where: { tenantId: fleet.tenantId, protocol: 'OCPP16' },
      orderBy: { identity: 'asc' },
    });
    await sendChargerAction({
      db: t.db,
      bus,
      scope: fleet.operator,
      input: {
        chargerId: charger.id,
        // The charger's own password has its rotation action; other secret-looking keys are hidden here.
        action: { kind: 'configure', variable: 'BackendApiToken', value: 'S3cr3t-Key-0001' },
      },
    });
    await sendChargerAction({
      db: t.db,
      bus,
      scope: fleet.operator,
      input: { chargerId: charger.id, action: { kind: 'reset', hard: true } },
    });
    const { entries } = await listActivity({
      db: t.db,
      scope: fleet.operator,
      input: { action: 'charger.command_sent' },
    });
    expect(entries.slice(0, 2).map((e) => e.after)).toEqual([
      { command: 'Reset', kind: 'reset', hard: true },
      { command: 'ChangeConfiguration', kind: 'configure', variable: 'BackendApiToken', value: '(hidden)' },
    ]);
    expect(JSON.stringify(entries)).not.toContain('S3cr3t-Key-0001');
  });

  it('pages newest first, filters by who acted, and nothing of another tenant shows', async () => {
    const vendor = await t.db.vendor.findFirstOrThrow({ where: { tenantId: fleet.tenantId } });
    for (const n of [1, 2, 3, 4, 5]) {
      await updateVendor({
        db: t.db,
        scope: fleet.operator,
        input: { id: vendor.id, patch: { contactPhone: `+91 90000 0000${n}` } },
      });
    }
    const other = await t.db.tenant.create({ data: { slug: `other-${Date.now()}`, name: 'Other' } });
    await t.db.auditLog.create({
      data: { tenantId: other.id, action: 'vendor.updated', entityType: 'Vendor', entityId: vendor.id },
    });

    const seen: string[] = [];
    let before: string | undefined;
    do {
      const page = await listActivity({
        db: t.db,
        scope: fleet.operator,
        input: { action: 'vendor', limit: 2, before },
      });
      expect(page.entries.length).toBeLessThanOrEqual(2);
      seen.push(...page.entries.map((e) => e.after as { contactPhone?: string }).map((a) => a.contactPhone ?? ''));
      before = page.nextCursor ?? undefined;
    } while (before);
    expect(seen).toEqual([
      '+91 90000 00005',
      '+91 90000 00004',
      '+91 90000 00003',
      '+91 90000 00002',
      '+91 90000 00001',
    ]);

    const nobody = await listActivity({
      db: t.db,
      scope: fleet.operator,
      input: { actorUserId: '00000000-0000-4000-8000-000000000000' },
    });
    expect(nobody.entries).toEqual([]);
  });

  it('is for operator admins only, and refuses a malformed cursor', async () => {
    expect(await code(listActivity({ db: t.db, scope: fleet.sunrise }))).toBe('FORBIDDEN');
    const staff = tenantScope(fleet.tenantId, 'OPERATOR_STAFF', fleet.operator.userId);
    expect(await code(listActivity({ db: t.db, scope: staff }))).toBe('FORBIDDEN');
    await expect(listActivity({ db: t.db, scope: fleet.operator, input: { before: '12; DROP' } })).rejects.toThrow();
  });
});
