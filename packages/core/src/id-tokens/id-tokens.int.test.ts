import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@magma/db/testing';
import { checkIdToken } from '../charging/check-id-token.ts';
import { AppError } from '../errors/app-error.ts';
import { demoFleet, type DemoFleet } from '../fleet/test-builders.ts';
import { createIdToken, listIdTokens, updateIdToken } from './id-tokens.ts';
import { importIdTokensCsv } from './import-id-tokens.ts';

let t: TestDatabase;
let fleet: DemoFleet;

beforeAll(async () => {
  t = await createTestDatabase();
  fleet = await demoFleet(t.db);
});
afterAll(async () => t.drop());

const code = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: unknown) => (AppError.is(e) ? e.code : e instanceof Error ? e.name : String(e)),
  );

describe('id tokens (cards)', () => {
  it('registers a card that Authorize then accepts in any letter case', async () => {
    const card = await createIdToken({
      db: t.db,
      scope: fleet.operator,
      input: { token: ' 04A2B3C4D5 ', label: 'Fleet car 12', parentToken: 'FLEET-ACME' },
    });
    expect(card).toMatchObject({
      token: '04A2B3C4D5',
      type: 'RFID',
      status: 'ACCEPTED',
      label: 'Fleet car 12',
      sessions: 0,
    });
    const check = await checkIdToken({ db: t.db, tenantId: fleet.tenantId, token: '04a2b3c4d5' });
    expect(check).toMatchObject({ status: 'Accepted', idTokenId: card.id, parentToken: 'FLEET-ACME' });
  });

  it('refuses the same card twice, whatever the case, with a clear conflict', async () => {
    await createIdToken({ db: t.db, scope: fleet.operator, input: { token: 'DUP-CARD-1' } });
    const err = await createIdToken({ db: t.db, scope: fleet.operator, input: { token: 'dup-card-1' } }).catch(
      (e: unknown) => e,
    );
    expect(AppError.is(err) && [err.code, err.message]).toEqual([
      'CONFLICT',
      'dup-card-1 is already registered (ids ignore case)',
    ]);
  });

  it.each([
    ['has a space', 'AB CD'],
    ['is empty', '   '],
    ['is longer than 36 characters', 'X'.repeat(37)],
    ['is not ASCII', 'CARTÉ-1'],
  ])('rejects an id that %s, storing nothing', async (_why, token) => {
    const before = await t.db.idToken.count();
    expect(await code(createIdToken({ db: t.db, scope: fleet.operator, input: { token } }))).toBe('ZodError');
    expect(await t.db.idToken.count()).toBe(before);
  });

  it('blocks a card (Authorize answers Blocked), unblocks it, and sets an expiry', async () => {
    const card = await createIdToken({ db: t.db, scope: fleet.operator, input: { token: 'BLOCK-ME' } });
    await updateIdToken({ db: t.db, scope: fleet.operator, input: { id: card.id, patch: { status: 'BLOCKED' } } });
    expect((await checkIdToken({ db: t.db, tenantId: fleet.tenantId, token: 'BLOCK-ME' })).status).toBe('Blocked');
    const back = await updateIdToken({
      db: t.db,
      scope: fleet.operator,
      input: { id: card.id, patch: { status: 'ACCEPTED', expiresAt: '2020-01-01T00:00:00Z' } },
    });
    expect(back).toMatchObject({ status: 'ACCEPTED', label: null });
    expect((await checkIdToken({ db: t.db, tenantId: fleet.tenantId, token: 'BLOCK-ME' })).status).toBe('Expired');
    await updateIdToken({ db: t.db, scope: fleet.operator, input: { id: card.id, patch: { expiresAt: null } } });
    expect((await checkIdToken({ db: t.db, tenantId: fleet.tenantId, token: 'BLOCK-ME' })).status).toBe('Accepted');
    const trail = await t.db.auditLog.findMany({
      where: { entityType: 'IdToken', entityId: card.id },
      orderBy: { id: 'asc' },
    });
    expect(trail.map((a) => [a.action, a.actorUserId])).toEqual([
      ['idToken.create', fleet.operator.userId],
      ['idToken.block', fleet.operator.userId],
      ['idToken.update', fleet.operator.userId],
      ['idToken.update', fleet.operator.userId],
    ]);
    expect(trail[1]).toMatchObject({ before: { status: 'ACCEPTED' }, after: { status: 'BLOCKED', token: 'BLOCK-ME' } });
  });

  it('lists cards newest first, searches id, label and group, and leaves out app tokens', async () => {
    await t.db.idToken.create({ data: { tenantId: fleet.tenantId, token: 'APP-SESSION-TOKEN', type: 'APP' } });
    const all = await listIdTokens({ db: t.db, scope: fleet.operator });
    expect(all.tokens.map((c) => c.token)).not.toContain('APP-SESSION-TOKEN');
    expect(all.tokens[0]?.token).toBe('BLOCK-ME');
    const found = await listIdTokens({ db: t.db, scope: fleet.operator, input: { q: 'acme' } });
    expect(found.tokens.map((c) => c.token)).toEqual(['04A2B3C4D5']);
    expect(found.total).toBe(1);
  });

  it('leaves registering and blocking to admins', async () => {
    expect(await code(createIdToken({ db: t.db, scope: fleet.sunrise, input: { token: 'VENDOR-CARD' } }))).toBe(
      'FORBIDDEN',
    );
  });

  it('imports a card file only when every row is right, naming the line of each problem', async () => {
    const bad = [
      'token,label,group,type,expires',
      'IMP-0001,Driver one,FLEET-X,rfid,2031-03-31',
      'imp-0001,Same card again,,,',
      'IMP 0003,Has a space,,,',
      'IMP-0004,,,MAGSTRIPE,',
      'IMP-0005,,,,31/03/2031',
      'block-me,Already registered,,,',
    ].join('\r\n');
    const before = await t.db.idToken.count();
    const refused = await importIdTokensCsv({ db: t.db, scope: fleet.operator, input: { csv: bad } });
    expect(refused.created).toBe(0);
    expect(refused.errors.map((e) => [e.line, e.message])).toEqual([
      [3, 'token: the same card as line 2 (ids ignore case)'],
      [4, 'token: Letters, digits and symbols only, without spaces'],
      [5, "type: 'MAGSTRIPE' is not one of RFID, ISO15693, CONTRACT, CENTRAL, LOCAL"],
      [6, "expires: '31/03/2031' is not a YYYY-MM-DD date"],
      [7, 'token: BLOCK-ME is already registered'],
    ]);
    expect(await t.db.idToken.count()).toBe(before);

    const good = ['token,expires,type,label', 'IMP-0001,2031-03-31,iso15693,"Driver, one"', 'IMP-0002,,,'].join('\n');
    expect(await importIdTokensCsv({ db: t.db, scope: fleet.operator, input: { csv: good } })).toEqual({
      created: 2,
      errors: [],
    });
    const card = await t.db.idToken.findFirstOrThrow({ where: { tenantId: fleet.tenantId, token: 'IMP-0001' } });
    // The start of 31 March 2031 in the tenant's zone (Asia/Kolkata, UTC+05:30).
    expect(card).toMatchObject({ type: 'ISO15693', label: 'Driver, one', expiresAt: new Date('2031-03-30T18:30:00Z') });
  });

  it('refuses a file without a token column, and leaves importing to admins', async () => {
    expect(await code(importIdTokensCsv({ db: t.db, scope: fleet.operator, input: { csv: 'id,label\nX,Y\n' } }))).toBe(
      'BAD_INPUT',
    );
    expect(await code(importIdTokensCsv({ db: t.db, scope: fleet.sunrise, input: { csv: 'token\nX\n' } }))).toBe(
      'FORBIDDEN',
    );
  });
});
