import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@magma/db/testing';
import { parseTariffDefinition, quoteSession } from '@magma/tariff';
import { AppError } from '../errors/app-error.ts';
import { tenantScope, vendorScope, type Scope } from '../tenancy/scope.ts';
import { archiveTariff, assignTariff } from './assign-tariff.ts';
import { getTariff } from './get-tariff.ts';
import { listTariffs } from './list-tariffs.ts';
import { nextLocal, previewTariff, standardExamples, type ExampleSession } from './preview-tariff.ts';
import { publishTariff } from './publish-tariff.ts';
import { publishTariffVersion } from './publish-tariff-version.ts';
import { resolveTariffForConnector } from './resolve-tariff-for-connector.ts';
import { defaultTariffDefinition, seedDefaultTariff } from './seed-default-tariff.ts';
import { aTenant } from './tariffs.fixtures.ts';

const flat = (priceMinor: number) => ({
  elements: [{ label: 'Standard', components: [{ dimension: 'ENERGY' as const, priceMinor }] }],
});

let t: TestDatabase;
let tenantId: string;
let admin: Scope;
let staff: Scope;
let vendorOne: Scope;
let standardId: string;
let siteOneTariff: string;
let siteTwoTariff: string;

async function aMember(role: 'OPERATOR_ADMIN' | 'OPERATOR_STAFF' | 'VENDOR_USER', vendorId: string | null = null) {
  const user = await t.db.user.create({ data: { email: `${randomUUID()}@example.test`, name: `${role} user` } });
  await t.db.membership.create({ data: { userId: user.id, tenantId, role, vendorId } });
  return user.id;
}

beforeAll(async () => {
  t = await createTestDatabase();
  tenantId = (await aTenant(t.db)).id;
  const [one, two] = await Promise.all(
    ['One', 'Two'].map((n) =>
      t.db.vendor.create({ data: { tenantId, name: `Vendor ${n}`, legalName: `Vendor ${n} LLP` } }),
    ),
  );
  const site = (vendorId: string, name: string) =>
    t.db.site.create({ data: { tenantId, vendorId, name, address: '1 MG Road', city: 'Pune', state: 'MH' } });
  const [s1, s2] = await Promise.all([site(one!.id, 'Mall One'), site(two!.id, 'Mall Two')]);
  admin = tenantScope(tenantId, 'OPERATOR_ADMIN', await aMember('OPERATOR_ADMIN'));
  staff = tenantScope(tenantId, 'OPERATOR_STAFF', await aMember('OPERATOR_STAFF'));
  vendorOne = vendorScope(tenantId, one!.id, await aMember('VENDOR_USER', one!.id));
  standardId = (await seedDefaultTariff({ db: t.db, tenantId })).tariffId;
  siteOneTariff = (
    await publishTariff({ db: t.db, scope: admin, input: { name: 'Mall One', siteId: s1.id, definition: flat(2000) } })
  ).tariffId;
  siteTwoTariff = (
    await publishTariff({ db: t.db, scope: admin, input: { name: 'Mall Two', siteId: s2.id, definition: flat(2100) } })
  ).tariffId;
});
afterAll(async () => t?.drop());

const code = (p: Promise<unknown>) =>
  p.then(
    () => 'resolved',
    (e: unknown) => (e instanceof AppError ? e.code : String(e)),
  );

