import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import type { AxeResults } from 'axe-core';

// axe-core in the browser tests (#19): WCAG 2.2 A/AA rules, failing on `serious` and `critical`
// violations with each one named by rule, its help text and the first few elements it found.

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

type Finding = { id: string; impact: string; help: string; nodes: string[] };

/**
 * Waits (up to a few seconds, best effort) for the page's data requests to end and its CSS transitions to
 * finish: a button enabled once its data has loaded fades in from its disabled opacity, and axe would
 * measure its contrast halfway through the fade.
 */
async function quiet(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle', { timeout: 3_000 }).catch(() => undefined);
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
  const findings = await seriousA11yViolations(page);
  expect(findings, `${where}\n${describeFindings(findings)}`).toEqual([]);
}
