import { AppError } from '../errors/app-error.ts';

// Proof that a tenant controls a custom host: it publishes its claim's token in a DNS TXT record
// at `_magma-verification.{host}` (a name of its own, so it does not disturb the host's other
// records or need the apex). Resolution goes through this interface, so tests point it at a local
// DNS server; production uses node's resolver (the system's DNS servers).

export type TxtResolver = { resolveTxt(name: string): Promise<string[][]> };

export const VERIFICATION_LABEL = '_magma-verification';

/** The TXT record a tenant adds for one claim. */
export function verificationRecord({ host, verificationToken }: { host: string; verificationToken: string }) {
  return {
    type: 'TXT' as const,
    name: `${VERIFICATION_LABEL}.${host}`,
    value: `magma-verification=${verificationToken}`,
  };
}

/** DNS answers that mean "no such record" rather than "could not ask". */
const ABSENT = new Set(['ENODATA', 'ENOTFOUND', 'NXDOMAIN', 'ENONAME']);

/**
 * Whether the host's verification name carries `value` (a TXT record may be split in several
 * strings; they are joined, as RFC 7208 does for SPF). A resolver failure is an UPSTREAM error, not
 * a "no".
 */
export async function txtRecordPresent(resolver: TxtResolver, name: string, value: string): Promise<boolean> {
  let records: string[][];
  try {
    records = await resolver.resolveTxt(name);
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && ABSENT.has(code)) return false;
    throw new AppError('UPSTREAM', `DNS could not be asked about ${name} just now; try again in a minute.`, {
      cause: e,
    });
  }
  return records.some((parts) => parts.join('').trim() === value);
}
