import { parse } from 'csv-parse/sync';
import { PaymentError } from '../errors.ts';
import { decimalToMinor, minorToDecimal } from '../money.ts';
import { validateBeneficiary } from './razorpayx-provider.ts';
import type {
  BeneficiaryRef,
  PayoutEvent,
  PayoutProvider,
  PayoutRequest,
  PayoutResult,
  PayoutStatus,
} from './types.ts';

// The offline rail, for the embedded default and for operators who pay from their bank's portal:
// a bulk-upload file of the week's payouts (NEFT/RTGS/IMPS), and the bank's answer (a file of UTRs
// and statuses) read back into the same PayoutEvents a webhook gives. Nothing here does I/O.

const PROVIDER = 'offline';
/** RBI: RTGS is for ₹2,00,000 and above. */
export const RTGS_MIN_MINOR = 20_000_000;

export const BANK_UPLOAD_COLUMNS = [
  'Payment Type',
  'Debit Account Number',
  'Beneficiary Name',
  'Beneficiary Account Number',
  'IFSC',
  'Amount',
  'Value Date',
  'Payment Reference',
  'Narration',
  'Beneficiary Email',
] as const;

function bad(message: string): PaymentError {
  return new PaymentError({ code: 'BAD_INPUT', provider: PROVIDER, message });
}

/** RFC 4180 quoting, and a leading apostrophe on text a spreadsheet would run as a formula. */
function cell(value: string, text = true): string {
  const safe = text && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function checkOfflinePayout(req: PayoutRequest): void {
  validateBeneficiary(req.beneficiary, PROVIDER);
  if (req.beneficiary.account.kind !== 'bank_account') throw bad('a bank upload file pays bank accounts only (no UPI)');
  if (req.mode === 'UPI') throw bad('a bank upload file pays by NEFT, RTGS or IMPS');
  if (!Number.isSafeInteger(req.amountMinor) || req.amountMinor < 100)
    throw bad('payout amount must be at least ₹1.00');
  if (req.mode === 'RTGS' && req.amountMinor < RTGS_MIN_MINOR)
    throw bad('RTGS is for ₹2,00,000.00 and above; use NEFT');
  if (req.currency !== 'INR') throw bad('bank transfers are in INR');
  if (!/^[A-Za-z0-9_-]{4,36}$/.test(req.idempotencyKey))
    throw bad('payment reference must be 4 to 36 letters, digits, - or _');
}

/**
 * The bulk-upload CSV for a payout run: one row per payout, columns BANK_UPLOAD_COLUMNS, amounts in
 * rupees with two decimals, the value date as DD/MM/YYYY, and our payout id as the payment reference
 * the bank echoes back in its reconciliation file. Throws BAD_INPUT naming the first bad payout.
 */
export function bankUploadCsv(input: {
  debitAccountNumber: string;
  valueDate: string;
  payouts: readonly PayoutRequest[];
}): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(input.valueDate);
  if (!m) throw bad('value date must be YYYY-MM-DD');
  if (!/^[0-9]{9,18}$/.test(input.debitAccountNumber)) throw bad('debit account number must be 9 to 18 digits');
  const seen = new Set<string>();
  const rows = [BANK_UPLOAD_COLUMNS.join(',')];
  for (const p of input.payouts) {
    try {
      checkOfflinePayout(p);
    } catch (e) {
      throw PaymentError.is(e) ? bad(`payout ${p.idempotencyKey}: ${e.message}`) : e;
    }
    if (seen.has(p.idempotencyKey)) throw bad(`payout ${p.idempotencyKey} is in the file twice`);
    seen.add(p.idempotencyKey);
    const acct = p.beneficiary.account as Extract<PayoutRequest['beneficiary']['account'], { kind: 'bank_account' }>;
    rows.push(
      [
        p.mode,
        input.debitAccountNumber,
        cell(acct.holderName),
        acct.accountNumber,
        acct.ifsc,
        minorToDecimal(p.amountMinor),
        `${m[3]}/${m[2]}/${m[1]}`,
        p.idempotencyKey,
        cell(p.narration),
        cell(p.beneficiary.email ?? ''),
      ].join(','),
    );
  }
  return `${rows.join('\r\n')}\r\n`;
}

// Header names banks use for the same column, lower-cased and without punctuation.
const ALIASES: Record<string, 'reference' | 'utr' | 'status' | 'amount' | 'reason'> = {
  paymentreference: 'reference',
  customerreference: 'reference',
  reference: 'reference',
  // Our own bank upload file (packages/core bank-file.ts) names the reference column Payout ID.
  payoutid: 'reference',
  utr: 'utr',
  utrnumber: 'utr',
  utrno: 'utr',
  status: 'status',
  transactionstatus: 'status',
  amount: 'amount',
  reason: 'reason',
  remarks: 'reason',
  failurereason: 'reason',
};

const STATUS_WORDS: Record<string, PayoutStatus> = {
  success: 'processed',
  successful: 'processed',
  processed: 'processed',
  paid: 'processed',
  completed: 'processed',
  failed: 'failed',
  failure: 'failed',
  rejected: 'failed',
  returned: 'reversed',
  reversed: 'reversed',
};

export type ReconciliationProblem = { line: number; message: string };
export type Reconciliation = { events: PayoutEvent[]; problems: ReconciliationProblem[] };