describe('publishing', () => {
  it('refuses operator staff and vendor users and writes nothing', async () => {
    const before = await t.db.tariffVersion.count({ where: { tariffId: standardId } });
    expect(
      await code(publishTariff({ db: t.db, scope: staff, input: { tariffId: standardId, definition: flat(1) } })),
    ).toBe('FORBIDDEN');
    expect(
      await code(publishTariff({ db: t.db, scope: vendorOne, input: { tariffId: standardId, definition: flat(1) } })),
    ).toBe('FORBIDDEN');
    expect(await t.db.tariffVersion.count({ where: { tariffId: standardId } })).toBe(before);
  });

  it('adds version n+1 with an audit row naming the admin, and the history says what changed', async () => {
    const { latestVersion: n } = await getTariff({ db: t.db, scope: admin, input: { id: standardId } });
    const draft = defaultTariffDefinition();
    draft.elements[0]!.components[0] = { dimension: 'ENERGY', priceMinor: 2450, per: 'kWh' };
    const v = await publishTariff({
      db: t.db,
      scope: admin,
      input: { tariffId: standardId, baseVersion: n, definition: draft },
    });
    expect(v.version).toBe(n + 1);
    const audit = await t.db.auditLog.findFirstOrThrow({ where: { entityId: v.versionId } });
    expect(audit).toMatchObject({ tenantId, actorUserId: admin.userId, action: 'tariff.version.published' });
    expect(audit.after).toMatchObject({ version: n + 1 });

    const detail = await getTariff({ db: t.db, scope: admin, input: { id: standardId } });
    expect(detail.versions.map((x) => x.version)).toEqual([n + 1, n]);
    expect(detail.versions[0]).toMatchObject({
      publishedBy: 'OPERATOR_ADMIN user',
      changes: ['Peak 18:00–22:00: energy ₹22.00/kWh → ₹24.50/kWh'],
    });
    expect(detail.versions[1]!.changes).toEqual(['First version']);
  });

  it('refuses a stale base version, an invalid definition and an archived tariff', async () => {
    const { latestVersion } = await getTariff({ db: t.db, scope: admin, input: { id: siteTwoTariff } });
    const publish = (input: Parameters<typeof publishTariff>[0]['input']) =>
      code(publishTariff({ db: t.db, scope: admin, input }));
    expect(await publish({ tariffId: siteTwoTariff, baseVersion: latestVersion - 1, definition: flat(1) })).toBe(
      'CONFLICT',
    );
    expect(await publish({ tariffId: siteTwoTariff, definition: { elements: [] } })).not.toBe('resolved');
    expect(
      await publish({ tariffId: siteTwoTariff, definition: flat(1), activeFrom: new Date(Date.now() - 3_600_000) }),
    ).toBe('BAD_INPUT');
    await archiveTariff({ db: t.db, scope: admin, input: { id: siteTwoTariff } });
    expect(await publish({ tariffId: siteTwoTariff, definition: flat(1) })).toBe('CONFLICT');
    await archiveTariff({ db: t.db, scope: admin, input: { id: siteTwoTariff, archived: false } });
    expect(await t.db.tariffVersion.count({ where: { tariffId: siteTwoTariff } })).toBe(latestVersion);
  });
});

describe('publishing checks (issue #16)', () => {
  const issuesOf = (p: Promise<unknown>) =>
    p.then(
      () => [],
      (e: unknown) => {
        expect(AppError.is(e) && e.code).toBe('BAD_INPUT');
        return ((e as AppError).details as { path: string; message: string }[]).map((i) => i.message);
      },
    );
  const energy = { dimension: 'ENERGY' as const, priceMinor: 1800 };

  it.each([
    {
      name: 'a tariff in another currency than the tenant bills in',
      definition: { ...flat(1800), currency: 'USD' },
      message: 'This operator bills in INR: a tariff in USD cannot be published',
    },
    {
      name: 'INR with minorUnits 0 (₹212 of energy would settle as ₹2.12)',
      definition: { ...flat(1800), minorUnits: 0 },
      message: 'INR has 2 minor-unit digits (ISO 4217): minorUnits must be 2, not 0',
    },
    {
      name: 'an unknown currency',
      definition: { ...flat(1800), currency: 'ABC' },
      message: 'ABC is not an ISO 4217 currency code',
    },
    {
      name: 'minKwh above maxKwh',
      definition: {
        elements: [{ components: [energy], restrictions: { minKwh: 20, maxKwh: 10 } }, flat(1).elements[0]],
      },
      message: 'minKwh (20 kWh) must be below maxKwh (10 kWh)',
    },
    {
      name: '30 February',
      definition: {
        elements: [{ components: [energy], restrictions: { endDate: '2026-02-30' } }, flat(1).elements[0]],
      },
      message: '2026-02-30 is not a calendar date',
    },
    {
      name: 'energy priced in the evening only',
      definition: { elements: [{ components: [energy], restrictions: { startTime: '18:00', endTime: '22:00' } }] },
      message: 'Energy is not priced every day 00:00–18:00, 22:00–24:00',
    },
  ])('refuses $name with a clear message and writes nothing', async ({ definition, message }) => {
    const before = await t.db.tariffVersion.count({ where: { tenantId } });
    const fromEditor = await issuesOf(publishTariffVersion({ db: t.db, tenantId, tariffId: standardId, definition }));
    expect(fromEditor).toContain(message);
    expect(await t.db.tariffVersion.count({ where: { tenantId } })).toBe(before);
    // The editor's preview shows the same problem instead of prices.
    const preview = await previewTariff({ db: t.db, scope: admin, input: { definition } });
    if (!message.startsWith('This operator')) {
      expect(preview.ok).toBe(false);
      expect(preview.ok ? [] : preview.issues.map((i) => i.message)).toContain(message);
    }
  });
});

