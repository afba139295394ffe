// Next copies its proxy's routing headers onto the response: `x-middleware-rewrite` names the
// internal path a host was rewritten to (`/demo.localhost/reservations`), and other x-middleware-*
// headers are Next's own signalling. None of them is meant for the browser (the app router's client
// reads x-nextjs-rewritten-path/-query on RSC responses, never x-middleware-*), so the server drops
// them from every response on the way out. A header-keyed rewrite in next.config would avoid the
// header but breaks client navigations with a query (see apps/web/src/proxy.ts).

const INTERNAL = /^x-middleware-/i;

/** @param {string} name */
export const isInternalHeader = (name) => INTERNAL.test(name);

/**
 * Makes `res` drop every internal routing header when its head is written, whichever way Next
 * writes it (setHeader before, headers passed to writeHead as an object or as a flat array).
 * @param {import('node:http').ServerResponse} res
 */
export function hideInternalHeaders(res) {
  const writeHead = res.writeHead;
  /** @type {(...args: unknown[]) => import('node:http').ServerResponse} */
  const filtered = function (statusCode, ...rest) {
    for (const name of res.getHeaderNames()) if (isInternalHeader(name)) res.removeHeader(name);
    const i = rest.findIndex((a) => a !== null && typeof a === 'object');
    if (i >= 0) rest[i] = withoutInternal(rest[i]);
    return writeHead.call(res, statusCode, ...rest);
  };
  res.writeHead = /** @type {typeof res.writeHead} */ (filtered);
  return res;
}

/** @param {unknown} headers */
function withoutInternal(headers) {
  if (Array.isArray(headers)) {
    // [name, value, name, value, …] or [[name, value], …]
    if (headers.length > 0 && Array.isArray(headers[0])) return headers.filter(([name]) => !isInternalHeader(name));
    const kept = [];
    for (let i = 0; i < headers.length; i += 2) {
      if (!isInternalHeader(String(headers[i]))) kept.push(headers[i], headers[i + 1]);
    }
    return kept;
  }
  return Object.fromEntries(
    Object.entries(/** @type {Record<string, unknown>} */ (headers)).filter(([name]) => !isInternalHeader(name)),
  );
}
