import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Db } from '@magma/db';
import { hashSecret } from '@magma/core/auth';
import { E2E } from './e2e/seed.ts';
import { e2eDb, newPage, openBrowser, screenshot, tenantUrl } from './e2e/browser.ts';

// Sign-in and sessions through the real pages: where sign-in leads, and that sign-out and a
// password change end sessions that were copied or opened elsewhere.

let browser: Browser;
let db: Db;
const PASSWORD = 'auth-e2e-pass-1';

beforeAll(async () => {
  // evil.example resolves to the test server too: a redirect there would show in the address bar.
  browser = await openBrowser({ extraHosts: ['evil.example'] });
  db = e2eDb();
});
afterAll(async () => {
  await browser?.close();
  await db?.$disconnect();
});

/** A Voltway staff member of this test's own, so other browser tests' users keep their passwords. */
async function aStaffMember(email: string): Promise<string> {
  const tenant = await db.tenant.findUniqueOrThrow({ where: { slug: E2E.voltway.slug } });
  const user = await db.user.create({ data: { email, passwordHash: await hashSecret(PASSWORD) } });
  await db.membership.create({ data: { userId: user.id, tenantId: tenant.id, role: 'OPERATOR_STAFF' } });
  return email;
}

const home = () => tenantUrl('voltway', '/chargers');
const host = () => new URL(home()).host;

/** Signs in on Voltway's sign-in page and waits for the chargers page. */
async function signInAs(page: Page, email: string, password = PASSWORD): Promise<void> {
  await page.goto(tenantUrl('voltway', '/sign-in?next=/chargers'));
  await page.fill('input[name=email]', email);
  await page.fill('input[name=password]', password);
  await page.click('button[type=submit]');
  await page.waitForURL(home());
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

async function signedInAt(page: Page, path = '/chargers'): Promise<boolean> {
  await page.goto(tenantUrl('voltway', path));
  return new URL(page.url()).pathname !== '/sign-in';
}

describe('after sign-in', () => {
  let staff: Promise<string> | undefined;

  it.each([
    ['/%5Cevil.example', '/'],
    ['/%5C%5Cevil.example', '/'],
    ['//evil.example', '/'],
    ['/%09/evil.example', '/'],
    ['/%2F%2Fevil.example', '/'],
    [encodeURIComponent('https://evil.example/'), '/'],
    ['javascript:alert(1)', '/'],
    ['/chargers', '/chargers'],
  ])('with next=%s lands on %s of the tenant’s own host', async (next, path) => {
    const page = await newPage(browser);
    await page.goto(tenantUrl('voltway', `/sign-in?next=${next}`));
    await page.fill('input[name=email]', await (staff ??= aStaffMember('next@voltway.test')));
    await page.fill('input[name=password]', PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForURL((u) => u.pathname !== '/sign-in' || u.host !== host(), { timeout: 20_000 });
    await page.waitForLoadState('load');
    const url = new URL(page.url());
    expect(url.host).toBe(host());
    expect(url.pathname).toBe(path);
    if (next === '/%5Cevil.example') await screenshot(page, 'sign-in-next-backslash');
    await page.context().close();
  });
});

describe('ending sessions', () => {
  it('signs a copied session out when its owner signs out', async () => {
    const email = await aStaffMember('signout@voltway.test');
    const owner = await newPage(browser);
    await signInAs(owner, email);
    const thief = await newPage(browser);
    await thief.context().addCookies(await owner.context().cookies());
    expect(await signedInAt(thief)).toBe(true);

    await owner.getByRole('button', { name: 'Sign out' }).click();
    await owner.waitForURL(tenantUrl('voltway', '/sign-in'));
    expect(await signedInAt(thief)).toBe(false);
    await screenshot(thief, 'signed-out-copy');
    await owner.context().close();
    await thief.context().close();
  });

  it('changes the password on Your account, keeps this browser signed in and signs the others out', async () => {
    const email = await aStaffMember('password@voltway.test');
    const laptop = await newPage(browser);
    await signInAs(laptop, email);
    const phone = await newPage(browser);
    await signInAs(phone, email);

    await laptop.getByRole('link', { name: /your account/i }).click();
    await laptop.waitForURL(tenantUrl('voltway', '/account'));
    await laptop.fill('input[name=currentPassword]', PASSWORD);
    await laptop.fill('input[name=newPassword]', 'a-new-password-2');
    await laptop.fill('input[name=confirmPassword]', 'a-new-password-2');
    await laptop.getByRole('button', { name: 'Change password' }).click();
    await laptop.getByText('Password changed.').waitFor();
    await screenshot(laptop, 'account-password-changed');

    expect(await signedInAt(laptop)).toBe(true);
    expect(await signedInAt(phone)).toBe(false);
    await signInAs(phone, email, 'a-new-password-2');
    await laptop.context().close();
    await phone.context().close();
  });
});
