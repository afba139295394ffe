import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
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

export async function openBrowser(opts: { extraHosts?: string[] } = {}): Promise<Browser> {
  const rules = ['MAP *.localhost 127.0.0.1', ...(opts.extraHosts ?? []).map((h) => `MAP ${h} 127.0.0.1`)].join(',');
  return chromium.launch({
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
