import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { bankUploadCsv, createOfflinePayoutProvider, parseReconciliationCsv } from './offline.ts';
import { transitionPayout } from './transitions.ts';
import type { PayoutRequest } from './types.ts';

const payout = (p: Partial<PayoutRequest> & { idempotencyKey: string }): PayoutRequest => ({
  beneficiary: {
    reference: 'vendor-7',
    name: 'Sunrise Malls',
    email: 'accounts@sunrise.example',
    account: {
      kind: 'bank_account',
      holderName: 'Sunrise Malls, Pvt "Ltd"',
      ifsc: 'HDFC0000053',
      accountNumber: '765432123456789',
    },
  },
  amountMinor: 279_700,
  currency: 'INR',
  mode: 'NEFT',
  narration: 'Magma payout week 48',
  ...p,
});

describe('bank upload file', () => {
  it('writes one row per payout with rupees, DD/MM/YYYY and our id as the reference, quoted where needed', () => {
    const csv = bankUploadCsv({
      debitAccountNumber: '002281300012871',
      valueDate: '2026-11-30',
      payouts: [
        payout({ idempotencyKey: 'po-0001' }),
        payout({ idempotencyKey: 'po-0002', mode: 'RTGS', amountMinor: 25_000_050, narration: '=HYPERLINK("x")' }),
      ],
    });
    const rows = parse(csv, { columns: true }) as Record<string, string>[];
    expect(rows).toEqual([
      {
        'Payment Type': 'NEFT',
        'Debit Account Number': '002281300012871',
        'Beneficiary Name': 'Sunrise Malls, Pvt "Ltd"',
        'Beneficiary Account Number': '765432123456789',
        IFSC: 'HDFC0000053',
        Amount: '2797.00',
        'Value Date': '30/11/2026',
        'Payment Reference': 'po-0001',
        Narration: 'Magma payout week 48',
        'Beneficiary Email': 'accounts@sunrise.example',
      },
      expect.objectContaining({ 'Payment Type': 'RTGS', Amount: '250000.50', Narration: `'=HYPERLINK("x")` }),
    ]);
  });

  it.each([
    ['RTGS under ₹2 lakh', [payout({ idempotencyKey: 'po-1', mode: 'RTGS' })], /RTGS/],
    ['UPI', [payout({ idempotencyKey: 'po-1', mode: 'UPI' })], /NEFT, RTGS or IMPS/],
    [
      'a bad IFSC',
      [
        payout({
          idempotencyKey: 'po-1',
          beneficiary: {
            ...payout({ idempotencyKey: 'x' }).beneficiary,
            account: { kind: 'bank_account', holderName: 'A', ifsc: 'HDFC53', accountNumber: '1234567890' },
          },
        }),
      ],
      /IFSC/,
    ],
    ['the same payout twice', [payout({ idempotencyKey: 'po-1' }), payout({ idempotencyKey: 'po-1' })], /twice/],
  ])('refuses %s', (_, payouts, message) => {
    expect(() => bankUploadCsv({ debitAccountNumber: '002281300012871', valueDate: '2026-11-30', payouts })).toThrow(
      message,
    );
  });
});

describe('UTR reconciliation file', () => {
  const expected = new Map([
    ['po-0001', 279_700],
    ['po-0002', 25_000_050],
    ['po-0003', 10_000],
    ['po-0004', 5_000],
  ]);

  it('reads paid, failed and returned rows, in any column order, with aliases and a BOM', () => {
    const file = [
      '\uFEFFUTR No.,Customer Reference,Amount,Transaction Status,Remarks',
      'HDFCN52026113000123,po-0001,"2,797.00",Success,',
      'HDFCR52026113000999,po-0002,250000.50,SUCCESS,',
      ',po-0003,100.00,Rejected,Invalid account number',
      'HDFCN52026113000124,po-0004,50,Returned,Account closed',
      'HDFCN52026113000123,po-0001,2797.00,Success,', // the bank repeats a row
    ].join('\n');
    const { events, problems } = parseReconciliationCsv(file, expected);
    expect(problems).toEqual([]);
    expect(events.map((e) => [e.providerEventId, e.status, e.amountMinor, e.utr, e.failureReason])).toEqual([
      ['po-0001:processed', 'processed', 279_700, 'HDFCN52026113000123', null],
      ['po-0002:processed', 'processed', 25_000_050, 'HDFCR52026113000999', null],
      ['po-0003:failed', 'failed', 10_000, null, 'Invalid account number'],
      ['po-0004:reversed', 'reversed', 5_000, null, 'Account closed'],
    ]);
    // A failed or returned payout goes back to the vendor's balance; a paid one records its UTR.
    expect(transitionPayout('queued', 'failed').effect).toBe('returned');
    expect(transitionPayout('queued', 'processed').effect).toBe('paid');
  });

  it('lists every bad row and applies none of them', () => {
    const file = [
      'Payment Reference,UTR,Status,Amount',
      'po-0001,HDFCN52026113000123,Success,2797.01', // amount differs
      'po-9999,HDFCN52026113000125,Success,10.00', // unknown payout
      'po-0002,,Success,250000.50', // paid without a UTR
      'po-0003,X1,Pending,100.00', // unknown status
      'po-0004,HDFCN52026113000124,Success,50.001', // three decimals
    ].join('\n');
    const { events, problems } = parseReconciliationCsv(file, expected);
    expect(events).toEqual([]);
    expect(problems.map((p) => p.line)).toEqual([2, 3, 4, 5, 6]);
    expect(problems[0]?.message).toMatch(/2797\.00, the bank says 2797\.01/);
  });

  it('refuses a file without the columns it needs, or one too large', () => {
    expect(() => parseReconciliationCsv('Reference,Status\npo-1,Success\n')).toThrow(/utr column/);
    expect(() => parseReconciliationCsv(`Payment Reference,UTR,Status,Amount\n${'x'.repeat(2_000_001)}`)).toThrow(
      /2 MB/,
    );
  });
});

describe('offline PayoutProvider', () => {
  it('queues a payout under our own id, with nothing to fetch and no webhooks', async () => {
    const p = createOfflinePayoutProvider();
    await expect(p.createPayout(payout({ idempotencyKey: 'po-0001' }))).resolves.toMatchObject({
      providerPayoutId: 'po-0001',
      status: 'queued',
    });
    await expect(p.fetchPayout('po-0001')).rejects.toMatchObject({ code: 'BAD_INPUT' });
    expect(p.verifyWebhook({ rawBody: '{}', headers: {} }).ok).toBe(false);
  });
});
