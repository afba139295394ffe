import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Db } from '@magma/db';
import { DEMO_CHARGER_PASSWORD } from '@magma/core';
import { createBus, type Bus } from '@magma/core/bus';
import { freePort } from '@magma/db/embedded';
import { startRelay, type Relay } from '../../ocpp-relay/src/server.ts';
import { SimulatedCharger } from '../../ocpp-relay/src/simulator/index.ts';
import { E2E } from './e2e/seed.ts';
import { e2eDb, newPage, openBrowser, screenshot, signIn, tenantUrl } from './e2e/browser.ts';

// The operator dashboard against a simulated charger on a real relay: KPIs and the connector
// table, filters in the URL, the CSV export, a remote reset answered by the charger, and how fast
// a StatusNotification reaches the screen.

const IDENTITY = 'BLR-014'; // OCPP 1.6, one 7.4 kW connector, Indiranagar Café (Bengaluru); no other browser test drives it
const quiet = { info: () => {}, warn: () => {}, error: () => {} };

let browser: Browser;
let page: Page;
let db: Db;
let bus: Bus;
let relay: Relay;
let sim: SimulatedCharger;
let chargerId: string;

const row = (evse = 1) => `[data-connector="${IDENTITY}:${evse}"]`;

beforeAll(async () => {
  db = e2eDb();
  const charger = await db.charger.findFirstOrThrow({ where: { identity: IDENTITY }, include: { connectors: true } });
  chargerId = charger.id;
  bus = createBus({ kind: 'pg', databaseUrl: process.env.MAGMA_E2E_DATABASE_URL! });
  relay = await startRelay({
    db,
    bus,
    port: await freePort(),
    host: '127.0.0.1',
    defaultTenantSlug: 'demo',
    instanceId: 'e2e-dashboard-relay',
    log: quiet,
  });
  sim = new SimulatedCharger({
    url: `ws://127.0.0.1:${relay.port}/ocpp/demo`,
    identity: IDENTITY,
    protocol: 'ocpp1.6',
    password: DEMO_CHARGER_PASSWORD,
    connectors: charger.connectors.length,
    meterIntervalMs: 0,
    powerW: 7000,
  });
  await sim.start();
  browser = await openBrowser();
  page = await newPage(browser);
  await signIn(page, { baseUrl: tenantUrl(E2E.demo.slug), email: E2E.demo.admin, password: E2E.demo.password });
  await page.waitForURL((u) => !u.pathname.startsWith('/sign-in'));
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await sim?.close();
  await relay?.close();
  await bus?.close();
  await db?.$disconnect();
});

async function openOverview(query = '') {
  await page.goto(tenantUrl(E2E.demo.slug, `/${query}`));
  await page.waitForSelector('[data-testid="connector-rows"]');
  await page.waitForSelector('[data-testid="live-indicator"][data-connected="true"]');
}

