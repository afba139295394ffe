// Where to go after sign-in. `next` comes from the address bar, so it is resolved exactly as the
// browser would resolve it (WHATWG URL: backslashes count as slashes, tabs and line breaks are
// dropped, `..` is applied) against the page's own origin, and only a path of that same origin is
// kept. Checking the raw text instead (`starts with / but not //`) lets `/\evil.example` through,
// which browsers read as `//evil.example`, another site.

const MAX_NEXT_LENGTH = 2_000;

/**
 * `next` as a path of `origin` (`/chargers?x=1#y`), or `/` when it leads anywhere else. `next` is a
 * path, or an absolute http(s) URL of the same origin (next-auth's callbackUrl is the page's href).
 */
export function sameOriginPath(next: unknown, origin: string): string {
  if (typeof next !== 'string' || next.length > MAX_NEXT_LENGTH) return '/';
  if (!next.startsWith('/') && !/^https?:\/\//i.test(next)) return '/';
  let base: URL;
  let url: URL;
  try {
    base = new URL(origin);
    url = new URL(next, base);
  } catch {
    return '/';
  }
  if (url.origin !== base.origin || url.username || url.password) return '/';
  const path = `${url.pathname}${url.search}${url.hash}`;
  // A path that still starts with two slashes would be read as another host when used as a link.
  return path.startsWith('//') ? '/' : path;
}
