import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@magma/db/testing';
import { ACTIVITY_AREAS, listActivity } from '../audit/list-activity.ts';
import { checkIdToken } from '../charging/check-id-token.ts';
import { AppError } from '../errors/app-error.ts';
import { aDriverWorld, aPricedConnector, aScriptedRelay } from '../driver/driver.fixtures.ts';
import { newSessionToken } from '../driver/session-token.ts';
import { startPinSession, WRONG_PIN } from '../driver/start-pin-session.ts';
import { tenantScope, vendorScope, type Scope } from '../tenancy/scope.ts';
import { createIdToken } from './id-tokens.ts';
import { isGuessablePin, issueDriverPin, listDriverPins, resetDriverPin, updateDriverPin } from './driver-pins.ts';

// The six-digit draws of the PIN generator, when a test needs them to be known.
const draws = vi.hoisted(() => ({ pins: [] as number[] }));
vi.mock('node:crypto', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:crypto')>();
  const randomInt = ((...args: Parameters<typeof real.randomInt>) =>
    args[0] === 1_000_000 && draws.pins.length
      ? draws.pins.shift()!
      : (real.randomInt as (...a: unknown[]) => number)(...args)) as typeof real.randomInt;
  return { ...real, default: { ...real, randomInt }, randomInt };
});

const PIN_KEY = 'pin-lookup-test-key';

let t: TestDatabase;
let world: ReturnType<typeof aDriverWorld>;
let relay: Awaited<ReturnType<typeof aScriptedRelay>>;

beforeAll(async () => {
  t = await createTestDatabase();
  world = aDriverWorld({ db: t.db, url: t.url });
  relay = await aScriptedRelay({ db: t.db, bus: world.bus });
});
afterAll(async () => {
  await relay.close();
  await world.bus.close();
  await t.drop();
});
beforeEach(() => {
  relay.script('Accepted');
  relay.calls.length = 0;
  draws.pins.length = 0;
});
afterEach(() => {
  expect(world.errors).toEqual([]);
});

/** A tenant with one priced, online connector, and its operator admin's scope. */
async function anOperator() {
  const fx = await aPricedConnector(t.db);
  const admin = tenantScope(fx.tenant.id, 'OPERATOR_ADMIN');
  const deps = { db: t.db, scope: admin, pinLookupKey: PIN_KEY };
  /** A driver typing `pin` on the connector page. */
  const start = (pin: string) =>
    startPinSession(world.deps, {
      tenantId: fx.tenant.id,
      clientKey: `203.0.113.${Math.floor(Math.random() * 250)}`,
      pinLookupKey: PIN_KEY,
      input: { sessionToken: newSessionToken(), code: [fx.connector.shortCode!], pin },
    });
  return { ...fx, admin, deps, start };
}

const failure = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: unknown) => (AppError.is(e) ? [e.code, e.message] : e instanceof Error ? e.name : String(e)),
  );

