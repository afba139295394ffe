import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Db } from '@magma/db';
import { admitCharger } from '@magma/core/chargers';
import { e2eDb, openBrowser, screenshot, tenantUrl, voltwayAdmin } from './e2e/browser.ts';

// An operator admin onboards chargers: decides what happens to unknown identities, approves a
// charger that asked to join, and imports a fleet from a CSV file. Uses the Voltway tenant.

let browser: Browser;
let db: Db;
let admin: Page;
let tenantId: string;

beforeAll(async () => {
  browser = await openBrowser();
  db = e2eDb();
  tenantId = (await db.tenant.findUniqueOrThrow({ where: { slug: 'voltway' } })).id;
  admin = await voltwayAdmin(browser);
});
afterAll(async () => {
  await browser?.close();
  await db?.$disconnect();
});

async function setPolicy(policy: 'REJECT' | 'PENDING' | 'ACCEPT') {
  await admin.goto(tenantUrl('voltway', '/chargers'));
  const form = admin.locator('form[aria-label="Unknown chargers"]');
  await form.locator('select[name=policy]').selectOption(policy);
  await form.locator('button[type=submit]').click();
  await form.locator('[role=status]:has-text("Saved")').waitFor();
  expect((await db.tenant.findUniqueOrThrow({ where: { id: tenantId } })).unknownChargerPolicy).toBe(policy);
}

describe('chargers page', () => {
  it('sets the policy for unknown identities', async () => {
    await setPolicy('PENDING');
  });

  it('approves a charger that asked to join', async () => {
    // What the relay does when an unknown identity connects under the PENDING policy.
    await db.charger.create({
      data: { tenantId, identity: 'VW-NEWCOMER', protocol: 'OCPP201', registration: 'PENDING', vendorName: 'ABB' },
    });
    await admin.goto(tenantUrl('voltway', '/chargers'));
    const row = admin.locator('[data-testid=waiting-chargers] [data-charger="VW-NEWCOMER"]');
    await row.waitFor();
    expect(await row.textContent()).toContain('OCPP 2.0.1');
    await screenshot(admin, 'chargers-voltway-waiting');
    await row.locator('button:has-text("Approve")').click();
    await row.waitFor({ state: 'detached' });
    expect((await db.charger.findFirstOrThrow({ where: { identity: 'VW-NEWCOMER' } })).registration).toBe('ACCEPTED');
    const listed = admin.locator('[data-testid=chargers] [data-charger="VW-NEWCOMER"]');
    expect(await listed.textContent()).not.toContain('Awaiting approval');
  });

  it('imports a CSV: a wrong row names its line and nothing is added; the fixed file adds every charger', async () => {
    await admin.goto(tenantUrl('voltway', '/chargers'));
    const form = admin.locator('form[aria-label="Import chargers"]');
    const upload = (text: string) =>
      form
        .locator('input[type=file]')
        .setInputFiles({ name: 'fleet.csv', mimeType: 'text/csv', buffer: Buffer.from(text) });

    await upload('identity,protocol,connectors,site\nVW-IMP-1,ocpp1.6,2,Voltway Hub\nVW-IMP-2,ocpp9,1,Voltway Hub\n');
    await form.locator('button[type=submit]').click();
    const problem = form.locator('[data-testid=import-errors] tr');
    await problem.first().waitFor();
    expect(await problem.count()).toBe(1);
    expect(await problem.first().textContent()).toMatch(/^3VW-IMP-2protocol: protocol must be ocpp1.6 or ocpp2.0.1/);
    expect(await db.charger.count({ where: { identity: { startsWith: 'VW-IMP-' } } })).toBe(0);
    await screenshot(admin, 'chargers-voltway-import-errors');

    await upload(
      'identity,protocol,connectors,site\nVW-IMP-1,ocpp1.6,2,Voltway Hub\nVW-IMP-2,ocpp2.0.1,CCS2:60,Voltway Hub\n',
    );
    await form.locator('button[type=submit]').click();
    await form.locator('[role=status]:has-text("2 chargers added")').waitFor();
    await admin.locator('[data-testid=chargers] [data-charger="VW-IMP-2"]').waitFor();
    const imported = await db.charger.findMany({
      where: { identity: { startsWith: 'VW-IMP-' } },
      orderBy: { identity: 'asc' },
      include: { connectors: true, site: true },
    });
    expect(imported.map((c) => [c.identity, c.tenantId, c.site?.name, c.connectors.length])).toEqual([
      ['VW-IMP-1', tenantId, 'Voltway Hub', 2],
      ['VW-IMP-2', tenantId, 'Voltway Hub', 1],
    ]);
    await screenshot(admin, 'chargers-voltway');
  });

  it('finds a charger by identity', async () => {
    await admin.goto(tenantUrl('voltway', '/chargers?q=imp-2'));
    const rows = admin.locator('[data-testid=chargers] tr');
    expect(await rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain('VW-IMP-2');
  });

  it('gives an imported charger a password shown once, which admission then requires; and removes it', async () => {
    const admit = (password: string | null) =>
      admitCharger({
        db,
        identity: 'VW-IMP-1',
        tenantSlug: 'voltway',
        defaultTenantSlug: 'voltway',
        protocol: 'OCPP16',
        password,
        secure: false,
      });
    const charger = await db.charger.findFirstOrThrow({ where: { identity: 'VW-IMP-1' } });
    await admin.goto(tenantUrl('voltway', `/chargers/${charger.id}`));
    const box = admin.locator('[data-testid=charger-password]');
    await box.locator('button:has-text("Set a password")').click();
    const password = (await box.locator('[data-testid=new-password]').textContent())!;
    expect(password).toMatch(/^[A-Za-z0-9]{24}$/);
    await screenshot(admin, 'charger-password-voltway');
    expect((await admit(password)).ok).toBe(true);
    expect(await admit(null)).toMatchObject({ ok: false, status: 401 });

    await admin.reload();
    await box.locator('button:has-text("Remove password")').click();
    await box.locator('button:has-text("Remove")').last().click();
    await box.locator('button:has-text("Set a password")').waitFor();
    expect((await admit(null)).ok).toBe(true);
  });

  it('puts the policy back to refusing unknown identities', async () => {
    await setPolicy('REJECT');
  });
});
