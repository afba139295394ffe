import { z } from 'zod';

// PhonePe PG v2 (Standard Checkout) shapes, from https://developer.phonepe.com/payment-gateway/
// website-integration/standard-checkout/api-integration/. Unknown fields pass through in `raw`.

export const ppToken = z.object({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  /** Epoch seconds. */
  expires_at: z.number().int(),
});

export const ppCreatePayment = z.object({
  orderId: z.string(),
  state: z.string(),
  expireAt: z.number().optional(),
  redirectUrl: z.string().url(),
});

const ppPaymentDetail = z.object({
  paymentMode: z.string().optional(),
  transactionId: z.string(),
  timestamp: z.number().optional(),
  amount: z.number().int(),
  state: z.enum(['PENDING', 'COMPLETED', 'FAILED']),
  errorCode: z.string().optional(),
  detailedErrorCode: z.string().optional(),
});

export const ppOrderStatus = z.object({
  orderId: z.string(),
  state: z.enum(['PENDING', 'COMPLETED', 'FAILED']),
  amount: z.number().int(),
  paymentDetails: z.array(ppPaymentDetail).optional(),
  errorCode: z.string().optional(),
  detailedErrorCode: z.string().optional(),
});

export const ppRefund = z.object({
  refundId: z.string(),
  amount: z.number().int(),
  state: z.enum(['PENDING', 'CONFIRMED', 'COMPLETED', 'FAILED']),
});

export const ppOrderPayload = ppOrderStatus.extend({
  merchantOrderId: z.string(),
  merchantId: z.string().optional(),
});

// PhonePe's documented refund callbacks name the refund one way or the other: accepted and completed
// carry our merchantRefundId (no refundId), failed carries PhonePe's refundId with an empty order id.
export const ppRefundPayload = z
  .object({
    merchantRefundId: z.string().min(1).optional(),
    originalMerchantOrderId: z.string().optional(),
    refundId: z.string().min(1).optional(),
    amount: z.number().int(),
    state: z.string(),
    errorCode: z.string().optional(),
    detailedErrorCode: z.string().optional(),
  })
  .refine((p) => p.refundId !== undefined || p.merchantRefundId !== undefined, {
    message: 'A refund callback names its refund by refundId or merchantRefundId',
  });

export const ppCallback = z.object({
  /** Current field; older callbacks also carry an upper-case `type`. */
  event: z.string().optional(),
  type: z.string().optional(),
  payload: z.record(z.string(), z.unknown()),
});
