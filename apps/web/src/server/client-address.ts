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
