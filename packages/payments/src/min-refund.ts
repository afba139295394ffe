import type { ProviderName } from './types.ts';

/**
 * The smallest refund each gateway documents it accepts, in minor units (see the README): a
 * gateway's `minRefundMinor`, and what views use to say that an amount owed was too small to send
 * without asking the adapter.
 */
export const MIN_REFUND_MINOR: Readonly<Record<ProviderName, number>> = {
  // Razorpay's refund API page: "The amount must be at least INR 1.00".
  RAZORPAY: 100,
  // PhonePe's refund API: amount "Min Value = 100".
  PHONEPE: 100,
  // Juspay's Refund Order API documents no minimum, only that zero is invalid.
  JUSPAY: 1,
  // The offline gateway settles a small leftover the way Razorpay and PhonePe do.
  TEST: 100,
};
