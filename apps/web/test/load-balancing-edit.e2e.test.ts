import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Db } from '@magma/db';
import { e2eDb, newPage, openBrowser, screenshot, signIn, tenantUrl, voltwayAdmin } from './e2e/browser.ts';
import { expectNoSeriousA11yViolations } from './e2e/a11y.ts';
import { E2E } from './e2e/seed.ts';

// Editing a site's circuits on its load-balancing page (#21), as an operator admin: add a circuit,
// put an EVSE under it, see the last 24 hours drawn against its capacity, change its capacity and
// its offline fallback (one above its EVSE's maximum is refused), delete it after the confirmation
// says what happens; the labelled forms pass axe, and the page fits a phone.

const NAME = 'E2E main supply';

let browser: Browser;
let db: Db;
let admin: Page;
let tenantId: string;
let siteId: string;

beforeAll(async () => {
  browser = await openBrowser();
  db = e2eDb();
  tenantId = (await db.tenant.findUniqueOrThrow({ where: { slug: 'voltway' } })).id;
  const charger = await db.charger.findFirstOrThrow({
    where: { tenantId, siteId: { not: null }, evses: { some: {} } },
    orderBy: { identity: 'asc' },
  });
  siteId = charger.siteId!;
  await db.loadCircuit.deleteMany({ where: { tenantId, name: NAME } });
  admin = await voltwayAdmin(browser);
});
afterAll(async () => {
  await db?.loadCircuit.deleteMany({ where: { tenantId, name: NAME } });
  await browser?.close();
  await db?.$disconnect();
});

describe('circuit editing on the load-balancing page', () => {
  it('adds a circuit, assigns an EVSE, edits its capacity and deletes it after confirming', async () => {
    await admin.goto(tenantUrl('voltway', `/sites/${siteId}/load-balancing`));
    await admin.getByRole('button', { name: 'Add a circuit' }).click();
    const add = admin.getByRole('form', { name: 'Add a circuit' });
    await add.getByLabel('Name').fill(NAME);
    await add.getByLabel('Capacity (A per phase)').fill('63');
    await add.getByRole('button', { name: 'Save circuit' }).click();
    await admin.getByRole('button', { name: `Edit ${NAME}` }).waitFor();
    const circuit = await db.loadCircuit.findFirstOrThrow({ where: { tenantId, siteId, name: NAME } });
    expect(circuit.maxCurrentA).toBe(63);

    const assign = admin.getByRole('form', { name: 'Assign an EVSE' });
    await assign.getByLabel('Circuit').selectOption({ label: NAME });
    await assign.getByLabel('Maximum current (A)').fill('16');
    await assign.getByRole('button', { name: 'Save assignment' }).click();
    await admin.getByTestId('evse').first().waitFor();
    await expect.poll(() => db.loadCircuitEvse.count({ where: { circuitId: circuit.id, maxCurrentA: 16 } })).toBe(1);

    // The last 24 hours: the site's draw against the main's capacity (63 A × 3 × 230 V), with a table.
    const chart = admin.getByTestId('site-load-chart');
    await chart.waitFor();
    await expect
      .poll(() => chart.getByRole('img').getAttribute('aria-label'))
      .toMatch(/^Site power, last 24 hours: now [\d.]+ kW, peak [\d.]+ kW at \d\d:\d\d, capacity 43\.47 kW now/);
    expect(await chart.getByTestId('site-load-capacity').count()).toBeGreaterThan(0);
    await chart.getByText('Table by hour').click();
    expect(await chart.getByTestId('site-load-table').locator('tbody tr').count()).toBeGreaterThanOrEqual(24);
    await chart.scrollIntoViewIfNeeded();
    await screenshot(admin, 'load-balancing-history-desktop');

    // Until set, the top circuit's offline fallback is each EVSE's minimum.
    await admin.getByText('Offline: each EVSE’s minimum current').waitFor();
    await admin.getByRole('button', { name: `Edit ${NAME}` }).click();
    const edit = admin.getByRole('form', { name: `Edit ${NAME}` });
    await edit.getByLabel('If the charger loses us').selectOption({ label: 'A fixed current' });
    await edit.getByLabel('Offline current (A per phase)').fill('20');
    await expectNoSeriousA11yViolations(admin, 'load balancing, editing a circuit');
    await edit.getByLabel('Capacity (A per phase)').fill('40');
    await edit.getByRole('button', { name: 'Save circuit' }).click();
    // Above the 16 A of the only EVSE under it: refused, said in the form, nothing changed.
    await edit
      .getByText(/offline fallback \(20 A\) is above the maximum of every EVSE under this circuit \(16 A\)/)
      .waitFor();
    expect((await db.loadCircuit.findUniqueOrThrow({ where: { id: circuit.id } })).maxCurrentA).toBe(63);
    await edit.getByLabel('Offline current (A per phase)').fill('10');
    await screenshot(admin, 'load-balancing-edit-desktop');
    await edit.getByRole('button', { name: 'Save circuit' }).click();
    await edit.waitFor({ state: 'detached' });
    await expect
      .poll(async () => {
        const c = await db.loadCircuit.findUnique({ where: { id: circuit.id } });
        return [c?.maxCurrentA, c?.fallbackCurrentA];
      })
      .toEqual([40, 10]);
    await admin.getByText('Offline: 10 A per phase').waitFor();

    await admin.getByRole('button', { name: `Delete ${NAME}` }).click();
    const dialog = admin.getByRole('dialog');
    await expect(dialog.textContent()).resolves.toMatch(/1 EVSE\(s\) under it are taken out of load balancing/);
    await dialog.getByRole('button', { name: 'Delete circuit' }).click();
    await admin.getByRole('button', { name: `Edit ${NAME}` }).waitFor({ state: 'detached' });
    expect(await db.loadCircuit.count({ where: { id: circuit.id } })).toBe(0);
    expect(await db.loadCircuitEvse.count({ where: { circuitId: circuit.id } })).toBe(0);
  });

  it('fits a phone', async () => {
    const phone = await newPage(browser);
    await phone.setViewportSize({ width: 390, height: 844 });
    await signIn(phone, { baseUrl: tenantUrl('voltway'), email: E2E.voltway.admin, password: E2E.voltway.password });
    await phone.waitForURL(tenantUrl('voltway', '/'));
    await phone.goto(tenantUrl('voltway', `/sites/${siteId}/load-balancing`));
    await phone.getByRole('button', { name: 'Add a circuit' }).click();
    const add = phone.getByRole('form', { name: 'Add a circuit' });
    await add.getByLabel('If the charger loses us').selectOption({ label: 'A fixed current' });
    await add.getByLabel('Offline current (A per phase)').waitFor();
    const width = await phone.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
    await screenshot(phone, 'load-balancing-edit-phone');
  });
});
