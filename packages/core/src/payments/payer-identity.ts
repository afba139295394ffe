import { createHmac } from 'node:crypto';
import type { PaymentProvider as ProviderName } from '@magma/db';

// Who paid for a UPI session, as the gateway says at capture: the payer's VPA (UPI id) and phone.
// The dashboard shows them masked (ra••••@okaxis, +91 ••••••3210) and its search finds a driver's
// sessions by the full value, so each is stored twice, never in clear: masked, and as an HMAC of
// the tenant and the normalised value under the server's payer lookup key (a search hashes what
// was typed the same way and compares).

export type Payer = { vpa: string | null; phone: string | null };

export type PayerColumns = {
  payerVpaMasked?: string;
  payerVpaLookup?: string;
  payerPhoneMasked?: string;
  payerPhoneLookup?: string;
};

/** The payer lookup key, derived from a server secret (the PIN lookup key) under its own label. */
export function payerLookupKeyOf(serverKey: string): string {
  if (!serverKey) throw new Error('The server key for payer lookups is empty');
  return createHmac('sha256', serverKey).update('magma:payer-lookup:v1').digest('hex');
}

// NPCI VPAs: a handle of letters, digits, dot, hyphen and underscore, '@', a PSP name.
const VPA = /^[a-z0-9._-]{2,256}@[a-z][a-z0-9.-]{1,63}$/;

/** A VPA as UPI compares it (case does not matter), or null when it is not one. */
export function normaliseVpa(value: string): string | null {
  const v = value.trim().toLowerCase();
  return v.length <= 320 && VPA.test(v) ? v : null;
}

/**
 * An Indian mobile number as +91 and its 10 digits (starting 6–9), from what people type or
 * gateways send: "+91 98765 43210", "919876543210", "09876543210", "98765-43210". Else null.
 */
export function normalisePhone(value: string): string | null {
  if (value.length > 32 || !/^[+\d\s().-]+$/.test(value)) return null;
  let d = value.replace(/\D/g, '');
  if (d.length === 12 && d.startsWith('91')) d = d.slice(2);
  else if (d.length === 11 && d.startsWith('0')) d = d.slice(1);
  return /^[6-9]\d{9}$/.test(d) ? `+91${d}` : null;
}

/** `ra••••@okaxis`: the first two characters of the handle (one if it is that short), and the PSP. */
export function maskVpa(vpa: string): string {
  const [handle = '', psp = ''] = vpa.split('@');
  const shown = handle.slice(0, handle.length > 3 ? 2 : 1);
  return `${shown}••••@${psp}`;
}

/** `+91 ••••••3210`: the last four digits. */
export function maskPhone(phone: string): string {
  return `+91 ••••••${phone.slice(-4)}`;
}

function lookup(key: string, tenantId: string, kind: 'vpa' | 'phone', value: string): string {
  return createHmac('sha256', key).update(`${tenantId}:${kind}:${value}`).digest('hex');
}

/** The lookups a search text could match: the VPA's, or the phone number's (null: neither). */
export function payerLookupsOf(q: string, { key, tenantId }: { key: string; tenantId: string }) {
  const vpa = q.includes('@') ? normaliseVpa(q) : null;
  const phone = vpa ? null : normalisePhone(q);
  return {
    vpa: vpa ? lookup(key, tenantId, 'vpa', vpa) : null,
    phone: phone ? lookup(key, tenantId, 'phone', phone) : null,
  };
}

// A VPA the gateway already masked (PhonePe's status answers: "12****78@ybl"): shown, never searchable.
const MASKED_VPA = /^([a-z0-9._-]*)\*+[a-z0-9._*-]*@([a-z][a-z0-9.-]{1,63})$/;

/** `12••••@ybl` for a gateway-masked VPA: its leading visible characters (two at most) and the PSP. */
function maskedByGateway(value: string): string | null {
  const m = value.length <= 320 ? MASKED_VPA.exec(value.trim().toLowerCase()) : null;
  return m ? `${m[1]!.slice(0, 2)}••••@${m[2]}` : null;
}

/**
 * The Payment columns for a payer: masked forms always, lookups when the key is known (and the
 * gateway sent the value in clear; a VPA it masked itself is kept masked only).
 */
