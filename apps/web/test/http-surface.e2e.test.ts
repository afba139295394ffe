import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Db } from '@magma/db';
import { E2E } from './e2e/seed.ts';
import { e2eDb, newPage, openBrowser, screenshot, signIn, tenantUrl } from './e2e/browser.ts';

// The web app's HTTP surface on the real server (`next start`): security headers and a CSP the
// pages actually live with (no violation in a real browser), cross-site mutations refused, bodies
// capped before they are read, and an export that fails part-way never looking like a file.

let browser: Browser;
let db: Db;
const port = () => Number(process.env.MAGMA_E2E_PORT);
const DEMO = `${E2E.demo.slug}.localhost`;

type Answer = { status: number; headers: http.IncomingHttpHeaders; body: string; complete: boolean };

/** One request to the server with any Host (Node cannot resolve *.localhost by itself). */
function request(
  path: string,
  {
    host = DEMO,
    method = 'GET',
    headers = {},
    body,
  }: { host?: string; method?: string; headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port: port(),
        path,
        method,
        headers: { host: `${host}:${port()}`, ...headers },
        timeout: 30_000,
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        const done = (complete: boolean) =>
          resolve({ status: res.statusCode!, headers: res.headers, body: text, complete });
        res.on('end', () => done(res.complete));
        res.on('aborted', () => done(false));
        res.on('error', () => done(false));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

let cookie = '';
let page: Page;
const violations: string[] = [];

beforeAll(async () => {
  db = e2eDb();
  browser = await openBrowser();
  page = await newPage(browser);
  page.on('console', (m) => {
    if (/Content[- ]Security[- ]Policy|Refused to (load|execute|apply|connect|frame)/i.test(m.text()))
      violations.push(m.text());
  });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) =>
      console.error(`Content Security Policy violation: ${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  await signIn(page, { baseUrl: tenantUrl(E2E.demo.slug), email: E2E.demo.admin, password: E2E.demo.password });
  await page.waitForURL((u) => !u.pathname.startsWith('/sign-in'));
  cookie = (await page.context().cookies())
    .filter((c) => c.domain.includes('localhost'))
    .map((c) => `${c.name}=${c.value}`)
    .join('; ');
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await db?.$disconnect();
});

describe('security headers', () => {
  it('a page carries a nonce CSP that its own scripts use, and the static headers', async () => {
    const res = await request('/sign-in');
    expect(res.status).toBe(200);
    const csp = String(res.headers['content-security-policy']);
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(res.body).toContain(`nonce="${nonce}"`);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['strict-transport-security']).toBeUndefined();
    // A second request gets a fresh nonce.
    const again = await request('/sign-in');
    expect(String(again.headers['content-security-policy'])).not.toContain(nonce);
  });

  it('HSTS only when the request came over TLS (through a proxy), API routes included', async () => {
    const tls = await request('/api/health', { headers: { 'x-forwarded-proto': 'https' } });
    expect(tls.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    expect(tls.headers['x-content-type-options']).toBe('nosniff');
  });

  it.each([
    ['the sign-in page', '/sign-in', 'input[name=email]'],
    ['the dashboard', '/', 'nav[aria-label=Main]'],
  ])('%s runs without a CSP violation in Chromium', async (_name, path, selector) => {
    violations.length = 0;
    const p = path === '/sign-in' ? await newPage(browser) : page;
    if (p !== page)
      p.on('console', (m) => /Content[- ]Security[- ]Policy/i.test(m.text()) && violations.push(m.text()));
    await p.goto(tenantUrl(E2E.demo.slug, path));
    await p.waitForSelector(selector);
    await p.waitForLoadState('networkidle').catch(() => {});
    // Hydrated: React attached its handlers, which Next's nonce-less scripts would not have.
    expect(await p.evaluate(() => document.querySelectorAll('script[nonce]').length)).toBeGreaterThan(0);
    expect(violations).toEqual([]);
    await screenshot(p, `csp-${path === '/' ? 'dashboard' : 'sign-in'}`);
  });

  it('the driver page runs without a CSP violation in Chromium', async () => {
    const connector = await db.connector.findFirstOrThrow({
      where: { charger: { tenant: { slug: E2E.demo.slug } }, shortCode: { not: null } },
      select: { shortCode: true },
    });
    const p = await newPage(browser);
    const seen: string[] = [];
    p.on('console', (m) => /Content[- ]Security[- ]Policy/i.test(m.text()) && seen.push(m.text()));
    await p.goto(tenantUrl(E2E.demo.slug, `/c/${connector.shortCode}`));
    await p.waitForSelector('[data-testid=connector-state]');
    await expect.poll(() => p.textContent('[data-testid=connector-state]'), { timeout: 15_000 }).toBeTruthy();
    expect(seen).toEqual([]);
    await screenshot(p, 'csp-driver');
  });
});

describe('internal routing headers', () => {
  // The proxy rewrites `/x` to `/{host}/x`; Next's x-middleware-* headers (which name that path)
  // stay inside the server. A client navigation still gets Next's own x-nextjs-rewritten-* headers,
  // which the app router needs to place the answer in its cache.
  const internal = (h: http.IncomingHttpHeaders) => Object.keys(h).filter((k) => k.startsWith('x-middleware-'));

  it.each([
    ['the sign-in page', '/sign-in', false],
    ['the dashboard', '/', true],
    ['a list with a query', '/reservations?show=all', true],
  ])('%s is answered without x-middleware-* headers or the rewritten path', async (_name, path, signedIn) => {
    const res = await request(path, { headers: signedIn ? { cookie } : {} });
    expect(res.status).toBe(200);
    expect(internal(res.headers)).toEqual([]);
    expect(JSON.stringify(res.headers)).not.toContain(`/${DEMO}`);
  });

  it('a client navigation (RSC request) is answered without x-middleware-* headers', async () => {
    // Next first redirects an RSC request without its cache-busting `_rsc` parameter to the URL with
    // it (307), as the router's own fetches carry; both answers keep the internal headers in.
    const headers = { cookie, rsc: '1' };
    const first = await request('/reservations?show=all', { headers });
    expect(internal(first.headers)).toEqual([]);
    const res = first.status === 307 ? await request(String(first.headers.location), { headers }) : first;
    expect(res.status).toBe(200);
    expect(String(res.headers['content-type'])).toContain('text/x-component');
    expect(internal(res.headers)).toEqual([]);
  });
});

describe('host and tree', () => {
  it.each(['/voltway.localhost/c/x.js', '/voltway.localhost/s/x.js', '/voltway.localhost/sign-in.css'])(
    "a path the proxy skips (%s) cannot render another tenant's tree",
    async (path) => {
      const res = await request(path);
      expect(res.status).toBe(404);
      expect(res.body).not.toContain(E2E.voltway.name);
    },
  );
});

describe('cross-site mutations', () => {
  it('a form posted from another site with the session cookie changes nothing', async () => {
    const before = await db.tenant.findUniqueOrThrow({
      where: { slug: E2E.demo.slug },
      select: { supportEmail: true },
    });
    const boundary = '----magma';
    const form = `--${boundary}\r\nContent-Disposition: form-data; name="supportEmail"\r\n\r\nevil@example.com\r\n--${boundary}--\r\n`;
    const attempts: Record<string, string>[] = [
      {
        origin: 'https://evil.example',
        'sec-fetch-site': 'cross-site',
        'content-type': `multipart/form-data; boundary=${boundary}`,
      },
      { 'content-type': `multipart/form-data; boundary=${boundary}` },
      { origin: 'http://voltway.localhost', 'sec-fetch-site': 'same-site', 'content-type': 'application/json' },
    ];
    for (const headers of attempts) {
      const res = await request('/api/trpc/tenant.updateBranding', {
        method: 'POST',
        headers: { cookie, ...headers },
        body: form,
      });
      expect([403, 415]).toContain(res.status);
    }
    const after = await db.tenant.findUniqueOrThrow({ where: { slug: E2E.demo.slug }, select: { supportEmail: true } });
    expect(after).toEqual(before);
  });

  it('the dashboard itself still calls mutations (same origin, JSON)', async () => {
    const status = await page.evaluate(async () => {
      const r = await fetch('/api/trpc/tenant.updateBranding', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ json: {} }),
      });
      return r.status;
    });
    expect(status).not.toBe(403);
    expect(status).not.toBe(415);
  });
});

describe('body caps', () => {
  it('a 64 MB webhook post is refused with 413 long before it is read', async () => {
    const chunk = Buffer.alloc(1024 * 1024, 0x61);
    let sent = 0;
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request({
        host: '127.0.0.1',
        port: port(),
        path: '/api/payments/razorpay/webhook',
        method: 'POST',
        headers: { host: `${DEMO}:${port()}`, 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode!);
        req.destroy();
      });
      req.on('error', (e) => (sent >= 64 * chunk.length ? reject(e) : undefined));
      const pump = () => {
        while (sent < 64 * chunk.length) {
          sent += chunk.length;
          if (!req.write(chunk)) return void req.once('drain', pump);
        }
        req.end();
      };
      pump();
    });
    expect(status).toBe(413);
    expect(sent).toBeLessThan(64 * chunk.length);
  });

  it.each(['/api/driver/checkout', '/api/driver/pin'])('%s refuses a body past its limit with 413', async (path) => {
    const res = await request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ pad: 'x'.repeat(200_000) }),
    });
    expect(res.status).toBe(413);
  });
});

describe('CSV export failing on the server', () => {
  it('is an error, not a complete 200 file', async () => {
    await db.$executeRawUnsafe('ALTER TABLE "Transaction" RENAME TO "Transaction_gone"');
    let res: Answer;
    try {
      res = await request('/api/export/sessions', { headers: { cookie } });
    } finally {
      await db.$executeRawUnsafe('ALTER TABLE "Transaction_gone" RENAME TO "Transaction"');
    }
    expect(res.status === 200 && res.complete).toBe(false);
    expect(res.body).not.toMatch(/Transaction_gone|relation|does not exist/);
  });
});
