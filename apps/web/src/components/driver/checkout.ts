'use client';

// Pay on the connector page and Try again on a failed payment both post the driver's choice to
// /api/driver/checkout and go where the gateway's checkout says.

type Checkout =
  | { kind: 'redirect'; url: string }
  | { kind: 'upi-intent'; uri: string; qrPayload: string }
  | { kind: 'razorpay-checkout'; options: Record<string, unknown> };

export type CheckoutRequest = {
  sessionToken: string;
  code: string[];
  choice: { kind: 'amount'; rupees: number } | { kind: 'energy'; kwh: number };
  email: string | null;
};

declare global {
  // Augmenting Window needs declaration merging, which only an interface does.
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions
  interface Window {
    Razorpay?: new (options: Record<string, unknown>) => { open(): void };
  }
}

function loadRazorpay(): Promise<void> {
  return new Promise((resolve, reject) => {
    if (window.Razorpay) return resolve();
    const s = document.createElement('script');
    s.src = 'https://checkout.razorpay.com/v1/checkout.js';
    s.onload = () => resolve();
    s.onerror = () => reject(new Error('Could not load the payment page'));
    document.head.appendChild(s);
  });
}

/** Creates the session and its payment and opens the gateway; throws with the server's words. */
export async function startCheckout(
  request: CheckoutRequest,
  onDismiss: () => void,
  fallbackError = 'Payment could not start',
): Promise<void> {
  const res = await fetch('/api/driver/checkout', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...request, email: request.email ?? '' }),
  });
  const body = (await res.json().catch(() => ({}))) as { error?: string; sessionUrl?: string; checkout?: Checkout };
  if (!res.ok || !body.checkout || !body.sessionUrl) throw new Error(body.error ?? fallbackError);
  const { checkout, sessionUrl } = body;
  if (checkout.kind === 'redirect') return window.location.assign(checkout.url);
  if (checkout.kind === 'upi-intent') {
    window.location.assign(checkout.uri);
    window.setTimeout(() => window.location.assign(sessionUrl), 1500);
    return;
  }
  await loadRazorpay();
  const rzp = new window.Razorpay!({
    ...checkout.options,
    handler: () => window.location.assign(sessionUrl),
    modal: { ondismiss: onDismiss },
  });
  rzp.open();
}
