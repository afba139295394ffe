import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { createDb, type Db } from '@magma/db';
import { E2E } from './seed.ts';

// Helpers for browser tests. The server, database and port come from tooling/vitest/e2e-setup.ts.

const root = path.resolve(import.meta.dirname, '../../../..');
export const SCREENSHOTS = path.join(root, 'artifacts/screenshots');

function port(): string {
  const p = process.env.MAGMA_E2E_PORT;
  if (!p) throw new Error('MAGMA_E2E_PORT is not set: run browser tests with `vitest run --project e2e`');
  return p;
}

/** http://<slug>.localhost:<port><path> — Chromium maps *.localhost to the test server. */
export const tenantUrl = (slug: string, p = '/') => `http://${slug}.localhost:${port()}${p}`;
/** Any host name (custom domains are mapped to 127.0.0.1 in `openBrowser`). */
export const hostUrl = (host: string, p = '/') => `http://${host}:${port()}${p}`;
export const platformUrl = (p = '/') => `http://localhost:${port()}${p}`;

/**
 * Resolves once no streamed segment is waiting to be swapped in. Next streams a server-rendered page: each
 * Suspense boundary's content first arrives in a hidden `div` with an id `S:<n>` and is swapped in by a script
 * a moment later (React batches the reveals), so right after the `load` event a page can hold two copies of a
 * section and a locator can match both.
 */
export async function streamed(page: Page): Promise<void> {
  await page.waitForFunction(() => document.querySelectorAll('div[hidden][id^="S:"]').length === 0);
}

const settledPages = new WeakSet<Page>();

/** Every full navigation of the page (goto, reload, back, forward) resolves only once its page has streamed. */
function settleNavigations(page: Page): Page {
  if (settledPages.has(page)) return page;
  settledPages.add(page);
  for (const name of ['goto', 'reload', 'goBack', 'goForward'] as const) {
    const navigate = page[name].bind(page) as (...args: unknown[]) => Promise<unknown>;
    Object.assign(page, {
      [name]: async (...args: unknown[]) => {
        const response = await navigate(...args);
        await streamed(page);
        return response;
      },
    });
  }
  return page;
}

function settleContext(context: BrowserContext): BrowserContext {
  context.on('page', settleNavigations);
  const newPage = context.newPage.bind(context);
  context.newPage = async () => settleNavigations(await newPage());
  return context;
}

export async function openBrowser(opts: { extraHosts?: string[] } = {}): Promise<Browser> {
  const rules = ['MAP *.localhost 127.0.0.1', ...(opts.extraHosts ?? []).map((h) => `MAP ${h} 127.0.0.1`)].join(',');
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      `--host-resolver-rules=${rules}`,
    ],
  });
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (...args) => settleContext(await newContext(...args));
  const newPage = browser.newPage.bind(browser);
  browser.newPage = async (...args) => settleNavigations(await newPage(...args));
  return browser;
}

export async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  return context.newPage();
}

/** A page signed in as Voltway's operator admin, on its dashboard (the tenant browser tests may change). */
export async function voltwayAdmin(browser: Browser): Promise<Page> {
  const page = await newPage(browser);
  await signIn(page, { baseUrl: tenantUrl('voltway'), email: E2E.voltway.admin, password: E2E.voltway.password });
  await page.waitForURL(tenantUrl('voltway', '/'));
  return page;
}

export async function signIn(page: Page, opts: { baseUrl: string; email: string; password: string }): Promise<void> {
  await page.goto(`${opts.baseUrl}/sign-in`);
  await page.fill('input[name=email]', opts.email);
  await page.fill('input[name=password]', opts.password);
  await page.click('button[type=submit]');
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Direct access to the e2e database, for arranging data and checking results. */
export function e2eDb(): Db {
  const url = process.env.MAGMA_E2E_DATABASE_URL;
  if (!url) throw new Error('MAGMA_E2E_DATABASE_URL is not set');
  return createDb({ url, max: 2 });
}
