import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@magma/db/testing';
import { checkIdToken } from '../charging/check-id-token.ts';
import { AppError } from '../errors/app-error.ts';
import { demoFleet, type DemoFleet } from '../fleet/test-builders.ts';
import { createIdToken, listIdTokens, updateIdToken } from './id-tokens.ts';

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
});
