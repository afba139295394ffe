import { extractText, getDocumentProxy } from 'unpdf';
import { describe, expect, it } from 'vitest';
import {
  maskBank,
  maskPan,
  statementFilename,
  type StatementDocument,
  type StatementFigures,
} from './statement-document.ts';
import { renderStatementPdf, type StatementBrand } from './statement-pdf.ts';

// The PDF is read back with pdf.js (unpdf) and checked for what the vendor reads on it.

const figures = (f: Partial<StatementFigures> = {}): StatementFigures => ({
  sessions: 1234,
  energyWh: 12_345_678,
  grossMinor: 123_456_789,
  gstMinor: 18_832_391,
  gatewayFeeMinor: 2469,
  platformFeeMinor: 1000,
  vendorShareMinor: 7_000_000,
  tdsMinor: 7000,
  tcsMinor: 3500,
  refundsMinor: 500,
  adjustmentsMinor: -250,
  weekNetMinor: 6_989_250,
  openingMinor: -1000,
  netPayableMinor: 6_988_250,
  carriedForwardMinor: 0,
  ...f,
});

const aStatement = (s: Partial<StatementDocument> = {}): StatementDocument => ({
  id: '3f0c1a52-8d43-4a2c-9d63-6f1d7a3c2b10',
  weekId: '9b2f3c4d-1e2f-4a5b-8c7d-0e1f2a3b4c5d',
  operator: { name: 'Voltway', timeZone: 'Asia/Kolkata', currency: 'INR' },
  vendor: {
    id: 'v1',
    name: 'Sunrise Malls',
    legalName: 'Sunrise Malls Pvt Ltd',
    gstNumber: null,
    panMasked: maskPan('ABCDE1234F'),
    bankMasked: maskBank({ accountNumber: '50100123456789', ifsc: 'hdfc0001234' }),
  },
  site: null,
  periodStart: new Date('2026-11-15T18:30:00Z'),
  periodEnd: new Date('2026-11-22T18:30:00Z'),
  closedAt: new Date('2026-11-22T18:45:00Z'),
  figures: figures(),
  sites: [
    { statementId: 's1', siteId: 'x1', siteName: 'Koramangala Mall', ...figures({ grossMinor: 100_000_000 }) },
    { statementId: 's2', siteId: 'x2', siteName: 'Whitefield Plaza', ...figures({ grossMinor: 23_456_789 }) },
  ],
  payouts: [
    {
      id: 'p1',
      createdAt: new Date('2026-11-23T05:00:00Z'),
      amountMinor: 6_988_250,
      status: 'PROCESSED',
      utr: 'UTR4455667788',
    },
  ],
  ...s,
});

const brand: StatementBrand = {
  name: 'Voltway',
  primaryColor: '#2f54eb',
  logo: null,
  supportEmail: 'help@voltway.example',
};

async function textOf(bytes: Uint8Array) {
  const { text, totalPages } = await extractText(new Uint8Array(bytes), { mergePages: true });
  return { text: text.replace(/\s+/g, ' '), totalPages };
}

