import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Db } from '@magma/db';
import { sealOscpToken } from '@magma/core/oscp';
import { parseCredentialKeys } from '@magma/core/webhooks';
import { e2eDb, newPage, openBrowser, screenshot, signIn, tenantUrl, voltwayAdmin } from './e2e/browser.ts';
import { E2E } from './e2e/seed.ts';

// Grid operators (OSCP, #21) on a site's load-balancing page, desktop and phone: a connected
// grid operator's state and the step chart of the capacity its forecast gives the site, the
// token never on the page, and the add form refusing a Capacity Provider on a private address.

// The key the e2e web server seals with (tooling/vitest/e2e-setup.ts).
const keyring = parseCredentialKeys(`e2e:${Buffer.alloc(32, 7).toString('base64')}`);
const TOKEN = 'voltway-grid-token-Zq81';
const HOUR = 3_600_000;

let browser: Browser;
let db: Db;
let admin: Page;
let tenantId: string;
let siteId: string;

beforeAll(async () => {
  browser = await openBrowser();
  db = e2eDb();
  tenantId = (await db.tenant.findUniqueOrThrow({ where: { slug: 'voltway' } })).id;
  siteId = (await db.site.findFirstOrThrow({ where: { tenantId }, orderBy: { name: 'asc' } })).id;
  const now = Date.now();
  const c = await db.oscpConnection.create({
    data: {
      tenantId,
      siteId,
      name: 'Pune DSO',
      version: 'V2_0',
      baseUrl: 'https://dso.example/oscp/2.0',
      groupId: 'EAN-E2E-1',
      inboundTokenHash: 'e2e-not-a-real-hash',
      outboundTokenSealed: sealOscpToken(keyring, tenantId, TOKEN),
      outboundTokenLast4: TOKEN.slice(-4),
      status: 'CONNECTED',
      registeredAt: new Date(now - 2 * HOUR),
      handshakeAt: new Date(now - 2 * HOUR),
      lastHeartbeatSentAt: new Date(now - 30_000),
      lastHeartbeatReceivedAt: new Date(now - 20_000),
    },
  });
  const block = (from: number, to: number, kw: number) => ({
    startMs: from,
    endMs: to,
    capacity: kw,
    phase: 'ALL',
    unit: 'KW',
  });
  await db.oscpForecast.create({
    data: {
      tenantId,
      connectionId: c.id,
      groupId: 'EAN-E2E-1',
      type: 'CONSUMPTION',
      blocks: [
        block(now - HOUR, now + 2 * HOUR, 44),
        block(now + 2 * HOUR, now + 5 * HOUR, 22),
        block(now + 5 * HOUR, now + 8 * HOUR, 33),
      ],
      startsAt: new Date(now - HOUR),
      endsAt: new Date(now + 8 * HOUR),
      requestId: 'e2e-forecast-1',
    },
  });
  admin = await voltwayAdmin(browser);
});
afterAll(async () => {
  await db?.oscpConnection.deleteMany({ where: { tenantId } });
  await browser?.close();
  await db?.$disconnect();
});

describe('grid operators on the load-balancing page', () => {
  it('shows the connection and its forecast, never the token, and refuses a private address', async () => {
    await admin.goto(tenantUrl('voltway', `/sites/${siteId}/load-balancing`));
    const section = admin.getByTestId('grid-operator');
    await section.getByText('Pune DSO').waitFor();
    await expect(section.getByText('Connected').count()).resolves.toBe(1);
    await admin.getByTestId('forecast-chart').waitFor();
    await expect(admin.getByTestId('forecast-chart').textContent()).resolves.toMatch(/up to 44 kW/);
    await expect(admin.content()).resolves.not.toContain(TOKEN);
    await screenshot(admin, 'grid-operators-desktop');

    await admin.getByRole('button', { name: 'Add a grid operator' }).click();
    const form = admin.getByRole('form', { name: 'Add a grid operator' });
    await form.getByLabel('Name').fill('Local test DSO');
    await form.getByLabel('Capacity Provider URL').fill('http://127.0.0.1:9/oscp/2.0');
    await form.getByLabel('Group id').fill('EAN-E2E-2');
    await form.getByLabel('Token').fill('another-grid-token-0002');
    await form.getByRole('button', { name: 'Save' }).click();
    await expect(form.getByRole('alert').textContent()).resolves.toMatch(/private/);
    expect(await db.oscpConnection.count({ where: { tenantId, groupId: 'EAN-E2E-2' } })).toBe(0);
  });

  it('fits a phone', async () => {
    const phone = await newPage(browser);
    await phone.setViewportSize({ width: 390, height: 844 });
    await signIn(phone, { baseUrl: tenantUrl('voltway'), email: E2E.voltway.admin, password: E2E.voltway.password });
    await phone.waitForURL(tenantUrl('voltway', '/'));
    await phone.goto(tenantUrl('voltway', `/sites/${siteId}/load-balancing`));
    await phone.getByTestId('forecast-chart').waitFor();
    const width = await phone.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
    await screenshot(phone, 'grid-operators-phone');
  });
});
