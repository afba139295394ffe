import http from 'node:http';
import * as oauth from 'oauth4webapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { verifyAccessToken } from '@magma/core/oauth';
import { E2E } from './e2e/seed.ts';
import { e2eDb, newPage, openBrowser, screenshot, signIn, tenantUrl, voltwayAdmin } from './e2e/browser.ts';

// Settings → Developers on the real server, then the client it made used by a third-party OAuth
// library (oauth4webapi) against the real route handlers: RFC 8414 discovery on the tenant's host
// (through the proxy's rewrite), client credentials, RFC 9068 validation with the JWKS,
// introspection and revocation.

let browser: Browser;
let page: Page;
const port = () => Number(process.env.MAGMA_E2E_PORT);

/** fetch for `*.localhost:port` (Node cannot resolve it): connects to 127.0.0.1 and keeps the Host. */
async function hostFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  const req = new Request(input, init);
  const url = new URL(req.url);
  const body = req.body ? Buffer.from(await req.arrayBuffer()) : undefined;
  return new Promise((resolve, reject) => {
    const r = http.request(
      {
        host: '127.0.0.1',
        port: url.port,
        path: url.pathname + url.search,
        method: req.method,
        headers: { ...Object.fromEntries(req.headers), host: url.host },
        timeout: 30_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const headers = new Headers();
          for (const [k, v] of Object.entries(res.headers)) if (typeof v === 'string') headers.set(k, v);
          const status = res.statusCode ?? 500;
          resolve(new Response(status === 204 ? null : Buffer.concat(chunks), { status, headers }));
        });
      },
    );
    r.on('error', reject);
    r.end(body);
  });
}

const opts = { [oauth.allowInsecureRequests]: true, [oauth.customFetch]: hostFetch };

beforeAll(async () => {
  browser = await openBrowser();
  page = await voltwayAdmin(browser);
}, 180_000);

afterAll(async () => {
  await browser?.close();
});

describe('Settings → Developers and the OAuth endpoints', () => {
  let clientId = '';
  let secret = '';

  it('creates a client and shows its secret once', async () => {
    await page.goto(tenantUrl('voltway', '/settings/developers'));
    await expect
      .poll(() => page.getByTestId('token-endpoint').textContent())
      .toBe(tenantUrl('voltway', '/api/oauth/token'));
    await page.fill('input[name=name]', 'Nightly sync');
    await page.getByRole('button', { name: 'Create client' }).click();
    const shown = page.getByTestId('shown-once');
    await shown.waitFor();
    secret = (await shown.textContent())!.trim();
    expect(secret).toMatch(/^mgs_/);
    clientId = (await page.locator('[data-client="Nightly sync"] [data-testid=client-id]').textContent())!.trim();
    expect(clientId).toMatch(/^mgc_/);
    await screenshot(page, 'developers-settings-desktop');
    await page.reload();
    await page.locator('[data-client="Nightly sync"]').waitFor();
    expect(await page.content()).not.toContain(secret);
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, 'developers-settings-phone');
  });

  it('a third-party OAuth client completes client credentials against our metadata', async () => {
    const issuer = new URL(tenantUrl('voltway', '/').slice(0, -1));
    const as = await oauth.processDiscoveryResponse(
      issuer,
      await oauth.discoveryRequest(issuer, { algorithm: 'oauth2', ...opts }),
    );
    expect(as.token_endpoint).toBe(tenantUrl('voltway', '/api/oauth/token'));
    const client: oauth.Client = { client_id: clientId };
    const auth = oauth.ClientSecretBasic(secret);
    const token = await oauth.processClientCredentialsResponse(
      as,
      client,
      await oauth.clientCredentialsGrantRequest(as, client, auth, { scope: 'chargers:read' }, opts),
    );
    const claims = await oauth.validateJwtAccessToken(
      as,
      new Request(`http://api.localhost:${port()}/api/v1/chargers`, {
        headers: { authorization: `Bearer ${token.access_token}` },
      }),
      'urn:magma:api',
      opts,
    );
    expect(claims.client_id).toBe(clientId);
    const introspect = () =>
      oauth
        .introspectionRequest(as, client, auth, token.access_token, opts)
        .then((r) => oauth.processIntrospectionResponse(as, client, r));
    expect(await introspect()).toMatchObject({ active: true, scope: 'chargers:read' });
    await oauth.processRevocationResponse(await oauth.revocationRequest(as, client, auth, token.access_token, opts));
    expect(await introspect()).toEqual({ active: false });

    const wrong = await oauth
      .clientCredentialsGrantRequest(as, client, oauth.ClientSecretBasic('mgs_wrong'), {}, opts)
      .then((r) => r.status);
    expect(wrong).toBe(401);
  });

  it('a vendor user makes a personal token on Your account, acting as that vendor', async () => {
    const vendor = await newPage(browser);
    await signIn(vendor, { baseUrl: tenantUrl(E2E.demo.slug), email: E2E.demo.vendor, password: E2E.demo.password });
    await vendor.waitForURL((u) => !u.pathname.startsWith('/sign-in'));
    await vendor.goto(tenantUrl(E2E.demo.slug, '/account'));
    await vendor.fill('input[name=name]', 'Vendor export');
    await vendor.getByRole('button', { name: 'Create token' }).click();
    const shown = vendor.getByTestId('shown-once');
    await shown.waitFor();
    const token = (await shown.textContent())!.trim();
    expect(token).toMatch(/^mgp_/);
    await vendor.locator('[data-token="Vendor export"]').waitFor();
    await screenshot(vendor, 'account-personal-token-vendor');
    const db = e2eDb();
    try {
      expect(await verifyAccessToken({ db, token })).toMatchObject({ kind: 'personal', role: 'VENDOR_USER' });
    } finally {
      await db.$disconnect();
    }
  });
});
