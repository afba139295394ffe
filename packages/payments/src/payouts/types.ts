import type { Headers } from '../types.ts';

// One shape for every payout rail (RazorpayX Payouts, the offline bank-file rail). Amounts are
// integer minor units (paise). A payout is identified on our side by its idempotency key (the
// Payout row id), which every rail echoes back so a webhook or a reconciliation file finds the row.

export type PayoutRailName = 'RAZORPAYX' | 'OFFLINE';

export type PayoutMode = 'NEFT' | 'RTGS' | 'IMPS' | 'UPI';

export type BankAccount = { kind: 'bank_account'; holderName: string; ifsc: string; accountNumber: string };
export type Vpa = { kind: 'vpa'; address: string };

export type Beneficiary = {
  /** Our id for the payee (the vendor id), sent as the rail's reference. */
  reference: string;
  name: string;
  email?: string;
  phone?: string;
  account: BankAccount | Vpa;
};

/** The rail's handles for a registered beneficiary; cache them to skip registration next time. */
export type BeneficiaryRef = { contactId: string; fundAccountId: string };

export type PayoutRequest = {
  /**
   * Stable per logical payout (the Payout row id; a UUID fits): the rail's idempotency key. A
   * retry must reuse it with the identical request, and then never pays twice.
   */
  idempotencyKey: string;
  beneficiary: Beneficiary;
  /** From an earlier registration; registered (idempotently) when absent. */
  fundAccountId?: string;
  amountMinor: number;
  currency: 'INR';
  mode: PayoutMode;
  /** Shown on the payee's bank statement: letters, digits and spaces, at most 30 characters. */
  narration: string;
  notes?: Record<string, string>;
};

/** RazorpayX's payout states; the offline rail uses queued → processed | failed. */
export type PayoutStatus =
  'queued' | 'pending' | 'processing' | 'processed' | 'reversed' | 'cancelled' | 'failed' | 'rejected';

export type PayoutResult = {
  providerPayoutId: string;
  /** Our idempotency key, as the rail echoes it back. */
  reference: string;
  status: PayoutStatus;
  amountMinor: number;
  fundAccountId: string | null;
  /** The bank's transfer reference, once known. */
  utr: string | null;
  /** The rail's fee and its GST, where it reports them (paid from the operator's balance). */
  feeMinor: number | null;
  taxMinor: number | null;
  failureReason: string | null;
  raw: unknown;
};

export type PayoutEvent = {
  /** `<providerPayoutId>:<status>`: the same payout in the same state is one event however often it is delivered. */
  providerEventId: string;
  providerPayoutId: string;
  /** Our idempotency key (the Payout row id). */
  reference: string | null;
  status: PayoutStatus;
  amountMinor: number;
  utr: string | null;
  failureReason: string | null;
  raw: unknown;
};

export type PayoutWebhookResult =
  | { ok: true; events: PayoutEvent[] }
  | { ok: false; reason: 'missing-signature' | 'bad-signature' | 'bad-payload'; message: string };

export type PayoutProvider = {
  readonly name: PayoutRailName;
  /** Registers the payee (contact and fund account); safe to repeat with the same details. */
  registerBeneficiary(b: Beneficiary): Promise<BeneficiaryRef>;
  /** Asks the rail to pay. Retries on a lost answer with the same key and body; one payout results. */
  createPayout(req: PayoutRequest): Promise<PayoutResult>;
  fetchPayout(providerPayoutId: string): Promise<PayoutResult>;
  verifyWebhook(input: { rawBody: string | Buffer; headers: Headers }): PayoutWebhookResult;
};
