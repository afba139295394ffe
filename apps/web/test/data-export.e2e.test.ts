import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Db } from '@magma/db';
import { runDueExports, sealExportSecret } from '@magma/core/exports';
import { startS3TestServer, type S3TestServer } from '@magma/core/exports/testing';
import { parseCredentialKeys } from '@magma/core/webhooks';
import { e2eDb, openBrowser, screenshot, tenantUrl, voltwayAdmin } from './e2e/browser.ts';

// Settings → Data export on a desktop and a phone: the web app refuses a destination on a private
// address (the error is on the page), a destination at a local S3-compatible server (which checks
// every SigV4 signature) is shown with its secret masked, Test connection reports the refusal, and
// Export now shows the run's progress bar until the worker's tick has exported it.

const creds = { accessKeyId: 'AKIAVOLTWAY', secretAccessKey: 'voltway-export-secret-9Kd3', region: 'auto' };
// The key the e2e web server seals with (tooling/vitest/e2e-setup.ts).
const keyring = parseCredentialKeys(`e2e:${Buffer.alloc(32, 7).toString('base64')}`);

let browser: Browser;
let db: Db;
let admin: Page;
let s3: S3TestServer;
let tenantId: string;

beforeAll(async () => {
  s3 = await startS3TestServer({ bucket: 'voltway-warehouse', ...creds });
  browser = await openBrowser();
  db = e2eDb();
  tenantId = (await db.tenant.findUniqueOrThrow({ where: { slug: 'voltway' } })).id;
  admin = await voltwayAdmin(browser);
});
afterAll(async () => {
  await db?.exportDestination.deleteMany({ where: { tenantId } });
  await db?.payment.deleteMany({ where: { providerOrderId: { startsWith: 'order_e2e_export_' } } });
  await browser?.close();
  await db?.$disconnect();
  await s3?.close();
});

describe('Settings → Data export', () => {
  it('refuses a private endpoint, then exports with a progress bar', async () => {
    await admin.goto(tenantUrl('voltway', '/settings/export'));
    await admin.getByText('Set up a destination first').waitFor();
    const form = admin.getByRole('form', { name: 'Export destination' });
    await form.getByLabel('Endpoint URL').fill(s3.endpoint);
    await form.getByLabel('Bucket', { exact: true }).fill('voltway-warehouse');
    await form.getByLabel('Access key id').fill(creds.accessKeyId);
    await form.getByLabel('Secret access key').fill(creds.secretAccessKey);
    await form.getByRole('button', { name: 'Save destination' }).click();
    await expect(form.getByRole('alert').textContent()).resolves.toMatch(/private/);

    // As an operator whose store is on its own network would have it (the worker allows private addresses).
    await db.exportDestination.create({
      data: {
        tenantId,
        endpointUrl: s3.endpoint,
        region: creds.region,
        bucket: 'voltway-warehouse',
        accessKeyId: creds.accessKeyId,
        secretSealed: sealExportSecret(keyring, tenantId, creds.secretAccessKey),
        secretLast4: creds.secretAccessKey.slice(-4),
        format: 'BOTH',
      },
    });
    for (const amountMinor of [41_300, 23_600])
      await db.payment.create({
        data: { tenantId, provider: 'RAZORPAY', amountMinor, providerOrderId: `order_e2e_export_${amountMinor}` },
      });
    await admin.reload();
    await expect(admin.content()).resolves.not.toContain(creds.secretAccessKey);
    await admin.getByText('Stored, ending in 9Kd3').waitFor();
    await admin.getByRole('button', { name: 'Test connection' }).click();
    await expect(admin.getByTestId('test-result').textContent()).resolves.toMatch(/That address is private/);

    await admin.getByRole('button', { name: 'Export now' }).click();
    const bar = admin.getByRole('progressbar', { name: 'Export progress' });
    await admin.getByText('Queued: the worker starts it within a minute').waitFor();
    const [result] = await runDueExports({ db, settings: { keyring, allowPrivateAddresses: true }, settleMs: 0 });
    expect(result).toMatchObject({ tenantId, status: 'SUCCEEDED' });
    await admin.getByText(/Done: [1-9][\d,]* rows exported/).waitFor({ timeout: 10_000 });
    expect(await bar.getAttribute('aria-valuenow')).toBe('100');
    expect(s3.keys(`tenant=${tenantId}/manifests/`)).toHaveLength(1);
    expect(s3.rejected).toEqual([]);
    // The page's run list and last-export line catch up once the run ends.
    await admin.getByText('succeeded', { exact: true }).waitFor({ timeout: 10_000 });
    await admin.getByText(/Last successful export/).waitFor();
    await admin.setViewportSize({ width: 1440, height: 900 });
    await screenshot(admin, 'data-export-desktop');
    await admin.setViewportSize({ width: 390, height: 844 });
    await screenshot(admin, 'data-export-phone');
  });
});
