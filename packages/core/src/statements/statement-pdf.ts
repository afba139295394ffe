import PDFDocument from 'pdfkit';
import { formatMoney } from '@magma/tariff/format-money';
import type { StatementDocument, StatementFigures } from './statement-document.ts';
import { statementFonts, type StatementFonts } from './statement-fonts.ts';

// A statement as a PDF in the operator's brand: logo (or name), primary colour, the vendor and its
// masked PAN and bank, the week in the operator's time zone, the figures, the per-site table, the
// payouts with their UTR and a footer on every page. Pure: a document and a brand in, bytes out.

export type StatementBrand = {
  name: string;
  /** #rrggbb */
  primaryColor: string;
  /** PNG or JPEG (an SVG logo is rasterised by the caller, or left out: the name is drawn instead). */
  logo: { contentType: 'image/png' | 'image/jpeg'; bytes: Uint8Array } | null;
  supportEmail?: string | null;
};

const A4 = { width: 595.28, height: 841.89 };
const M = 40;
const WIDTH = A4.width - 2 * M;
const BOTTOM = A4.height - 64;
const INK = '#111827';
const MUTED = '#6b7280';
const RULE = '#e5e7eb';

/** "16 Nov – 22 Nov 2026": the week ends the instant before its cut-off. */
export function statementPeriod(start: Date, end: Date, timeZone: string): string {
  const d = (x: Date, year: boolean) =>
    x.toLocaleDateString('en-IN', { day: 'numeric', month: 'short', ...(year ? { year: 'numeric' } : {}), timeZone });
  return `${d(start, false)} – ${d(new Date(end.getTime() - 1), true)}`;
}

const kwh = (wh: number) =>
  `${(wh / 1000).toLocaleString('en-IN', { minimumFractionDigits: 3, maximumFractionDigits: 3 })} kWh`;
const dateTime = (at: Date, timeZone: string) =>
  at.toLocaleString('en-IN', { dateStyle: 'medium', timeStyle: 'short', timeZone });

type Doc = InstanceType<typeof PDFDocument>;

export async function renderStatementPdf({
  statement: s,
  brand,
  generatedAt = new Date(),
  fonts = statementFonts(),
}: {
  statement: StatementDocument;
  brand: StatementBrand;
  generatedAt?: Date;
  fonts?: StatementFonts;
}): Promise<Uint8Array> {
  const primary = /^#[0-9a-fA-F]{6}$/.test(brand.primaryColor) ? brand.primaryColor : INK;
  const money = (minor: number) => formatMoney(minor, s.operator.currency);
  const period = statementPeriod(s.periodStart, s.periodEnd, s.operator.timeZone);
  const title = `Settlement statement · ${s.vendor.name}${s.site ? ` · ${s.site.name}` : ''} · ${period}`;
  const doc: Doc = new PDFDocument({
    size: 'A4',
    margins: { top: M, left: M, right: M, bottom: M },
    bufferPages: true,
    info: { Title: title, Author: brand.name, Creator: brand.name, CreationDate: generatedAt },
  });
  doc.registerFont('body', Buffer.from(fonts.regular));
  doc.registerFont('bold', Buffer.from(fonts.bold));
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Uint8Array>((resolve, reject) => {
    doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    doc.on('error', reject);
  });

  header(doc, { brand, primary, period, s });
  let y = parties(doc, { s, top: 118 });
  y = figuresTable(doc, { s, primary, money, top: y + 14 });
  if (s.sites.length > 0) y = sitesTable(doc, { s, money, top: y + 22 });
  if (!s.site) payoutsTable(doc, { s, money, top: y + 22 });
  footers(doc, { s, brand, generatedAt });

  doc.end();
  return done;
}

/**
 * The brand's band, as the email header draws it: the primary colour with the logo (themes' logos
 * are drawn for it) or the name in white, and the title and week on the right.
 */
function header(
  doc: Doc,
  { brand, primary, period, s }: { brand: StatementBrand; primary: string; period: string; s: StatementDocument },
) {
  const band = 88;
  doc.rect(0, 0, A4.width, band).fill(primary);
  let drewLogo = false;
  if (brand.logo) {
    try {
      doc.image(Buffer.from(brand.logo.bytes), M, 24, { fit: [180, 40], valign: 'center' });
      drewLogo = true;
    } catch {
      // An image pdfkit cannot read: the name stands in for it.
    }
  }
  if (!drewLogo)
    doc.font('bold').fontSize(20).fillColor('#ffffff').text(brand.name, M, 31, { width: 240, lineBreak: false });
  const right = { width: 300, align: 'right' as const };
  const x = A4.width - M - right.width;
  doc.font('bold').fontSize(15).fillColor('#ffffff').text('Settlement statement', x, 22, right);
  doc.font('body').fontSize(10).text(period, x, 42, right);
  doc
    .fontSize(8)
    .fillOpacity(0.85)
    .text(
      s.closedAt
        ? `Week closed ${dateTime(s.closedAt, s.operator.timeZone)} (${s.operator.timeZone})`
        : s.operator.timeZone,
      x,
      58,
      right,
    )
    .fillOpacity(1);
}

