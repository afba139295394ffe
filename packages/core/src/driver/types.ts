import type { Db, PaymentStatus } from '@magma/db';
import type { CheckoutData, GatewayEvent, PaymentProvider, ProviderName } from '@magma/payments';
import type { TenantGateway } from '../payments/accounts/gateway-registry.ts';
import type { BilledAmounts } from '../tariffs/billed-amounts.ts';
import type { EnergyEstimate, PriceScheduleRow } from './price-schedule.ts';
import type { SessionLinkKeys } from './session-link.ts';

// The driver flow ties four parts that other modules own: payments, charger commands, pricing and
// email. The use cases here take them as small ports so the flow reads on its own and each part is
// wired once (see wiring in the web app); tests wire the real ones where they exist.

export type ChargerCommandResult = {
  accepted: boolean;
  reason?: string;
  /** 2.0.1 RequestStartTransactionResponse: the transaction the station had already started (cable first). */
  transactionId?: string;
};

export type DriverChargerPort = {
  /** RemoteStartTransaction (1.6) / RequestStartTransaction (2.0.1); throws AppError CHARGER_OFFLINE / CHARGER_TIMEOUT. */
  remoteStart(input: {
    tenantId: string;
    chargerId: string;
    evseId: number;
    connectorId: number;
    idTag: string;
    remoteStartId: number;
  }): Promise<ChargerCommandResult>;
  remoteStop(input: { tenantId: string; chargerId: string; ocppTransactionId: string }): Promise<ChargerCommandResult>;
};

export type CreatedDriverPayment = { paymentId: string; providerOrderId: string; checkout: CheckoutData };

export type RecordedPaymentEvent = {
  paymentId: string | null;
  /** True when (provider, providerEventId) was seen before: nothing changed. */
  duplicate: boolean;
  status: PaymentStatus | null;
};

export type DriverPaymentsPort = {
  /**
   * The gateway drivers pay through at this tenant (and charger's site), from the tenant's own
   * settings; `ok: false` when it has none usable: nothing may start then.
   */
  providerFor(input: { db: Db; tenantId: string; chargerId?: string | null }): Promise<TenantGateway>;
  /** The gateway account that took this payment (its refunds and syncs go there). */
  ofPayment(input: { db: Db; paymentId: string }): Promise<PaymentProvider | undefined>;
  /** The gateway whose secret verifies this webhook (the URL's account, or the platform's); null: none. */
  forWebhook(input: {
    db: Db;
    tenantId: string;
    provider: ProviderName;
    accountId?: string | null;
  }): Promise<PaymentProvider | null>;
  createPayment(input: {
    db: Db;
    tenantId: string;
    amountMinor: number;
    currency: string;
    email: string | null;
    chargerId: string;
    evseId: number;
    returnUrl: string;
    description: string;
  }): Promise<CreatedDriverPayment>;
  /**
   * Asks the gateway account that took this payment how its order stands and records the answer as
   * its webhook would (syncPaymentStatus, payer included): for payments whose webhook never came.
   * Throws the gateway's error when it cannot be asked.
   */
  syncStatus(input: {
    db: Db;
    tenantId: string;
    paymentId: string;
  }): Promise<{ status: PaymentStatus; changed: boolean }>;
  /** Idempotent per (provider, providerEventId); forward-only status. */
  recordEvent(input: {
    db: Db;
    tenantId: string;
    provider: ProviderName;
    event: GatewayEvent;
    /** The account whose secret verified the event (null: the platform's); undefined: any of the tenant's. */
    paymentAccountId?: string | null;
  }): Promise<RecordedPaymentEvent>;
  /**
   * Refunds what the payment's transaction did not use (all of it when there is no transaction).
   * Safe to repeat: the refundable amount is recomputed under the payment's row lock. With an
   * idempotency key, a repeat never sends a second refund: it resends the same one while the gateway
   * has not answered, and answers a declined one as declined without asking again.
   */
  refundUnused(input: {
    db: Db;
    tenantId: string;
    paymentId: string;
    reason: string;
    idempotencyKey?: string;
    /** The caller's clock, which decides when an unanswered request is sent again. */
    now?: () => Date;
  }): Promise<UnusedRefund>;
};

export type UnusedRefund =
  /** Sent and accepted (pending or processed). */
  | { outcome: 'refunded'; amountMinor: number }
  /** Nothing left to refund. */
  | { outcome: 'none' }
  /** An earlier request has no answer from the gateway yet: ask again later. */
  | { outcome: 'in-progress' }
  /** Less than the gateway refunds at all: not sent, kept by the operator. */
  | { outcome: 'below-minimum'; unrefundedMinor: number; minimumMinor: number }
  /** The gateway refused it; it will not be sent again. */
  | { outcome: 'declined'; unrefundedMinor: number; reason: string };

/** Unused prepaid money a settlement did not refund, and why (shown on the receipt, audited). */
export type UnrefundedAmount =
  | { reason: 'below-minimum'; amountMinor: number; minimumMinor: number }
  | { reason: 'declined'; amountMinor: number; gatewayReason: string };

export const refundedMinorOf = (r: UnusedRefund): number => (r.outcome === 'refunded' ? r.amountMinor : 0);

export type ConnectorPrice = {
  currency: string;
  tariffName: string;
  taxRateBps: number;
  /** Energy price per kWh, before and including tax (minor units); null when the tariff has no energy component. */
  energyPerKwhMinor: number | null;
  energyPerKwhInclTaxMinor: number | null;
  /** Other components in words, e.g. "₹50.00 per session", "₹2.00/min idle after 15 min". */
  otherLines: string[];
  /** Every price the tariff can apply, in the engine's order (the evening peak as well as now). */
  schedule: PriceScheduleRow[];
  /** What an amount buys from now on at this connector's power; null when the tariff prices no energy. */
  estimate: EnergyEstimate | null;
  /** Minor units, incl. tax, to charge `wh` Wh as one session would be priced. */
  quoteForWh(wh: number): number;
};

