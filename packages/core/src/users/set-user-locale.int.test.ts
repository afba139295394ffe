import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@magma/db/testing';
import { setUserLocale } from './set-user-locale.ts';

let t: TestDatabase;
let aliceId: string;
let bobId: string;

beforeAll(async () => {
  t = await createTestDatabase();
  aliceId = (await t.db.user.create({ data: { email: 'alice@locale.in' } })).id;
  bobId = (await t.db.user.create({ data: { email: 'bob@locale.in' } })).id;
});
afterAll(async () => t?.drop());

const localeOf = async (id: string) => (await t.db.user.findUniqueOrThrow({ where: { id } })).locale;

describe('setUserLocale', () => {
  it('stores the user’s own language, touches no one else, and null goes back to the browser’s', async () => {
    expect(await setUserLocale({ db: t.db, userId: aliceId, input: { locale: 'hi' } })).toEqual({ locale: 'hi' });
    expect(await localeOf(aliceId)).toBe('hi');
    expect(await localeOf(bobId)).toBeNull();
    await setUserLocale({ db: t.db, userId: aliceId, input: { locale: null } });
    expect(await localeOf(aliceId)).toBeNull();
  });

  it.each([['fr'], ['HI'], [''], ['hi'.repeat(50)], [42]])('refuses %j and changes nothing', async (locale) => {
    await setUserLocale({ db: t.db, userId: bobId, input: { locale: 'en' } });
    await expect(setUserLocale({ db: t.db, userId: bobId, input: { locale: locale as 'hi' } })).rejects.toThrow();
    expect(await localeOf(bobId)).toBe('en');
  });

  it('refuses a user that is gone', async () => {
    await expect(
      setUserLocale({ db: t.db, userId: '00000000-0000-4000-8000-000000000000', input: { locale: 'hi' } }),
    ).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});