describe('driver PINs, as the operator manages them', () => {
  it('issues a generated PIN to a new holder, and the driver starts charging with it', async () => {
    const op = await anOperator();
    const { holder, pin } = await issueDriverPin({ ...op.deps, input: { label: 'Ravi (fleet van 3)' } });
    expect(pin).toMatch(/^\d{6}$/);
    expect(holder).toMatchObject({
      token: expect.stringMatching(/^PIN-[A-Z2-9]{6}$/),
      label: 'Ravi (fleet van 3)',
      status: 'ACCEPTED',
      expiresAt: null,
      pinSet: true,
      sessions: 0,
    });

    await expect(op.start(pin)).resolves.toMatchObject({ started: { started: true } });
    expect(relay.calls.map((c) => c.payload.idTag)).toEqual([holder.token]);
  });

  it('a holder’s id authorises nothing at a charger but the session its PIN started', async () => {
    const op = await anOperator();
    const { holder, pin } = await issueDriverPin({ ...op.deps, input: { label: 'Keypad test' } });
    const atCharger = () => checkIdToken({ db: t.db, tenantId: op.tenant.id, token: holder.token.toLowerCase() });
    // Typed at a keypad or cloned to a card, without the PIN: refused.
    expect((await atCharger()).status).toBe('Invalid');
    await op.start(pin);
    // The remote start the PIN led to carries the id: accepted while that session starts or charges.
    expect((await atCharger()).status).toBe('Accepted');
    await t.db.driverSession.updateMany({ where: { idTokenId: holder.id }, data: { status: 'SETTLED' } });
    expect((await atCharger()).status).toBe('Invalid');
  });

  it('issues a PIN the admin typed, under the id the admin gave', async () => {
    const op = await anOperator();
    const { holder, pin } = await issueDriverPin({
      ...op.deps,
      input: { label: 'Guest', token: 'GUEST-7', pin: ' 582039 ' },
    });
    expect([holder.token, pin]).toEqual(['GUEST-7', '582039']);
    await expect(op.start('582039')).resolves.toMatchObject({ started: { started: true } });
  });

  it('re-sets a PIN: the old one is refused from then on and the new one works', async () => {
    const op = await anOperator();
    const issued = await issueDriverPin({ ...op.deps, input: { label: 'Asha' } });
    const reset = await resetDriverPin({ ...op.deps, input: { id: issued.holder.id } });
    expect(reset.pin).toMatch(/^\d{6}$/);
    expect(reset.pin).not.toBe(issued.pin);
    expect(reset.holder).toMatchObject({ id: issued.holder.id, token: issued.holder.token, label: 'Asha' });

    await expect(op.start(issued.pin)).rejects.toThrow(WRONG_PIN);
    await expect(op.start(reset.pin)).resolves.toMatchObject({ started: { started: true } });
  });

  it('refuses the PIN of a blocked holder, and of one whose PIN expired, until changed back', async () => {
    const op = await anOperator();
    const { holder, pin } = await issueDriverPin({ ...op.deps, input: { label: 'Blocked driver', pin: '604127' } });

    const blocked = await updateDriverPin({ ...op.deps, input: { id: holder.id, patch: { status: 'BLOCKED' } } });
    expect(blocked.status).toBe('BLOCKED');
    await expect(op.start(pin)).rejects.toThrow(WRONG_PIN);

    await updateDriverPin({ ...op.deps, input: { id: holder.id, patch: { status: 'ACCEPTED' } } });
    await updateDriverPin({
      ...op.deps,
      input: { id: holder.id, patch: { expiresAt: new Date(Date.now() - 60_000) } },
    });
    await expect(op.start(pin)).rejects.toThrow(WRONG_PIN);

    await updateDriverPin({ ...op.deps, input: { id: holder.id, patch: { expiresAt: null } } });
    await expect(op.start(pin)).resolves.toMatchObject({ started: { started: true } });
    expect(
      (await t.db.auditLog.findMany({ where: { entityId: holder.id }, orderBy: { id: 'asc' } })).map((a) => a.action),
    ).toEqual(['pin.issue', 'pin.block', 'pin.unblock', 'pin.update', 'pin.update']);
    // The activity page's "Driver PINs" area finds them.
    expect(ACTIVITY_AREAS.pin).toBe('Driver PINs');
    const { entries } = await listActivity({ db: t.db, scope: op.admin, input: { action: 'pin' } });
    expect(entries.map((e) => e.action)).toEqual(['pin.update', 'pin.update', 'pin.unblock', 'pin.block', 'pin.issue']);
  });

  it('never writes a PIN into the audit log or a listing', async () => {
    const op = await anOperator();
    const typed = await issueDriverPin({ ...op.deps, input: { label: 'Typed', pin: '739152' } });
    const generated = await issueDriverPin({ ...op.deps, input: { label: 'Generated' } });
    const reset = await resetDriverPin({ ...op.deps, input: { id: typed.holder.id, pin: '281946' } });
    const regenerated = await resetDriverPin({ ...op.deps, input: { id: generated.holder.id } });
    const pins = [typed.pin, generated.pin, reset.pin, regenerated.pin];

    const rows = await t.db.auditLog.findMany({ where: { tenantId: op.tenant.id } });
    const audit = JSON.stringify(rows, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
    const listing = JSON.stringify(await listDriverPins({ db: t.db, scope: op.admin }));
    for (const pin of pins) {
      expect(audit).not.toContain(pin);
      expect(listing).not.toContain(pin);
    }
    expect(listing).not.toMatch(/pinHash|pinLookup|scrypt/);
    expect(JSON.parse(audit)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ action: 'pin.issue', after: expect.objectContaining({ pinSource: 'typed' }) }),
        expect.objectContaining({ action: 'pin.reset', after: expect.objectContaining({ pinSource: 'generated' }) }),
      ]),
    );
  });

  it('lists the tenant’s PIN holders only, newest first, and no cards', async () => {
    const op = await anOperator();
    const other = await anOperator();
    await createIdToken({ db: t.db, scope: op.admin, input: { token: 'RFID-NOT-A-PIN' } });
    const first = await issueDriverPin({ ...op.deps, input: { label: 'First' } });
    const second = await issueDriverPin({ ...op.deps, input: { label: 'Second' } });
    await issueDriverPin({ ...other.deps, input: { label: 'Elsewhere' } });

    const { holders, total } = await listDriverPins({ db: t.db, scope: op.admin });
    expect(holders.map((h) => h.label)).toEqual(['Second', 'First']);
    expect(total).toBe(2);
    expect((await listDriverPins({ db: t.db, scope: op.admin, input: { q: 'firs' } })).holders).toEqual([first.holder]);
    expect(second.holder.token).not.toBe(first.holder.token);
  });

  it('pages the holders by cursor, each once, with the search applied to every page', async () => {
    const op = await anOperator();
    for (const label of ['Fleet A', 'Fleet B', 'Fleet C', 'Fleet D', 'Fleet E', 'Visitor']) {
      await issueDriverPin({ ...op.deps, input: { label } });
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await listDriverPins({ db: t.db, scope: op.admin, input: { q: 'fleet', limit: 2, cursor } });
      expect(page.total).toBe(5);
      seen.push(...page.holders.map((h) => h.label ?? ''));
      cursor = page.nextCursor ?? undefined;
      pages += 1;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    // Each matching holder once (newest first; ties in the same millisecond go by id).
    expect([...seen].sort()).toEqual(['Fleet A', 'Fleet B', 'Fleet C', 'Fleet D', 'Fleet E']);
    await expect(listDriverPins({ db: t.db, scope: op.admin, input: { cursor: 'not-a-cursor' } })).rejects.toThrow(
      /page cursor/,
    );
  });

  it('draws a generated PIN again when another holder has it, or it is too easy to guess', async () => {
    const op = await anOperator();
    const taken = await issueDriverPin({ ...op.deps, input: { label: 'Has 405816', pin: '405816' } });
    draws.pins.push(405816, 123456, 111111, 52907);
    const { pin } = await issueDriverPin({ ...op.deps, input: { label: 'Newcomer' } });
    expect(pin).toBe('052907');

    // A re-set never hands back the holder's own current PIN either.
    draws.pins.push(405816, 918273);
    expect((await resetDriverPin({ ...op.deps, input: { id: taken.holder.id } })).pin).toBe('918273');
  });

  it.each([
    [
      'a PIN another holder has',
      { label: 'B', pin: '405816' },
      ['CONFLICT', expect.stringContaining('Another holder')],
    ],
    [
      'an id a card already has, in any case',
      { label: 'B', token: 'card-1' },
      ['CONFLICT', expect.stringContaining('already registered')],
    ],
    ['one digit repeated', { label: 'B', pin: '7777' }, ['BAD_INPUT', expect.stringContaining('too easy')]],
    ['a run of digits', { label: 'B', pin: '654321' }, ['BAD_INPUT', expect.stringContaining('too easy')]],
    ['a PIN of letters', { label: 'B', pin: '12ab56' }, 'ZodError'],
    ['a PIN of 3 digits', { label: 'B', pin: '394' }, 'ZodError'],
    ['no holder name', { label: '  ' }, 'ZodError'],
    ['an id longer than OCPP 1.6 takes', { label: 'B', token: 'X'.repeat(21) }, 'ZodError'],
  ])('refuses to issue %s, and stores nothing', async (_case, input, expected) => {
    const op = await anOperator();
    await createIdToken({ db: t.db, scope: op.admin, input: { token: 'CARD-1' } });
    await issueDriverPin({ ...op.deps, input: { label: 'A', pin: '405816' } });
    const before = await t.db.idToken.count({ where: { tenantId: op.tenant.id } });
    expect(await failure(issueDriverPin({ ...op.deps, input }))).toEqual(expected);
    expect(await t.db.idToken.count({ where: { tenantId: op.tenant.id } })).toBe(before);
  });

  it('refuses a re-set to another holder’s PIN, and keeps the old PIN working', async () => {
    const op = await anOperator();
    await issueDriverPin({ ...op.deps, input: { label: 'A', pin: '405816' } });
    const b = await issueDriverPin({ ...op.deps, input: { label: 'B', pin: '830271' } });
    expect(await failure(resetDriverPin({ ...op.deps, input: { id: b.holder.id, pin: '405816' } }))).toEqual([
      'CONFLICT',
      expect.stringContaining('Another holder'),
    ]);
    await expect(op.start('830271')).resolves.toMatchObject({ started: { started: true } });
  });

  it('lets staff list holders but not change them; vendor users get nothing; another tenant’s holder is not found', async () => {
    const op = await anOperator();
    const other = await anOperator();
    const { holder } = await issueDriverPin({ ...op.deps, input: { label: 'Staff can see me' } });
    const vendor = await t.db.vendor.create({
      data: { tenantId: op.tenant.id, name: 'Site owner', legalName: 'Site owner LLP' },
    });
    const staff: Scope = tenantScope(op.tenant.id, 'OPERATOR_STAFF');
    const asVendor = vendorScope(op.tenant.id, vendor.id);

    expect((await listDriverPins({ db: t.db, scope: staff })).holders.map((h) => h.id)).toEqual([holder.id]);
    for (const scope of [staff, asVendor]) {
      const as = { db: t.db, scope, pinLookupKey: PIN_KEY };
      expect(await failure(issueDriverPin({ ...as, input: { label: 'X' } }))).toEqual([
        'FORBIDDEN',
        expect.any(String),
      ]);
      expect(await failure(resetDriverPin({ ...as, input: { id: holder.id } }))).toEqual([
        'FORBIDDEN',
        expect.any(String),
      ]);
      expect(await failure(updateDriverPin({ ...as, input: { id: holder.id, patch: { status: 'BLOCKED' } } }))).toEqual(
        ['FORBIDDEN', expect.any(String)],
      );
    }
    expect(await failure(listDriverPins({ db: t.db, scope: asVendor }))).toEqual(['FORBIDDEN', expect.any(String)]);

    expect(await failure(resetDriverPin({ ...other.deps, input: { id: holder.id } }))).toEqual([
      'NOT_FOUND',
      'No such PIN holder',
    ]);
    expect(
      await failure(updateDriverPin({ ...other.deps, input: { id: holder.id, patch: { status: 'BLOCKED' } } })),
    ).toEqual(['NOT_FOUND', 'No such PIN holder']);
    expect((await t.db.idToken.findUniqueOrThrow({ where: { id: holder.id } })).status).toBe('ACCEPTED');
  });

  it('does not treat a card as a PIN holder', async () => {
    const op = await anOperator();
    const card = await createIdToken({ db: t.db, scope: op.admin, input: { token: 'CARD-NOT-PIN' } });
    expect(await failure(resetDriverPin({ ...op.deps, input: { id: card.id } }))).toEqual([
      'NOT_FOUND',
      'No such PIN holder',
    ]);
    expect((await t.db.idToken.findUniqueOrThrow({ where: { id: card.id } })).pinHash).toBeNull();
  });
});

describe('isGuessablePin', () => {
  it.each([
    ['0000', true],
    ['999999', true],
    ['123456', true],
    ['3456789', true],
    ['876543', true],
    ['0123', true],
    ['123465', false],
    ['112233', false],
    ['405816', false],
    ['901234', false],
  ])('%s: %s', (pin, guessable) => {
    expect(isGuessablePin(pin)).toBe(guessable);
  });
});