export type PricedLineView = {
  /** "Energy · Peak", "Idle fee"… */
  label: string;
  /** For display: "5.00 kWh", "12 min". */
  quantity: string;
  quantityValue: number;
  /** The unit of the quantity. */
  unit: 'kWh' | 'min' | 'session';
  /** Per `per` as the tariff prices it: ₹60.00 per "h" for ₹60/hour, even when the quantity is in minutes. */
  unitPriceMinor: number;
  per: 'kWh' | 'h' | 'min' | 'session';
  amountMinor: number;
  taxMinor: number;
};

/**
 * costMinor is what the driver owes (tax included): the lines plus tax, less any sponsor's share
 * and any part written off beyond a prepaid amount; taxMinor is the GST in it. `amounts` has the
 * receipt's figures: the tariff's price, the sponsor's share, the written-off part and the driver's,
 * each as taxable value and tax.
 */
export type PricedTransaction = {
  costMinor: number;
  taxMinor: number;
  sponsorMinor: number;
  taxRateBps: number;
  currency: string;
  lines: PricedLineView[];
  amounts: BilledAmounts;
};

export type DriverPricingPort = {
  connectorPrice(input: { db: Db; tenantId: string; connectorRowId: string; at: Date }): Promise<ConnectorPrice | null>;
  /** Final price of an ended transaction; idempotent (re-reads the stored price when already priced). */
  priceTransaction(input: { db: Db; transactionId: string }): Promise<PricedTransaction>;
  /** Records the driver's price beyond what they prepaid as written off (see recordWriteOff); idempotent. */
  writeOff(input: { db: Db; transactionId: string; writtenOffMinor: number }): Promise<PricedTransaction>;
  /** Running estimate incl. tax of an active transaction, and the energy it bills (from its authorization). */
  estimateTransaction(input: {
    db: Db;
    transactionId: string;
    at: Date;
  }): Promise<{ costMinor: number; energyWh: number } | null>;
};

export type DriverMailPort = {
  sendSessionReceipt(input: {
    /** The language the driver chose on the driver pages (DriverSession.locale); null: the default. */
    locale: string | null;
    db: Db;
    tenantId: string;
    to: string;
    sessionId: string;
    transactionId: string;
    priced: PricedTransaction;
    paidMinor: number;
    refundMinor: number;
    /** Unused money that was not refunded: the receipt says how much and why. */
    unrefunded: UnrefundedAmount | null;
    energyWh: number;
    startedAt: Date;
    endedAt: Date;
    chargerLabel: string;
    siteName: string | null;
    timeZone: string;
    paymentId: string | null;
    /** Opens this session on any device until it expires (a signed link); null when none can be offered. */
    sessionLink: { url: string; expiresAt: Date } | null;
  }): Promise<{ emailId: string | null }>;
  /**
   * The payment of a paid session, once its charging started: what was paid, on which charger, and
   * the signed link that follows the session on any device while it charges. One per session (the
   * AWAITING_PAYMENT → STARTING claim sends it once). Optional: a wiring without it sends none.
   */
  sendPaymentReceipt?(input: {
    /** The language the driver chose on the driver pages (DriverSession.locale); null: the default. */
    locale: string | null;
    db: Db;
    tenantId: string;
    to: string;
    sessionId: string;
    paymentId: string;
    amountMinor: number;
    currency: string;
    paidAt: Date;
    /** The gateway's own reference of the payment, when it gave one. */
    gatewayReference: string | null;
    chargerLabel: string;
    siteName: string | null;
    timeZone: string;
    /** Opens this session on any device until it expires (a signed link); null when none can be offered. */
    sessionLink: { url: string; expiresAt: Date } | null;
  }): Promise<{ emailId: string | null }>;
  /** The whole payment went back because the charger never started. */
  sendRefundNotice(input: {
    /** The language the driver chose on the driver pages (DriverSession.locale); null: the default. */
    locale: string | null;
    db: Db;
    tenantId: string;
    to: string;
    sessionId: string;
    paymentId: string;
    amountMinor: number;
    currency: string;
    reason: string;
  }): Promise<{ emailId: string | null }>;
  /** A refund the driver was owed that the gateway declined (at once or after accepting it): the operator returns it. */
  sendRefundFailedNotice(input: {
    /** The language the driver chose on the driver pages (DriverSession.locale); null: the default. */
    locale: string | null;
    db: Db;
    tenantId: string;
    to: string;
    sessionId: string;
    paymentId: string;
    amountMinor: number;
    currency: string;
  }): Promise<{ emailId: string | null }>;
};

export type DriverDeps = {
  db: Db;
  payments: DriverPaymentsPort;
  chargers: DriverChargerPort;
  pricing: DriverPricingPort;
  mail: DriverMailPort;
  now?: () => Date;
  /**
   * Keys of the signed session links in receipt emails (session-link.ts). Without them no token is
   * sealed and no email offers a link.
   */
  sessionLinks?: SessionLinkKeys;
  /** Errors of background steps (refund retries, emails) that must not fail the caller. */
  onError?: (e: unknown, context: string) => void;
};

export const nowOf = (deps: Pick<DriverDeps, 'now'>): Date => (deps.now ? deps.now() : new Date());
