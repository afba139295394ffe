// The one shape every gateway adapter implements. Amounts are integer minor units (paise) at this
// boundary even where a gateway speaks rupees (Juspay), so callers never convert.

export type ProviderName = 'RAZORPAY' | 'PHONEPE' | 'JUSPAY' | 'TEST';

export type Headers = Record<string, string | string[] | undefined>;

export type CreateOrderInput = {
  amountMinor: number;
  currency: string;
  /** Our reference, unique per order (we pass the Payment row id). */
  receipt: string;
  notes?: Record<string, string>;
  /** Where the gateway sends the driver back after paying (redirect-style gateways). */
  returnUrl?: string;
  customer?: { id?: string; email?: string; phone?: string; name?: string };
};

/** What the driver page needs to take the payment. */
export type CheckoutData =
  | {
      kind: 'razorpay-checkout';
      /** Options for Razorpay Checkout.js (`new Razorpay(options).open()`). */
      options: {
        key: string;
        order_id: string;
        amount: number;
        currency: string;
        name?: string;
        description?: string;
        notes?: Record<string, string>;
        prefill?: { email?: string; contact?: string; name?: string };
      };
    }
  | { kind: 'redirect'; url: string }
  | { kind: 'upi-intent'; uri: string; qrPayload: string };

export type CreatedOrder = {
  providerOrderId: string;
  checkout: CheckoutData;
  raw: unknown;
};

export type GatewayPaymentStatus = 'created' | 'authorized' | 'captured' | 'failed' | 'refunded';

export type OrderStatus = {
  providerOrderId: string;
  status: GatewayPaymentStatus | 'pending';
  amountMinor: number;
  /** The order's currency as the gateway states it (ISO 4217), so a sync can refuse a mismatch as a webhook would. */
  currency: string;
  /** Minor units the gateway reports as paid (captured/charged). */
  paidMinor: number;
  providerPaymentId: string | null;
  /** The gateway's fee on that payment (tax included) and the tax part, where it reports them. */
  feeMinor?: number | null;
  taxMinor?: number | null;
  raw: unknown;
};

export type PaymentDetails = {
  providerPaymentId: string;
  providerOrderId: string | null;
  status: GatewayPaymentStatus;
  amountMinor: number;
  currency: string;
  feeMinor?: number | null;
  taxMinor?: number | null;
  raw: unknown;
};

export type RefundInput = {
  providerPaymentId: string;
  /** PhonePe and Juspay refund against the order, not the payment. */
  providerOrderId?: string;
  amountMinor: number;
  /**
   * Stable per logical refund; a retry with the same key must not refund twice. Sent as the
   * gateway's own de-duplication key (Razorpay X-Refund-Idempotency, PhonePe merchantRefundId,
   * Juspay unique_request_id): 10 to 63 letters, digits, hyphens or underscores (a UUID fits).
   */
  idempotencyKey: string;
  notes?: Record<string, string>;
};

export type RefundResult = {
  providerRefundId: string;
  status: 'pending' | 'processed' | 'failed';
  amountMinor: number;
  raw: unknown;
};

export type GatewayEventType =
  | 'payment.authorized'
  | 'payment.captured'
  | 'payment.failed'
  | 'refund.created'
  | 'refund.processed'
  | 'refund.failed';

/** A gateway notification reduced to what the payment state machine needs. */
export type GatewayEvent = {
  /** Unique per delivery source event; the DB deduplicates on (provider, providerEventId). */
  providerEventId: string;
  type: GatewayEventType;
  providerOrderId: string | null;
  providerPaymentId: string | null;
  providerRefundId: string | null;
  /** Our idempotency key for the refund (Refund row id), when the gateway echoes it back. */
  refundReference: string | null;
  amountMinor: number;
  currency: string;
  failureReason: string | null;
  /**
   * On payment events, the gateway's fee on the payment (tax included) and the tax part, in minor
   * units, where the gateway reports them (Razorpay); absent or null otherwise.
   */
  feeMinor?: number | null;
  taxMinor?: number | null;
  raw: unknown;
};

export type WebhookInput = { rawBody: string | Buffer; headers: Headers };

export type WebhookResult =
  | { ok: true; events: GatewayEvent[] }
  | { ok: false; reason: 'missing-signature' | 'bad-signature' | 'bad-payload'; message: string };

export type PaymentProvider = {
  readonly name: ProviderName;
  /**
   * The smallest refund the gateway accepts, in minor units, as its documentation states (1 when it
   * documents none). A smaller refund is refused before any request is sent.
   */
  readonly minRefundMinor: number;
  createOrder(input: CreateOrderInput): Promise<CreatedOrder>;
  fetchOrderStatus(providerOrderId: string): Promise<OrderStatus>;
  fetchPayment?(providerPaymentId: string): Promise<PaymentDetails>;
  /** Only for gateways with separate auth and capture (Razorpay with manual capture). */
  capture?(input: { providerPaymentId: string; amountMinor: number; currency: string }): Promise<PaymentDetails>;
  refund(input: RefundInput): Promise<RefundResult>;
  verifyWebhook(input: WebhookInput): WebhookResult;
  /**
   * One authenticated call to the gateway's documented endpoint, proving the account's keys work
   * (the Payments settings page's "Test connection"). Throws PaymentError REJECTED when they do
   * not, UPSTREAM when the gateway cannot be reached.
   */
  checkConnection(): Promise<void>;
  /** Verifies what the checkout hands back to the browser, where the gateway signs it. */
  verifyCheckoutSignature?(params: Record<string, string | undefined>): boolean;
};