describe('operator overview', () => {
  it('shows the KPIs, the power chart and every connector', async () => {
    await openOverview();
    for (const kpi of ['kpi-active', 'kpi-energy', 'kpi-revenue', 'kpi-connectors']) {
      expect(await page.textContent(`[data-testid="${kpi}-value"]`)).toBeTruthy();
    }
    await page.waitForSelector('[data-testid="power-chart"]');
    const connectors = await db.connector.count({ where: { charger: { tenant: { slug: E2E.demo.slug } } } });
    expect(await page.textContent('[data-testid="connector-total"]')).toContain(`of ${connectors} connectors`);
    expect(await page.getAttribute(row(), 'data-status')).not.toBe('offline');
    await screenshot(page, 'dashboard-overview');
  });

  it('filters by city and power level through the URL, and exports exactly those rows as CSV', async () => {
    await openOverview();
    await page.selectOption('select[name=city]', 'Bengaluru');
    await page.waitForURL(/city=Bengaluru/);
    await page.selectOption('select[name=power]', 'ac_slow');
    await page.waitForURL(/power=ac_slow/);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="connector-rows"] tr').length > 0);
    const cities = await page.$$eval('[data-testid="connector-rows"] tr td:nth-child(2) span', (els) =>
      els.map((e) => e.textContent),
    );
    expect(new Set(cities)).toEqual(new Set(['Bengaluru']));
    const expected = await db.connector.count({
      where: { charger: { tenant: { slug: E2E.demo.slug }, site: { city: 'Bengaluru' } }, maxPowerKw: { lte: 11 } },
    });
    expect(await page.textContent('[data-testid="connector-total"]')).toContain(`of ${expected} connectors`);

    // Reload: the filter lives in the URL.
    await page.reload();
    expect(await page.inputValue('select[name=city]')).toBe('Bengaluru');

    const href = await page.getAttribute('[data-testid="export-csv"]', 'href');
    expect(href).toContain('city=Bengaluru');
    // Downloaded the way the link does it: same origin, with the session cookie.
    const res = await page.evaluate(async (url) => {
      const r = await fetch(url);
      return { status: r.status, type: r.headers.get('content-type'), text: await r.text() };
    }, href!);
    expect(res.status).toBe(200);
    expect(res.type).toContain('text/csv');
    const lines = res.text.split('\r\n').filter(Boolean);
    expect(lines[0]).toMatch(/^connector_id,charger,/);
    expect(lines.length - 1).toBe(expected);
    expect(lines.slice(1).every((l) => l.includes(',Bengaluru,'))).toBe(true);
  });

  it('updates a connector row and the KPIs live on a StatusNotification or a meter value (latency printed, measured in BENCHMARKS.md)', async () => {
    await openOverview(`?search=${IDENTITY}`);
    await page.waitForSelector(`${row()}[data-status="available"]`);

    let started = performance.now();
    await sim.sendStatus(1, 'Preparing');
    await page.waitForSelector(`${row()}[data-status="preparing"]`, { timeout: 20_000 });
    const latency = Math.round(performance.now() - started);
    console.log(`status-to-screen latency: ${latency} ms`);

    const kpiBefore = await page.textContent('[data-testid="kpi-connectors-value"]');
    started = performance.now();
    await sim.sendStatus(1, 'Charging');
    await page.waitForFunction(
      (before) => document.querySelector('[data-testid="kpi-connectors-value"]')?.textContent !== before,
      kpiBefore,
      { timeout: 20_000 },
    );
    const kpiLatency = Math.round(performance.now() - started);
    console.log(`status-to-KPI latency: ${kpiLatency} ms`);
    await sim.sendStatus(1, 'Available');
    await page.waitForSelector(`${row()}[data-status="available"]`, { timeout: 20_000 });

    await sim.startTransaction({ evseId: 1, idTag: 'DEMO-RFID-0001' });
    await page.waitForSelector(`${row()}[data-status="charging"]`, { timeout: 20_000 });
    const energyBefore = await page.textContent(`${row()} [data-testid="session-kwh"]`);
    await new Promise((r) => setTimeout(r, 600)); // let the simulated meter advance
    started = performance.now();
    await sim.sendMeterValues(1);
    await page.waitForFunction(
      ({ sel, before }) => {
        const kw = document.querySelector(`${sel} [data-testid="live-kw"]`)?.textContent;
        return (
          kw?.includes('7.0 kW') && document.querySelector(`${sel} [data-testid="session-kwh"]`)?.textContent !== before
        );
      },
      { sel: row(), before: energyBefore },
      { timeout: 20_000 },
    );
    const meterLatency = Math.round(performance.now() - started);
    console.log(`meter-to-screen latency: ${meterLatency} ms`);
    await sim.stopTransaction({ evseId: 1 });
    await page.waitForSelector(`${row()}[data-status="available"]`, { timeout: 20_000 });
  });

  it('alerts the operator when a fault opens', async () => {
    await openOverview(`?search=${IDENTITY}`);
    await sim.sendStatus(1, 'Faulted', 'GroundFailure');
    await page.waitForSelector('[data-testid="fault-alert"]', { timeout: 5_000 });
    expect(await page.textContent('[data-testid="fault-alert"]')).toContain('GroundFailure');
    await page.waitForSelector(`${row()}[data-status="faulted"]`);
    await sim.sendStatus(1, 'Available');
    await page.waitForSelector(`${row()}[data-status="available"]`);
  });

  it('lets the operator acknowledge the fault, with an audit entry', async () => {
    const fault = await db.fault.findFirstOrThrow({
      where: { chargerId, code: 'GroundFailure', acknowledgedAt: null },
      orderBy: { startedAt: 'desc' },
    });
    await page.goto(tenantUrl(E2E.demo.slug, '/faults?show=unacknowledged'));
    const item = `[data-fault="${fault.id}"]`;
    await page.click(`${item} button:has-text("Acknowledge")`);
    // Acknowledged faults leave the "not acknowledged" list.
    await page.waitForSelector(item, { state: 'detached' });
    const admin = await db.user.findUniqueOrThrow({ where: { email: E2E.demo.admin } });
    expect((await db.fault.findUniqueOrThrow({ where: { id: fault.id } })).acknowledgedById).toBe(admin.id);
    expect(
      await db.auditLog.count({ where: { action: 'fault.acknowledge', entityId: fault.id, actorUserId: admin.id } }),
    ).toBe(1);
  });
});

