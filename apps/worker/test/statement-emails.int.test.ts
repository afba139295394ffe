import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { extractText } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeSettlementWeek } from '@magma/core/settlements';
import { sendStatementEmails } from '@magma/core/statements';
import { createTestDatabase, type TestDatabase } from '@magma/db/testing';
import { statementMail } from '../src/statement-mail.ts';

// The weekly statement email end to end on a real PostgreSQL: a week with paid sessions is closed,
// the worker's job sends each vendor with a contact email its statement (PDF attached) through
// Resend's documented API, answered by a local server on 127.0.0.1 (POST /emails → {"id"}); a
// vendor without an email is recorded as skipped; a refused send is tried again; two runs at once
// and any later run send nothing twice.

type Sent = { to: string[]; subject: string; text: string; attachments?: { filename: string; content: string }[] };
let sent: Sent[] = [];
let refuse = false;
let resendUrl: string;
let close: () => Promise<void>;
let t: TestDatabase;
let tenantId: string;
const vendors: Record<'pan' | 'plain' | 'silent', string> = { pan: '', plain: '', silent: '' };

const weekStart = new Date('2026-11-15T18:30:00Z'); // Monday 00:00 IST, the default cut-off
const closedAt = new Date('2026-11-23T00:00:00Z');

async function paidSession(db: TestDatabase['db'], v: { vendorId: string; siteId: string; chargerId: string }) {
  const payment = await db.payment.create({
    data: {
      tenantId,
      provider: 'TEST',
      providerOrderId: `order_${randomUUID()}`,
      providerPaymentId: `pay_${randomUUID()}`,
      amountMinor: 118_000,
      capturedMinor: 118_000,
      status: 'CAPTURED',
      chargerId: v.chargerId,
    },
  });
  const at = new Date('2026-11-18T10:00:00Z');
  await db.transaction.create({
    data: {
      tenantId,
      chargerId: v.chargerId,
      siteId: v.siteId,
      vendorId: v.vendorId,
      evseId: 1,
      ocppTransactionId: randomUUID(),
      status: 'COMPLETED',
      startedAt: new Date(at.getTime() - 3_600_000),
      stoppedAt: at,
      energyWh: 40_000,
      costMinor: 100_000,
      taxMinor: 18_000,
      pricedAt: at,
      paymentId: payment.id,
    },
  });
}

beforeAll(async () => {
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
    req.on('end', () => {
      if (refuse) {
        res.writeHead(422, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ statusCode: 422, name: 'validation_error', message: 'Try again' }));
        return;
      }
      sent.push(JSON.parse(raw) as Sent);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: randomUUID() }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  resendUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => new Promise((r) => server.close(() => r()));

  t = await createTestDatabase();
  const db = t.db;
  tenantId = (
    await db.tenant.create({ data: { slug: `st-${randomUUID().slice(0, 8)}`, name: 'Voltway', themeKey: 'voltway' } })
  ).id;
  const specs = [
    ['pan', 'Sunrise Malls', 'accounts@sunrise.example', 'ABCPE1234F'],
    ['plain', 'Lakeview Parking', 'owner@lakeview.example', null],
    ['silent', 'Quiet Garage', null, null],
  ] as const;
  for (const [key, name, contactEmail, pan] of specs) {
    const vendor = await db.vendor.create({
      data: { tenantId, name, legalName: `${name} Pvt Ltd`, contactEmail, pan, bankAccountNumber: '50100123456789' },
    });
    const site = await db.site.create({
      data: { tenantId, vendorId: vendor.id, name: `${name} Site`, address: 'a', city: 'Bengaluru', state: 'KA' },
    });
    const charger = await db.charger.create({
      data: { tenantId, vendorId: vendor.id, siteId: site.id, identity: `CP-${randomUUID().slice(0, 8)}` },
    });
    await db.splitTerms.create({
      data: { tenantId, vendorId: vendor.id, version: 1, effectiveFrom: new Date('2026-01-01'), vendorShareBps: 7000 },
    });
    await paidSession(db, { vendorId: vendor.id, siteId: site.id, chargerId: charger.id });
    vendors[key] = vendor.id;
  }
  const closed = await closeSettlementWeek({ db, tenantId, at: weekStart, now: closedAt });
  expect(closed.statements).toBeGreaterThanOrEqual(3);
});
afterAll(async () => {
  await close?.();
  await t?.drop();
});