/** At most 2 MB and 20,000 rows: a week's payouts, with room. */
export const MAX_RECONCILIATION_BYTES = 2_000_000;
const MAX_ROWS = 20_000;

/**
 * Reads the bank's reconciliation file (columns, in any order: Payment Reference, UTR, Status,
 * Amount, Reason; common aliases accepted) into PayoutEvents. Every row is checked: a processed row
 * needs a UTR, amounts must be rupees with at most two decimals, and with `expected` (reference →
 * amount in paise) an unknown reference or a different amount is a problem, not an event. Rows with
 * problems change nothing; the rest apply.
 */
export function parseReconciliationCsv(text: string, expected?: ReadonlyMap<string, number>): Reconciliation {
  if (Buffer.byteLength(text, 'utf8') > MAX_RECONCILIATION_BYTES) throw bad('the reconciliation file is over 2 MB');
  let records: string[][];
  try {
    records = parse(text.replace(/^\uFEFF/, ''), { skip_empty_lines: true, relax_column_count: true, trim: true });
  } catch (e) {
    throw bad(`the reconciliation file is not CSV: ${(e as Error).message}`);
  }
  if (records.length > MAX_ROWS + 1) throw bad(`the reconciliation file has more than ${MAX_ROWS} rows`);
  const [head, ...rows] = records;
  if (!head) throw bad('the reconciliation file is empty');
  const col = new Map<string, number>();
  head.forEach((h, i) => {
    const key = ALIASES[h.toLowerCase().replace(/[^a-z]/g, '')];
    if (key && !col.has(key)) col.set(key, i);
  });
  for (const need of ['reference', 'utr', 'status', 'amount'] as const) {
    if (!col.has(need)) throw bad(`the reconciliation file has no ${need} column`);
  }
  const get = (r: string[], k: string) => r[col.get(k) ?? -1]?.trim() ?? '';
  const events: PayoutEvent[] = [];
  const problems: ReconciliationProblem[] = [];
  const seen = new Set<string>();
  rows.forEach((r, i) => {
    const line = i + 2;
    const reference = get(r, 'reference');
    const status = STATUS_WORDS[get(r, 'status').toLowerCase()];
    const utr = get(r, 'utr').toUpperCase() || null;
    let amountMinor: number;
    try {
      amountMinor = decimalToMinor(get(r, 'amount').replace(/,/g, ''));
    } catch {
      problems.push({ line, message: `amount "${get(r, 'amount')}" is not rupees with two decimals` });
      return;
    }
    if (!reference) return void problems.push({ line, message: 'no payment reference' });
    if (!status) return void problems.push({ line, message: `status "${get(r, 'status')}" is not one we know` });
    if (status === 'processed' && (!utr || !/^[A-Z0-9]{12,22}$/.test(utr))) {
      return void problems.push({
        line,
        message: `a paid row needs a UTR of 12 to 22 letters or digits, got "${utr ?? ''}"`,
      });
    }
    if (expected) {
      const want = expected.get(reference);
      if (want === undefined)
        return void problems.push({ line, message: `no payout ${reference} awaits reconciliation` });
      if (want !== amountMinor) {
        return void problems.push({
          line,
          message: `payout ${reference} is ${minorToDecimal(want)}, the bank says ${minorToDecimal(amountMinor)}`,
        });
      }
    }
    const providerEventId = `${reference}:${status}`;
    if (seen.has(providerEventId)) return;
    seen.add(providerEventId);
    events.push({
      providerEventId,
      providerPayoutId: reference,
      reference,
      status,
      amountMinor,
      utr: status === 'processed' ? utr : null,
      failureReason: status === 'processed' ? null : get(r, 'reason') || 'returned by the bank',
      raw: Object.fromEntries(head.map((h, j) => [h, r[j] ?? ''])),
    });
  });
  return { events, problems };
}

/**
 * The offline rail behind the PayoutProvider shape: a payout is queued under our own id (there is
 * no remote state to fetch and no webhook); the run's file comes from bankUploadCsv and its outcome
 * from parseReconciliationCsv, or from an operator marking it paid with a UTR.
 */
export function createOfflinePayoutProvider(): PayoutProvider {
  return {
    name: 'OFFLINE',
    registerBeneficiary(b): Promise<BeneficiaryRef> {
      validateBeneficiary(b, PROVIDER);
      const where =
        b.account.kind === 'bank_account' ? `${b.account.ifsc}:${b.account.accountNumber}` : b.account.address;
      return Promise.resolve({ contactId: b.reference, fundAccountId: where });
    },
    createPayout(req): Promise<PayoutResult> {
      checkOfflinePayout(req);
      return Promise.resolve({
        providerPayoutId: req.idempotencyKey,
        reference: req.idempotencyKey,
        status: 'queued',
        amountMinor: req.amountMinor,
        fundAccountId: null,
        utr: null,
        feeMinor: null,
        taxMinor: null,
        failureReason: null,
        raw: null,
      });
    },
    fetchPayout(): Promise<PayoutResult> {
      return Promise.reject(bad('offline payouts are settled from the bank’s reconciliation file, not fetched'));
    },
    verifyWebhook() {
      return { ok: false, reason: 'bad-payload', message: 'the offline rail has no webhooks' };
    },
  };
}