export function payerColumns(payer: Payer, { key, tenantId }: { key?: string; tenantId: string }): PayerColumns {
  const vpa = payer.vpa ? normaliseVpa(payer.vpa) : null;
  const gatewayMasked = !vpa && payer.vpa ? maskedByGateway(payer.vpa) : null;
  const phone = payer.phone ? normalisePhone(payer.phone) : null;
  return {
    ...(vpa
      ? { payerVpaMasked: maskVpa(vpa), ...(key ? { payerVpaLookup: lookup(key, tenantId, 'vpa', vpa) } : {}) }
      : gatewayMasked
        ? { payerVpaMasked: gatewayMasked }
        : {}),
    ...(phone
      ? {
          payerPhoneMasked: maskPhone(phone),
          ...(key ? { payerPhoneLookup: lookup(key, tenantId, 'phone', phone) } : {}),
        }
      : {}),
  };
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v : null);

/**
 * The payer a gateway's payment notification names, read from its verified body:
 * - Razorpay webhooks: payload.payment.entity `vpa` (or `upi.vpa`) and `contact`;
 * - PhonePe PG v2 callbacks: payload.paymentDetails[].rail `vpa` (UPI); PhonePe sends no phone;
 * - Juspay order webhooks: content.order `payer_vpa` (or `upi.payer_vpa`) and `customer_phone`.
 * Anything else, or a field of another shape, is no payer.
 */
export function payerOfEvent(provider: ProviderName, raw: unknown): Payer {
  const none = { vpa: null, phone: null };
  const body = obj(raw);
  if (provider === 'RAZORPAY') {
    const p = obj(obj(obj(body.payload).payment).entity);
    return { vpa: str(p.vpa) ?? str(obj(p.upi).vpa), phone: str(p.contact) };
  }
  if (provider === 'PHONEPE') {
    const details = obj(body.payload).paymentDetails;
    const rails = Array.isArray(details) ? details.map((d) => obj(obj(d).rail)) : [];
    return { vpa: rails.map((r) => str(r.vpa)).find(Boolean) ?? null, phone: null };
  }
  if (provider === 'JUSPAY') {
    const o = obj(obj(body.content).order);
    return { vpa: str(o.payer_vpa) ?? str(obj(o.upi).payer_vpa), phone: str(o.customer_phone) };
  }
  return none;
}

/**
 * The payer a gateway's status answer names (the status-check path: a payment confirmed without
 * its webhook), read from the raw answer its adapter returned:
 * - Razorpay: { order, payments }: the payment entity `paymentId` (the one the status settled on)
 *   in payments.items, its `vpa` (or `upi.vpa`) and `contact`;
 * - PhonePe order status: paymentDetails[] (the COMPLETED attempt first) `rail.vpa`, or a split
 *   instrument's `rail.vpa`; no phone;
 * - Juspay order status (the same order object as the webhook's content.order): `upi.payer_vpa`
 *   (or `payer_vpa`) and `customer_phone`.
 */
export function payerOfStatus(provider: ProviderName, raw: unknown, paymentId: string | null): Payer {
  const body = obj(raw);
  if (provider === 'RAZORPAY') {
    const items = obj(body.payments).items;
    const p = obj(Array.isArray(items) ? items.find((i) => paymentId && obj(i).id === paymentId) : null);
    return { vpa: str(p.vpa) ?? str(obj(p.upi).vpa), phone: str(p.contact) };
  }
  if (provider === 'PHONEPE') {
    const details = Array.isArray(body.paymentDetails) ? body.paymentDetails.map(obj) : [];
    const ordered = [
      ...details.filter((d) => d.state === 'COMPLETED'),
      ...details.filter((d) => d.state !== 'COMPLETED'),
    ];
    const rails = ordered.flatMap((d) => [
      obj(d.rail),
      ...(Array.isArray(d.splitInstruments) ? d.splitInstruments.map((s) => obj(obj(s).rail)) : []),
    ]);
    return { vpa: rails.map((r) => str(r.vpa)).find(Boolean) ?? null, phone: null };
  }
  if (provider === 'JUSPAY') {
    return { vpa: str(obj(body.upi).payer_vpa) ?? str(body.payer_vpa), phone: str(body.customer_phone) };
  }
  return { vpa: null, phone: null };
}