const run = () =>
  sendStatementEmails({
    db: t.db,
    mail: statementMail({
      db: t.db,
      resendApiKey: 're_test_123',
      resendBaseUrl: resendUrl,
      themesDir: path.resolve(import.meta.dirname, '../../../themes'),
    }),
    now: new Date(closedAt.getTime() + 3_600_000),
    tenantIds: [tenantId],
  });

const rows = async () =>
  Object.fromEntries(
    (await t.db.statementEmail.findMany({ where: { tenantId } })).map((r) => [
      Object.entries(vendors).find(([, id]) => id === r.vendorId)![0],
      r,
    ]),
  );

describe('the weekly statement email', () => {
  it('records a refused send as FAILED and a vendor without a contact email as skipped', async () => {
    refuse = true;
    const r = await run();
    expect(r).toMatchObject({ sent: 0, failed: 2, skippedNoEmail: ['Voltway / Quiet Garage'] });
    const by = await rows();
    expect(by.pan).toMatchObject({ status: 'FAILED', attempts: 1, to: 'accounts@sunrise.example' });
    expect(by.pan!.error).toContain('Try again');
    expect(by.silent).toMatchObject({ status: 'SKIPPED_NO_EMAIL', to: null });
  });

  it('tries again and sends each vendor its statement once, PDF attached, even with two runs at once', async () => {
    refuse = false;
    sent = [];
    const [a, b] = await Promise.all([run(), run()]);
    expect(a.sent + b.sent).toBe(2);
    expect(a.skippedNoEmail).toEqual([]); // reported once, when first skipped
    expect(sent.map((m) => m.to[0]).sort()).toEqual(['accounts@sunrise.example', 'owner@lakeview.example']);
    const mail = sent.find((m) => m.to[0] === 'accounts@sunrise.example')!;
    // 70% of the ₹1,000 taxable value, less 0.1% TDS (194-O, valid PAN), rounded to the rupee.
    expect(mail.subject).toBe('Voltway statement for 16 Nov – 22 Nov 2026: ₹699.00 payable');
    expect(mail.text).toContain('Hello Sunrise Malls');
    // The Voltway theme's SVG logo, rasterised: inline in the email's header and drawn in the PDF.
    expect(mail.attachments!.map((a) => a.filename)).toEqual(['logo.png', 'statement-2026-11-16-sunrise-malls.pdf']);
    const bytes = Buffer.from(mail.attachments![1]!.content, 'base64');
    expect(bytes.toString('latin1')).toContain('/Subtype /Image');
    const { text } = await extractText(new Uint8Array(bytes), { mergePages: true });
    for (const shown of ['Sunrise Malls Pvt Ltd', 'PAN ••••••234F', 'A/c ••••6789', 'Net payable ₹699.00'])
      expect(text).toContain(shown);
    expect(text).not.toContain('ABCPE1234F');
    const by = await rows();
    expect(by.pan).toMatchObject({ status: 'SENT', attempts: 2, error: null });
    expect(by.plain).toMatchObject({ status: 'SENT', attempts: 2 });
    expect(await t.db.emailOutbox.count({ where: { tenantId, template: 'statement-ready', status: 'SENT' } })).toBe(2);
  });

  it('a later run sends nothing again, and sends the skipped vendor its statement once it has an email', async () => {
    sent = [];
    expect(await run()).toMatchObject({ sent: 0, failed: 0, skippedNoEmail: [] });
    expect(sent).toHaveLength(0);
    await t.db.vendor.update({ where: { id: vendors.silent }, data: { contactEmail: 'quiet@garage.example' } });
    expect(await run()).toMatchObject({ sent: 1 });
    expect(sent.map((m) => m.to[0])).toEqual(['quiet@garage.example']);
    expect((await rows()).silent).toMatchObject({ status: 'SENT', to: 'quiet@garage.example' });
  });
});