describe('scheduling', () => {
  it('keeps the version in use until a scheduled one starts', async () => {
    const { tariffId } = await publishTariff({
      db: t.db,
      scope: admin,
      input: { name: 'Later', definition: flat(1000) },
    });
    const inDay = new Date(Date.now() + 86_400_000);
    const v2 = await publishTariff({
      db: t.db,
      scope: admin,
      input: { tariffId, baseVersion: 1, definition: flat(1200), activeFrom: inDay },
    });
    expect(v2.activeFrom).toEqual(inDay);
    const listed = (await listTariffs({ db: t.db, scope: admin })).find((x) => x.id === tariffId);
    expect(listed).toMatchObject({ latestVersion: 2, current: { version: 1 } });
    expect(
      (await listTariffs({ db: t.db, scope: admin, now: new Date(inDay.getTime() + 1) })).find((x) => x.id === tariffId)
        ?.current?.version,
    ).toBe(2);
    await archiveTariff({ db: t.db, scope: admin, input: { id: tariffId } });
  });
});

describe('reading', () => {
  it('shows a vendor user the fleet tariff and its own site’s, never another vendor’s', async () => {
    const mine = (await listTariffs({ db: t.db, scope: vendorOne })).map((x) => x.name).sort();
    expect(mine).toEqual(['Mall One', 'Standard']);
    expect(
      (await listTariffs({ db: t.db, scope: staff }))
        .filter((x) => !x.archived)
        .map((x) => x.name)
        .sort(),
    ).toEqual(['Mall One', 'Mall Two', 'Standard']);
    expect(await code(getTariff({ db: t.db, scope: vendorOne, input: { id: siteTwoTariff } }))).toBe('NOT_FOUND');
    const own = await getTariff({ db: t.db, scope: vendorOne, input: { id: siteOneTariff } });
    expect(own).toMatchObject({ siteName: 'Mall One, Pune', versions: [{ publishedBy: null }] });
  });
});