describe('renderStatementPdf', () => {
  it('shows the figures with the rupee sign and Indian grouping, the week in the operator’s zone, the sites and the payout’s UTR', async () => {
    const bytes = await renderStatementPdf({
      statement: aStatement(),
      brand,
      generatedAt: new Date('2026-11-23T06:00:00Z'),
    });
    expect(Buffer.from(bytes.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
    const { text, totalPages } = await textOf(bytes);
    expect(totalPages).toBe(1);
    for (const shown of [
      'Settlement statement',
      '16 Nov – 22 Nov 2026', // the week ends 23 Nov 00:00 IST: its last day is the 22nd
      'Sunrise Malls Pvt Ltd',
      'Sessions 1,234',
      'Energy 12,345.678 kWh',
      'Gross collected (incl. GST) ₹12,34,567.89',
      'GST ₹1,88,323.91',
      'Gateway fees borne ₹24.69',
      'Platform fee borne ₹10.00',
      'Vendor share ₹70,000.00',
      'TDS (section 194-O) ₹70.00',
      'TCS (GST section 52) ₹35.00',
      'Adjustments −₹2.50',
      'Brought forward −₹10.00',
      'Net payable ₹69,882.50',
      'Carried forward ₹0.00',
      'Koramangala Mall',
      '₹10,00,000.00',
      'Whitefield Plaza',
      'UTR4455667788',
      'help@voltway.example',
    ])
      expect(text).toContain(shown);
  });

  it('masks the PAN and the bank account: the full numbers are nowhere in the file', async () => {
    const { text } = await textOf(await renderStatementPdf({ statement: aStatement(), brand }));
    expect(text).toContain('PAN ••••••234F');
    expect(text).toContain('A/c ••••6789 · IFSC HDFC0001234');
    expect(text).not.toContain('ABCDE1234F');
    expect(text).not.toContain('50100123456789');
  });

  it('a site’s statement has its own figures and no site table or payouts', async () => {
    const site = aStatement({
      site: { id: 'x1', name: 'Koramangala Mall' },
      figures: figures({ grossMinor: 100_000_000 }),
      sites: [],
      payouts: [],
    });
    const { text } = await textOf(await renderStatementPdf({ statement: site, brand }));
    expect(text).toContain('Site: Koramangala Mall');
    expect(text).toContain('Gross collected (incl. GST) ₹10,00,000.00');
    expect(text).not.toContain('By site');
    expect(text).not.toContain('Net payable');
    expect(text).not.toContain('Payouts');
  });

  it('continues a long site table on the next page, with a footer on every page', async () => {
    const many = Array.from({ length: 70 }, (_, i) => ({
      statementId: `s${i}`,
      siteId: `x${i}`,
      siteName: `Site ${String(i).padStart(2, '0')}`,
      ...figures(),
    }));
    const bytes = await renderStatementPdf({ statement: aStatement({ sites: many }), brand });
    const pdf = await getDocumentProxy(new Uint8Array(bytes));
    expect(pdf.numPages).toBe(3);
    const { text } = await extractText(pdf, { mergePages: false });
    expect(text[2]).toContain('Site 69');
    expect(text[2]).toContain('UTR4455667788');
    text.forEach((page, i) => expect(page).toContain(`Page ${i + 1} of 3`));
  });

  it('draws the operator’s PNG logo as an image, and its name when there is no logo', async () => {
    // A 1×1 PNG stands in for the logo.
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGD4DwABBAEAwS2OUAAAAABJRU5ErkJggg==',
      'base64',
    );
    const withLogo = await renderStatementPdf({
      statement: aStatement(),
      brand: { ...brand, logo: { contentType: 'image/png', bytes: png } },
    });
    const without = await renderStatementPdf({ statement: aStatement(), brand });
    expect(Buffer.from(withLogo).toString('latin1')).toContain('/Subtype /Image');
    expect(Buffer.from(without).toString('latin1')).not.toContain('/Subtype /Image');
    expect((await textOf(without)).text.startsWith('Voltway')).toBe(true);
    expect((await textOf(withLogo)).text.startsWith('Voltway')).toBe(false);
  });
});

describe('masking and names', () => {
  it.each([
    ['ABCDE1234F', '••••••234F'],
    ['abcde1234f', '••••••234F'],
    [null, null],
  ])('PAN %s → %s', (pan, shown) => expect(maskPan(pan)).toBe(shown));

  it.each([
    [{ accountNumber: '5010 0123 4567 89', ifsc: 'hdfc0001234' }, 'A/c ••••6789 · IFSC HDFC0001234'],
    [{ accountNumber: '1234567890' }, 'A/c ••••7890'],
    [{ vpa: 'sunrise.malls@okhdfc' }, 'UPI su••••@okhdfc'],
    [{}, null],
  ])('bank %j → %s', (account, shown) => expect(maskBank(account)).toBe(shown));

  it('names the file by the week’s first local day, the vendor and the site', () => {
    expect(statementFilename(aStatement())).toBe('statement-2026-11-16-sunrise-malls.pdf');
    expect(statementFilename(aStatement({ site: { id: 'x', name: 'Koramangala Mall #2' } }))).toBe(
      'statement-2026-11-16-sunrise-malls-koramangala-mall-2.pdf',
    );
  });
});