function parties(doc: Doc, { s, top }: { s: StatementDocument; top: number }): number {
  const col = WIDTH / 2 - 10;
  const label = (t: string, x: number, y: number) =>
    doc.font('bold').fontSize(7.5).fillColor(MUTED).text(t.toUpperCase(), x, y, { width: col, characterSpacing: 0.5 });
  const line = (t: string, x: number, opts: { bold?: boolean; size?: number } = {}) =>
    doc
      .font(opts.bold ? 'bold' : 'body')
      .fontSize(opts.size ?? 9.5)
      .fillColor(INK)
      .text(t, x, undefined, { width: col });

  label('Vendor', M, top);
  doc.y = top + 12;
  line(s.vendor.name, M, { bold: true, size: 11.5 });
  if (s.vendor.legalName && s.vendor.legalName !== s.vendor.name) line(s.vendor.legalName, M);
  line(`PAN ${s.vendor.panMasked ?? 'not on file'}`, M);
  if (s.vendor.gstNumber) line(`GSTIN ${s.vendor.gstNumber}`, M);
  line(s.vendor.bankMasked ?? 'Bank account not on file', M);
  const leftEnd = doc.y;

  const rx = M + WIDTH / 2 + 10;
  label('Statement', rx, top);
  doc.y = top + 12;
  line(s.site ? `Site: ${s.site.name}` : s.sites.length > 1 ? `All sites (${s.sites.length})` : 'All sites', rx, {
    bold: true,
    size: 11.5,
  });
  line(`Operator: ${s.operator.name}`, rx);
  line(`Statement no. ${s.id.slice(0, 8).toUpperCase()}`, rx);
  line(`Amounts in ${s.operator.currency}`, rx);
  return Math.max(leftEnd, doc.y);
}

function figureRows(f: StatementFigures, money: (m: number) => string, vendorTotal: boolean) {
  const rows: [string, string, 'strong'?][] = [
    ['Sessions', f.sessions.toLocaleString('en-IN')],
    ['Energy', kwh(f.energyWh)],
    ['Gross collected (incl. GST)', money(f.grossMinor)],
    ['GST', money(f.gstMinor)],
    ['Gateway fees borne', money(f.gatewayFeeMinor)],
    ['Platform fee borne', money(f.platformFeeMinor)],
    ['Vendor share', money(f.vendorShareMinor)],
    ['Refunds', money(f.refundsMinor)],
    ['Adjustments', money(f.adjustmentsMinor)],
    ['TDS (section 194-O)', money(f.tdsMinor)],
    ['TCS (GST section 52)', money(f.tcsMinor)],
    ['Week net', money(f.weekNetMinor)],
  ];
  if (vendorTotal) {
    rows.push(['Brought forward', money(f.openingMinor)]);
    rows.push(['Net payable', money(f.netPayableMinor), 'strong']);
    rows.push(['Carried forward', money(f.carriedForwardMinor)]);
  }
  return rows;
}

function figuresTable(
  doc: Doc,
  { s, primary, money, top }: { s: StatementDocument; primary: string; money: (m: number) => string; top: number },
): number {
  doc.font('bold').fontSize(10.5).fillColor(INK).text('Figures of the week', M, top);
  let y = top + 18;
  const h = 17;
  for (const [label, value, strong] of figureRows(s.figures, money, !s.site)) {
    if (strong) {
      doc
        .save()
        .rect(M, y - 3, WIDTH, h + 2)
        .fillOpacity(0.1)
        .fill(primary)
        .restore();
      doc.rect(M, y - 3, 3, h + 2).fill(primary);
    }
    doc
      .font(strong ? 'bold' : 'body')
      .fontSize(strong ? 10.5 : 9.5)
      .fillColor(INK)
      .text(label, M + 10, y, { width: WIDTH / 2, lineBreak: false });
    doc.text(value, M + WIDTH / 2, y, { width: WIDTH / 2 - 8, align: 'right', lineBreak: false });
    y += h;
    doc
      .moveTo(M, y - 3)
      .lineTo(M + WIDTH, y - 3)
      .lineWidth(0.5)
      .strokeColor(RULE)
      .stroke();
  }
  return y;
}

type Column = { title: string; width: number; align?: 'left' | 'right' };

