// The browser-side defences every page gets. Pages carry a Content-Security-Policy with a fresh
// nonce per request (set by the proxy; Next reads the nonce from the request's CSP header and puts
// it on its own scripts), so an injected <script> does not run. Headers that do not depend on the
// request are set for every path, API routes included, in next.config.ts.

/** Razorpay's Checkout (the driver's Pay button): its script, its frames and its API calls. */
const RAZORPAY = 'https://checkout.razorpay.com https://api.razorpay.com https://*.razorpay.com';

export function contentSecurityPolicy({ nonce, dev }: { nonce: string; dev: boolean }): string {
  return [
    "default-src 'self'",
    // 'strict-dynamic': scripts a trusted script loads (Next's chunks, Razorpay's checkout.js) run;
    // no inline script runs without the nonce. React's dev build needs eval.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    // Brand colours are style attributes (CSS variables on the tenant layout): styles stay inline.
    "style-src 'self' 'unsafe-inline'",
    // Logos and QR stickers are data: URLs.
    `img-src 'self' data: blob: ${RAZORPAY}`,
    "font-src 'self' data:",
    `connect-src 'self' ${RAZORPAY}`,
    `frame-src ${RAZORPAY}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** 128 random bits, base64: a CSP nonce. */
export function newNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}

/** Set on every response (next.config.ts `headers()`), pages and API routes alike. */
export const STATIC_SECURITY_HEADERS: readonly { key: string; value: string }[] = [
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=()' },
];

/** Only over TLS (a browser ignores it on http, and it must never pin a plain-http dev host). */
export const HSTS = { key: 'Strict-Transport-Security', value: 'max-age=31536000; includeSubDomains' };