describe('preview', () => {
  const def = parseTariffDefinition(defaultTariffDefinition());
  const now = new Date('2026-03-04T06:00:00Z'); // a Wednesday in Kolkata
  const custom: ExampleSession = {
    label: 'Mine',
    day: 'SATURDAY',
    startTime: '21:30',
    energyKwh: 12,
    powerKw: 11,
    idleMinutes: 25,
  };

  it.each([...standardExamples('WEDNESDAY'), custom].map((ex, i) => [ex.label, i, ex] as const))(
    'prices “%s” exactly as the engine quotes it',
    async (_label, i, ex) => {
      const r = await previewTariff({
        db: t.db,
        scope: staff,
        input: { definition: def, day: 'WEDNESDAY', custom },
        now,
      });
      if (!r.ok) throw new Error('expected a priced preview');
      const q = quoteSession(def, {
        startAt: nextLocal('Asia/Kolkata', now.getTime(), ex.day, ex.startTime),
        energyKwh: ex.energyKwh,
        powerKw: ex.powerKw,
        idleMinutes: ex.idleMinutes,
        timeZone: 'Asia/Kolkata',
      });
      expect(r.results[i]).toMatchObject({
        totalMinor: q.totalMinor,
        subtotalMinor: q.subtotalMinor,
        taxMinor: q.taxMinor,
      });
    },
  );

  it('splits the 17:30 fast charge at 18:00 and bills idle time after the grace period', async () => {
    const r = await previewTariff({ db: t.db, scope: admin, input: { definition: def, custom }, now });
    if (!r.ok) throw new Error('expected a priced preview');
    expect(r.day).toBe('WEDNESDAY');
    const fast = r.results[2]!;
    expect(fast.startAt.toISOString()).toBe('2026-03-04T12:00:00.000Z');
    // 40 kWh at 50 kW: 30 min (25 kWh) before 18:00 at ₹18, 18 min (15 kWh) after at ₹22.
    expect(fast.subtotalMinor).toBe(25 * 1800 + 15 * 2200);
    // Saturday 21:30: 12 kWh at 11 kW ends 22:35:27, so the first 0.5 h (5.5 kWh) is peak; 15 of 25 idle minutes billed.
    expect(r.results[3]!.lines.filter((l) => l.dimension === 'PARKING').reduce((s, l) => s + l.amountMinor, 0)).toBe(
      15 * 200,
    );
  });

  it('returns the problems of an invalid draft instead of prices', async () => {
    const r = await previewTariff({
      db: t.db,
      scope: admin,
      input: {
        definition: {
          elements: [{ components: [{ dimension: 'ENERGY', priceMinor: 100 }], restrictions: { startTime: '18:00' } }],
        },
      },
    });
    expect(r).toMatchObject({ ok: false, issues: [{ message: 'startTime and endTime go together' }] });
  });

  it('is refused to vendor users', async () => {
    expect(await code(previewTariff({ db: t.db, scope: vendorOne, input: { definition: def } }))).toBe('FORBIDDEN');
  });
});

describe('assignment and archiving', () => {
  it('moves a tariff to a connector type, audits it, and an archived tariff stops applying', async () => {
    const extra = await publishTariff({ db: t.db, scope: admin, input: { name: 'Fast DC', definition: flat(2500) } });
    await assignTariff({
      db: t.db,
      scope: admin,
      input: { id: extra.tariffId, siteId: null, connectorType: 'CCS2', priority: 3 },
    });
    const resolve = () =>
      resolveTariffForConnector({ db: t.db, tenantId, at: new Date(), siteId: null, connectorType: 'CCS2' });
    expect((await resolve())?.tariffId).toBe(extra.tariffId);
    expect(
      await t.db.auditLog.findFirst({ where: { entityId: extra.tariffId, action: 'tariff.assigned' } }),
    ).toMatchObject({
      before: { connectorType: null, priority: 0 },
      after: { connectorType: 'CCS2', priority: 3 },
    });
    expect(
      await code(
        assignTariff({
          db: t.db,
          scope: staff,
          input: { id: extra.tariffId, siteId: null, connectorType: null, priority: 0 },
        }),
      ),
    ).toBe('FORBIDDEN');
    await archiveTariff({ db: t.db, scope: admin, input: { id: extra.tariffId } });
    expect((await resolve())?.tariffId).toBe(standardId);
  });
});

describe('preview input', () => {
  it.each([
    ['a session longer than 3 days', { day: 'MONDAY', startTime: '10:00', energyKwh: 400, powerKw: 1 }],
    ['a power below 0.5 kW', { day: 'MONDAY', startTime: '10:00', energyKwh: 1, powerKw: 0.1 }],
    ['a time that is not HH:MM', { day: 'MONDAY', startTime: '7pm', energyKwh: 10, powerKw: 7 }],
  ] as const)('refuses %s before pricing anything', async (_what, custom) => {
    const input = { definition: flat(1000), custom: { ...custom } };
    expect(await code(previewTariff({ db: t.db, scope: admin, input }))).not.toBe('resolved');
  });
});
