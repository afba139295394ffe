// The client address behind the sign-in and PIN rate limits. X-Forwarded-For and X-Real-IP are
// whatever the client sends unless a proxy we run sets them, so they count only with TRUST_PROXY,
// and then only the hop our proxy appended (the last): earlier entries are the client's own text.
// Without a trusted proxy every client shares one key, which keeps the limits whole at the cost of
// shared lockouts (each use case also limits per email or per connector).

export const UNTRUSTED_CLIENT = 'direct';

export function clientAddress(header: (name: string) => string | null | undefined, trustProxy: boolean): string {
  if (!trustProxy) return UNTRUSTED_CLIENT;
  const forwarded = header('x-forwarded-for')?.split(',').at(-1)?.trim();
  return forwarded || header('x-real-ip')?.trim() || 'unknown';
}

const lastHop = (v: string | null | undefined) => v?.split(',').at(-1)?.trim() || null;

/**
 * The host the client asked for: the Host header, or under TRUST_PROXY the X-Forwarded-Host our
 * proxy set (the last value: earlier ones are the client's). Anywhere else X-Forwarded-Host is the
 * client's own text, and a redirect or an emailed link built from it could point at any site.
 */
export function requestHost(header: (name: string) => string | null | undefined, trustProxy: boolean): string | null {
  return (trustProxy ? lastHop(header('x-forwarded-host')) : null) ?? header('host') ?? null;
}

/** The scheme our proxy reports under TRUST_PROXY (X-Forwarded-Proto); null when not known. */
export function requestProto(
  header: (name: string) => string | null | undefined,
  trustProxy: boolean,
): 'http' | 'https' | null {
  if (!trustProxy) return null;
  const proto = lastHop(header('x-forwarded-proto'))?.toLowerCase();
  return proto === 'https' || proto === 'http' ? proto : null;
}
