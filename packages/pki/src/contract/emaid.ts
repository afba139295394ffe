import type { Certificate } from '@peculiar/asn1-x509';
import { subjectCn } from './validate-chain.ts';

// An eMAID (ISO 15118-2 / DIN SPEC 91286): country (2), provider (3), instance (9), optional check
// character; written with or without dashes ("DE-8AA-CA2B3C4D5-L" = "DE8AACA2B3C4D5L"). The contract
// certificate holds it in the subject CN.
const EMAID = /^[A-Z]{2}-?[A-Z0-9]{3}-?[A-Z0-9]{9}(-?[A-Z0-9])?$/;

/** The eMAID without dashes, upper case: the form id tokens of type eMAID are stored and compared in. */
export const normalizeEmaid = (emaid: string) => emaid.trim().toUpperCase().replace(/-/g, '');

export const isEmaid = (text: string) => EMAID.test(text.trim().toUpperCase());

/** The eMAID a contract certificate is for, normalized; null when its CN holds none. */
export function emaidOf(certificate: Certificate): string | null {
  const cn = subjectCn(certificate);
  return cn && isEmaid(cn) ? normalizeEmaid(cn) : null;
}
