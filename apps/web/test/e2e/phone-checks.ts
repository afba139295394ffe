import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import { expectNoSeriousA11yViolations } from './a11y.ts';
import { SCREENSHOTS, screenshot } from './browser.ts';

// What phone-gaps.e2e checks at every page it renders: nothing sticks out sideways, axe finds nothing
// serious, and a screenshot to look at; and what a CSV download's file name must say in the tenant's zone.

/** The page's scrolled width, with the first few elements sticking out past the viewport named. */
async function sideways(page: Page, width: number) {
  return page.evaluate((w) => {
    const wide = [...document.querySelectorAll('body *')]
      .filter((e) => e.getBoundingClientRect().right > w + 1 && !e.closest('.overflow-x-auto, .overflow-auto'))
      .slice(0, 5)
      .map((e) => `${e.tagName.toLowerCase()}.${e.className.toString().slice(0, 60)}`);
    return { width: document.scrollingElement!.scrollWidth, wide: wide.join(' | ') };
  }, width);
}

/** No sideways scroll, axe clean of serious violations, and a screenshot (`whole`: the full page, else the screen). */
export async function checkPage(page: Page, name: string, opts: { whole?: boolean } = {}): Promise<void> {
  const width = page.viewportSize()!.width;
  const s = await sideways(page, width);
  expect(s.width, `${name} ${page.url()}: ${s.wide}`).toBeLessThanOrEqual(width);
  await expectNoSeriousA11yViolations(page, `${name} ${page.url()}`);
  if (opts.whole === false) await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
  else await screenshot(page, name);
}

/** `2026-12-05-18-07-1100`: the minute `at` in `timeZone` with its UTC offset, as a CSV file name carries it. */
export function zonedStamp(at: Date, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'longOffset',
    })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  const offset = parts.timeZoneName === 'GMT' ? '+0000' : parts.timeZoneName!.slice(3).replace(':', '');
  return `${parts.year}-${parts.month}-${parts.day}-${parts.hour}-${parts.minute}${offset}`;
}

/**
 * Clicks an export link and reads the file; the name must be `<noun>-<stamp>.csv` with the stamp of a
 * minute between the click and the download in the tenant's time zone (not the browser's, not UTC).
 */
export async function downloadCsv(page: Page, link: string, noun: string, timeZone: string) {
  const before = new Date();
  const [file] = await Promise.all([page.waitForEvent('download'), page.locator(link).click()]);
  const text = await readFile((await file.path())!, 'utf8');
  const after = new Date();
  const name = file.suggestedFilename();
  const allowed = [...new Set([before, after].map((d) => `${noun}-${zonedStamp(d, timeZone)}.csv`))];
  expect(allowed, `${name} is not stamped in ${timeZone}`).toContain(name);
  return { name, lines: text.split('\r\n').filter(Boolean), utcDay: before.toISOString().slice(0, 10) };
}
