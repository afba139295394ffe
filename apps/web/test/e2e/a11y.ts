import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { expect } from 'vitest';
import type { Page, Request } from 'playwright-core';
import type { AxeResults } from 'axe-core';

// axe-core in the browser tests (#19): WCAG 2.2 A/AA rules, failing on `serious` and `critical`
// violations with each one named by rule, its help text and the first few elements it found.

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

type Finding = { id: string; impact: string; help: string; nodes: string[] };

/** The requests a page has in flight, once `watchRequests` follows it (its live event streams never end and are left out). */
type Inflight = { open: Set<Request>; idle: (() => void)[] };
const watched = new WeakMap<Page, Inflight>();
const FOLLOWED = new Set(['document', 'fetch', 'xhr', 'script', 'stylesheet']);

/**
 * Follows the page's requests from now on, so that axe can start as soon as the last data request of a
 * page has ended instead of waiting for network idle (which a page holding an EventSource never reaches).
 * Call it before the page navigates.
 */
export function watchRequests(page: Page): void {
  if (watched.has(page)) return;
  const w: Inflight = { open: new Set(), idle: [] };
  watched.set(page, w);
  page.on('request', (r) => {
    if (FOLLOWED.has(r.resourceType())) w.open.add(r);
  });
  const end = (r: Request) => {
    if (w.open.delete(r) && w.open.size === 0) for (const f of w.idle.splice(0)) f();
  };
  page.on('requestfinished', end);
  page.on('requestfailed', end);
}

/** Until no followed request is open, checked again two frames later (a query that starts once its component has mounted). */
async function requestsDone(page: Page, w: Inflight, until: number): Promise<void> {
  for (;;) {
    if (w.open.size) {
      const left = until - Date.now();
      if (left <= 0) return;
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        w.idle.push(() => (clearTimeout(t), resolve()));
      });
    }
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    if (!w.open.size || Date.now() >= until) return;
  }
}

/**
 * Waits (up to a few seconds, best effort) for the page's data requests to end and its CSS transitions to
 * finish: a button enabled once its data has loaded fades in from its disabled opacity, and axe would
 * measure its contrast halfway through the fade. A page followed by `watchRequests` waits for its own
 * requests; another waits for network idle.
 */
async function quiet(page: Page): Promise<void> {
  const w = watched.get(page);
  if (w) await requestsDone(page, w, Date.now() + 5_000);
  else await page.waitForLoadState('networkidle', { timeout: 3_000 }).catch(() => undefined);
  await page
    .waitForFunction(
      () => !document.getAnimations().some((a) => a instanceof CSSTransition && a.playState === 'running'),
      null,
      { timeout: 3_000 },
    )
    .catch(() => undefined);
}

export async function seriousA11yViolations(page: Page, opts: { rules?: string[] } = {}): Promise<Finding[]> {
  await quiet(page);
  // Evaluated through the DevTools protocol rather than a <script> tag, which the app's CSP refuses.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  const results = await page.evaluate(
    ({ tags, rules }) =>
      (window as unknown as { axe: { run: (c: unknown, o: unknown) => Promise<AxeResults> } }).axe.run(document, {
        runOnly: rules ? { type: 'rule', values: rules } : { type: 'tag', values: tags },
        resultTypes: ['violations'],
      }),
    { tags: TAGS, rules: opts.rules },
  );
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      id: v.id,
      impact: v.impact ?? '',
      help: v.help,
      nodes: v.nodes
        .slice(0, 5)
        .map((n) => `${n.target.join(' ')} — ${n.failureSummary?.split('\n').slice(1).join('; ')}`),
    }));
}

export function describeFindings(findings: Finding[]): string {
  return findings
    .map((f) => `[${f.impact}] ${f.id}: ${f.help}\n${f.nodes.map((n) => `    ${n}`).join('\n')}`)
    .join('\n');
}

/** Fails the test on serious or critical axe violations, listing them; `where` names the page in the message. */
export async function expectNoSeriousA11yViolations(page: Page, where = page.url()): Promise<void> {
  // A refresh after an action (router.refresh) re-renders the head: the title is briefly absent while
  // React replaces it. Check the page once it has one again (a page that never has one still fails).
  await page.waitForFunction(() => document.title.trim() !== '', undefined, { timeout: 5_000 }).catch(() => {});
  const findings = await seriousA11yViolations(page);
  expect(findings, `${where}\n${describeFindings(findings)}`).toEqual([]);
}
