import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTestDatabase, type TestDatabase } from '@magma/db/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sendEmail } from './send-email.ts';
import { aBrand, aSessionReceipt } from './testing/builders.ts';

// Resend's documented API (https://resend.com/docs/api-reference/emails/send-email), answered by a
// local server on 127.0.0.1: POST /emails with a Bearer key → 200 {"id": "…"}.

type Seen = { method: string; path: string; headers: IncomingHttpHeaders; body: Record<string, unknown> };
let seen: Seen[] = [];
let answer: { status: number; json: unknown } = { status: 200, json: { id: '49a3999c-0ce1-4ea6-ab68-afcd6dc2e794' } };
let resendUrl: string;
let close: () => Promise<void>;
let t: TestDatabase;
let tenantId: string;

beforeAll(async () => {
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
    req.on('end', () => {
      seen.push({
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: raw ? (JSON.parse(raw) as Record<string, unknown>) : {},
      });
      res.writeHead(answer.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(answer.json));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  resendUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => new Promise((r) => server.close(() => r()));
  t = await createTestDatabase();
  tenantId = (await t.db.tenant.create({ data: { slug: 'mail', name: 'Voltway' } })).id;
});
afterAll(async () => {
  await close();
  await t.drop();
});
beforeEach(() => {
  seen = [];
  answer = { status: 200, json: { id: '49a3999c-0ce1-4ea6-ab68-afcd6dc2e794' } };
});

const base = () => ({
  db: t.db,
  tenantId,
  brand: aBrand(),
  to: 'driver@example.in',
  template: 'session-receipt' as const,
  props: aSessionReceipt(),
});

describe('sendEmail', () => {
  it('without a Resend key writes the rendered email to the dev outbox and calls nobody', async () => {
    const r = await sendEmail(base());
    expect(r.status).toBe('OUTBOX');
    const row = await t.db.emailOutbox.findUniqueOrThrow({ where: { id: r.outboxId } });
    expect(row).toMatchObject({
      tenantId,
      to: 'driver@example.in',
      from: '"Voltway Charging" <hello@voltway.example>',
      template: 'session-receipt',
      status: 'OUTBOX',
      providerId: null,
    });
    expect(row.subject).toContain('₹438.03');
    expect(row.html).toContain('Idle fee');
    expect(row.text).toContain('₹438.03');
    expect(seen).toHaveLength(0);
  });

  it('with a key sends through Resend and records SENT with Resend’s id', async () => {
    const r = await sendEmail({ ...base(), resendApiKey: 're_test_123', resendBaseUrl: resendUrl });
    expect(r).toMatchObject({ status: 'SENT', providerId: '49a3999c-0ce1-4ea6-ab68-afcd6dc2e794' });
    expect(seen).toHaveLength(1);
    const req = seen[0]!;
    expect(req.method).toBe('POST');
    expect(req.path).toBe('/emails');
    expect(req.headers.authorization).toBe('Bearer re_test_123');
    expect(req.headers['idempotency-key']).toBe(`email-${r.outboxId}`);
    expect(req.body).toMatchObject({
      from: '"Voltway Charging" <hello@voltway.example>',
      to: ['driver@example.in'],
      subject: 'Voltway receipt VW-2026-000123: ₹438.03 for 18.456 kWh',
      reply_to: 'help@voltway.example',
    });
    expect(String(req.body.html)).toContain('₹438.03');
    expect(String(req.body.text)).toContain('Session fee');
    const row = await t.db.emailOutbox.findUniqueOrThrow({ where: { id: r.outboxId } });
    expect(row).toMatchObject({ status: 'SENT', providerId: '49a3999c-0ce1-4ea6-ab68-afcd6dc2e794' });
    expect(row.sentAt).toBeInstanceOf(Date);
  });

  it('a refusal from Resend is recorded as FAILED with the reason, not thrown', async () => {
    answer = { status: 422, json: { statusCode: 422, name: 'validation_error', message: 'Invalid `to` field.' } };
    const r = await sendEmail({ ...base(), resendApiKey: 're_test_123', resendBaseUrl: resendUrl });
    expect(r).toMatchObject({ status: 'FAILED', error: expect.stringContaining('Invalid `to` field.') });
    const row = await t.db.emailOutbox.findUniqueOrThrow({ where: { id: r.outboxId } });
    expect(row).toMatchObject({
      status: 'FAILED',
      providerId: null,
      error: expect.stringContaining('validation_error'),
    });
  });

  it('an unreachable Resend is recorded as FAILED', async () => {
    const r = await sendEmail({ ...base(), resendApiKey: 're_test_123', resendBaseUrl: 'http://127.0.0.1:9' });
    expect(r.status).toBe('FAILED');
  });

  it('puts a brand’s logo image in the header: inline (cid:) through Resend, as a data: URL in the outbox (issue #16)', async () => {
    // A 1×1 PNG stands in for the theme's logo, rasterised by the web app.
    const png = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGD4DwABBAEAwS2OUAAAAABJRU5ErkJggg==';
    const brand = aBrand({ logoUrl: null, logoImage: { contentType: 'image/png', base64: png } });
    const r = await sendEmail({ ...base(), brand, resendApiKey: 're_test_123', resendBaseUrl: resendUrl });
    expect(r.status).toBe('SENT');
    expect(seen[0]!.body.html).toContain('src="cid:brand-logo"');
    expect(seen[0]!.body.attachments).toEqual([
      { filename: 'logo.png', content: png, content_type: 'image/png', content_id: 'brand-logo' },
    ]);
    const row = await t.db.emailOutbox.findUniqueOrThrow({ where: { id: r.outboxId } });
    expect(row.html).toContain(`src="data:image/png;base64,${png}"`);
    expect(row.html).not.toContain('cid:');
  });

  it('sends files as base64 attachments beside the inline logo (a statement PDF, issue #17)', async () => {
    const png = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGD4DwABBAEAwS2OUAAAAABJRU5ErkJggg==';
    const brand = aBrand({ logoUrl: null, logoImage: { contentType: 'image/png', base64: png } });
    const pdf = new TextEncoder().encode('%PDF-1.7 statement');
    const r = await sendEmail({
      ...base(),
      brand,
      attachments: [{ filename: 'statement.pdf', contentType: 'application/pdf', content: pdf }],
      resendApiKey: 're_test_123',
      resendBaseUrl: resendUrl,
    });
    expect(r.status).toBe('SENT');
    expect(seen[0]!.body.attachments).toEqual([
      { filename: 'logo.png', content: png, content_type: 'image/png', content_id: 'brand-logo' },
      { filename: 'statement.pdf', content: Buffer.from(pdf).toString('base64'), content_type: 'application/pdf' },
    ]);
    expect(String(seen[0]!.body.html)).not.toContain('Attached:');
    // The outbox keeps no files, but its copy names them.
    const row = await t.db.emailOutbox.findUniqueOrThrow({ where: { id: r.outboxId } });
    expect(row.html).toContain('Attached: statement.pdf (1 KB)');
  });

  it('sends no attachment when the brand has a logo URL or no logo', async () => {
    await sendEmail({ ...base(), resendApiKey: 're_test_123', resendBaseUrl: resendUrl });
    expect(seen[0]!.body.attachments).toBeUndefined();
    expect(seen[0]!.body.html).toContain('https://cdn.voltway.example/logo.png');
  });
});