describe('charger page', () => {
  it('sends a soft reset that the charger answers, and records it', async () => {
    await openOverview(`?search=${IDENTITY}`);
    await Promise.all([page.waitForURL(new RegExp(`/chargers/${chargerId}`)), page.click(`${row()} a`)]);
    await page.waitForSelector('[data-testid="charger-actions"]');
    await page.click('[data-testid="reset-soft"]');
    await page.waitForSelector('[data-testid="reply-status"]', { timeout: 15_000 });
    expect(await page.textContent('[data-testid="reply-status"]')).toBe('Accepted');
    expect(sim.received.some((c) => c.action === 'Reset' && (c.params as { type?: string }).type === 'Soft')).toBe(
      true,
    );
    const command = await db.chargerCommand.findFirstOrThrow({
      where: { chargerId, action: 'Reset' },
      orderBy: { requestedAt: 'desc' },
    });
    expect(command.status).toBe('RESPONDED');
    await page.waitForSelector('[data-testid="command-history"] tr');
    await screenshot(page, 'dashboard-charger');
  });

  it('reads the configuration from the charger and shows its keys', async () => {
    await page.goto(tenantUrl(E2E.demo.slug, `/chargers/${chargerId}`));
    await page.click('button:has-text("Get configuration")');
    await page.waitForSelector('[data-testid="configuration"] td:has-text("HeartbeatInterval")', { timeout: 15_000 });
    expect(sim.received.some((c) => c.action === 'GetConfiguration')).toBe(true);
  });

  it('caps the charger at a power the operator types, and the charger accepts the profile', async () => {
    await page.goto(tenantUrl(E2E.demo.slug, `/chargers/${chargerId}`));
    const form = page.locator('form[aria-label="Power limit"]');
    await form.locator('input[name=kw]').fill('3.7');
    await form.locator('button[type=submit]').click();
    await page.locator('[data-testid="action-result"] :text("SetChargingProfile")').waitFor({ timeout: 15_000 });
    expect(await page.textContent('[data-testid="reply-status"]')).toBe('Accepted');
    const set = sim.received.findLast((c) => c.action === 'SetChargingProfile');
    expect(set?.params).toMatchObject({
      connectorId: 0,
      csChargingProfiles: { chargingSchedule: { chargingRateUnit: 'W', chargingSchedulePeriod: [{ limit: 3700 }] } },
    });
  });

  it('reserves the connector for a card, which the charger shows as Reserved, and cancels the reservation', async () => {
    await sim.sendStatus(1, 'Available');
    await page.goto(tenantUrl(E2E.demo.slug, `/chargers/${chargerId}`));
    const form = page.locator('form[aria-label="Reserve a connector"]');
    await form.locator('select[name=evseId]').selectOption('1');
    await form.locator('input[name=idTag]').fill('demo-rfid-0002');
    await form.locator('button[type=submit]').click();
    const active = page.locator('[data-testid="reservation-rows"] tr[data-status="active"]');
    await active.waitFor({ timeout: 15_000 });
    expect(await active.textContent()).toContain('DEMO-RFID-0002');
    expect(await page.textContent('[data-testid="reservation-answer"]')).toMatch(
      /^ReserveNow: reservation #\d+ is active$/,
    );
    const reservation = await db.reservation.findFirstOrThrow({ where: { chargerId, status: 'ACTIVE' } });
    // The form's default end is an hour from now on the operator's clock (the browser's zone differs).
    expect(Math.abs(reservation.expiresAt.getTime() - Date.now() - 3_600_000)).toBeLessThan(5 * 60_000);
    expect(sim.received.findLast((c) => c.action === 'ReserveNow')?.params).toMatchObject({
      connectorId: 1,
      idTag: 'DEMO-RFID-0002',
      reservationId: reservation.ocppId,
    });
    for (let i = 0; (await db.connector.findFirst({ where: { chargerId, evseId: 1 } }))?.status !== 'RESERVED'; i++) {
      expect(i, 'the connector shows Reserved').toBeLessThan(100);
      await new Promise((r) => setTimeout(r, 50));
    }
    await screenshot(page, 'charger-reservations');

    await active.locator('button:has-text("Cancel")').click();
    await page
      .locator(`[data-testid="reservation-rows"] tr[data-reservation="${reservation.ocppId}"][data-status="cancelled"]`)
      .waitFor({ timeout: 15_000 });
    expect(sim.received.findLast((c) => c.action === 'CancelReservation')?.params).toEqual({
      reservationId: reservation.ocppId,
    });
    expect((await db.reservation.findUniqueOrThrow({ where: { id: reservation.id } })).status).toBe('CANCELLED');
  });

  it('lists the reservation on the fleet-wide Reservations page, where the operator cancels it', async () => {
    await sim.sendStatus(1, 'Available');
    await page.goto(tenantUrl(E2E.demo.slug, `/chargers/${chargerId}`));
    const form = page.locator('form[aria-label="Reserve a connector"]');
    await form.locator('select[name=evseId]').selectOption('1');
    await form.locator('input[name=idTag]').fill('demo-rfid-0002');
    await form.locator('button[type=submit]').click();
    await page.locator('[data-testid="reservation-rows"] tr[data-status="active"]').waitFor({ timeout: 15_000 });
    const reservation = await db.reservation.findFirstOrThrow({ where: { chargerId, status: 'ACTIVE' } });

    await page.click('nav[aria-label="Main"] a:has-text("Reservations")');
    await page.waitForURL((u) => u.pathname === '/reservations');
    const row = page.locator(`[data-testid="reservation-rows"] tr[data-reservation="${reservation.ocppId}"]`);
    expect(await row.getAttribute('data-status')).toBe('active');
    expect(await row.locator(`a[href="/chargers/${chargerId}"]`).textContent()).toBe(IDENTITY);
    expect(await row.textContent()).toMatch(/connector 1.*DEMO-RFID-0002/);
    await screenshot(page, 'reservations');

    await row.locator('button:has-text("Cancel")').click();
    expect(await page.locator('[data-testid="reservation-answer"]').textContent({ timeout: 15_000 })).toBe(
      `CancelReservation: reservation #${reservation.ocppId} is cancelled (Cancelled by the operator)`,
    );
    // Gone from the active list, kept under All with what happened.
    await row.waitFor({ state: 'detached', timeout: 15_000 });
    await page.click('nav[aria-label="Filter reservations"] a:has-text("All")');
    await page
      .locator(`[data-testid="reservation-rows"] tr[data-reservation="${reservation.ocppId}"][data-status="cancelled"]`)
      .waitFor({ timeout: 15_000 });
    expect(sim.received.findLast((c) => c.action === 'CancelReservation')?.params).toEqual({
      reservationId: reservation.ocppId,
    });
  });

  it('shows the messages the charger sent on its own, with their content', async () => {
    await sim.call('DataTransfer', { vendorId: 'com.acme', messageId: 'Diagnostics', data: 'cabinetTemp=41C' });
    await page.goto(tenantUrl(E2E.demo.slug, `/chargers/${chargerId}`));
    const row = page.locator('[data-testid="charger-messages"] tr', { hasText: 'DataTransfer' }).first();
    await row.locator('summary').click();
    expect(await row.locator('pre').textContent()).toContain('"data": "cabinetTemp=41C"');
  });
});

describe('sessions history', () => {
  it('filters by charger, totals the selection and exports the same rows', async () => {
    await page.goto(tenantUrl(E2E.demo.slug, `/sessions?charger=${IDENTITY}`));
    await page.waitForSelector('[data-testid="session-rows"]');
    const expected = await db.transaction.count({ where: { chargerId } });
    expect(expected).toBeGreaterThan(0);
    expect(await page.$$eval('[data-testid="session-rows"] tr', (rows) => rows.length)).toBe(expected);
    expect(await page.textContent('[data-testid="session-totals"]')).toContain(String(expected));
    const href = await page.getAttribute('[data-testid="export-sessions"]', 'href');
    const csv = await page.evaluate(async (url) => (await fetch(url)).text(), href!);
    const lines = csv.split('\r\n').filter(Boolean);
    expect(lines.length - 1).toBe(expected);
    expect(lines.slice(1).every((l) => l.includes(`,${IDENTITY},`))).toBe(true);
  });
});