/** A simple table that starts a new page (repeating its header) when the page is full. */
function table(
  doc: Doc,
  { title, columns, rows, top }: { title: string; columns: Column[]; rows: string[][]; top: number },
) {
  let y = top;
  if (y + 60 > BOTTOM) {
    doc.addPage();
    y = M;
  }
  doc.font('bold').fontSize(10.5).fillColor(INK).text(title, M, y);
  y += 18;
  const drawHead = () => {
    let x = M;
    doc.font('bold').fontSize(7.5).fillColor(MUTED);
    for (const c of columns) {
      doc.text(c.title, x + 2, y, { width: c.width - 4, align: c.align ?? 'right', lineBreak: false });
      x += c.width;
    }
    y += 13;
    doc
      .moveTo(M, y - 2)
      .lineTo(M + WIDTH, y - 2)
      .lineWidth(0.75)
      .strokeColor(MUTED)
      .stroke();
  };
  drawHead();
  for (const row of rows) {
    if (y + 15 > BOTTOM) {
      doc.addPage();
      y = M;
      drawHead();
    }
    let x = M;
    doc.font('body').fontSize(8).fillColor(INK);
    row.forEach((cell, i) => {
      const c = columns[i]!;
      doc.text(cell, x + 2, y + 1, { width: c.width - 4, align: c.align ?? 'right', lineBreak: false, ellipsis: true });
      x += c.width;
    });
    y += 15;
    doc
      .moveTo(M, y - 2)
      .lineTo(M + WIDTH, y - 2)
      .lineWidth(0.5)
      .strokeColor(RULE)
      .stroke();
  }
  return y;
}

function sitesTable(doc: Doc, { s, money, top }: { s: StatementDocument; money: (m: number) => string; top: number }) {
  return table(doc, {
    title: 'By site',
    top,
    columns: [
      { title: 'Site', width: 119, align: 'left' },
      { title: 'Sessions', width: 42 },
      { title: 'Energy (kWh)', width: 58 },
      { title: 'Gross', width: 64 },
      { title: 'Vendor share', width: 64 },
      { title: 'TDS', width: 52 },
      { title: 'TCS', width: 52 },
      { title: 'Week net', width: 64 },
    ],
    rows: s.sites.map((x) => [
      x.siteName,
      x.sessions.toLocaleString('en-IN'),
      kwh(x.energyWh).replace(' kWh', ''),
      money(x.grossMinor),
      money(x.vendorShareMinor),
      money(x.tdsMinor),
      money(x.tcsMinor),
      money(x.weekNetMinor),
    ]),
  });
}

function payoutsTable(
  doc: Doc,
  { s, money, top }: { s: StatementDocument; money: (m: number) => string; top: number },
) {
  if (s.payouts.length === 0) {
    if (top + 30 > BOTTOM) {
      doc.addPage();
      top = M;
    }
    doc.font('bold').fontSize(10.5).fillColor(INK).text('Payouts', M, top);
    doc
      .font('body')
      .fontSize(9)
      .fillColor(MUTED)
      .text('No payout has been made against this statement yet.', M, top + 18);
    return;
  }
  table(doc, {
    title: 'Payouts',
    top,
    columns: [
      { title: 'Date', width: 120, align: 'left' },
      { title: 'Amount', width: 100 },
      { title: 'Status', width: 95, align: 'left' },
      { title: 'UTR', width: 200, align: 'left' },
    ],
    rows: s.payouts.map((p) => [
      dateTime(p.createdAt, s.operator.timeZone),
      money(p.amountMinor),
      `   ${p.status.toLowerCase()}`,
      p.utr ?? '—',
    ]),
  });
}

function footers(
  doc: Doc,
  { s, brand, generatedAt }: { s: StatementDocument; brand: StatementBrand; generatedAt: Date },
) {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    const y = A4.height - 46;
    doc
      .moveTo(M, y - 6)
      .lineTo(A4.width - M, y - 6)
      .lineWidth(0.5)
      .strokeColor(RULE)
      .stroke();
    const contact = brand.supportEmail ? ` Questions: ${brand.supportEmail}.` : '';
    doc
      .font('body')
      .fontSize(7.5)
      .fillColor(MUTED)
      .text(
        `Issued by ${brand.name} to ${s.vendor.legalName || s.vendor.name} from the settlement ledger; TDS and TCS are deposited by the operator against the PAN above.${contact}`,
        M,
        y,
        { width: WIDTH - 70 },
      );
    doc.text(`Page ${i - range.start + 1} of ${range.count}`, A4.width - M - 70, y, { width: 70, align: 'right' });
    doc.text(`Generated ${dateTime(generatedAt, s.operator.timeZone)} · statement ${s.id}`, M, y + 20, {
      width: WIDTH,
      lineBreak: false,
    });
    doc.page.margins.bottom = bottom;
  }
}
