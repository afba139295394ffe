// @peculiar/x509 resolves its ASN.1 parsers through tsyringe, which needs the Reflect metadata API.
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

// Node's WebCrypto for @peculiar/x509: set once, on first import of any CA module.
export type CryptoKey = webcrypto.CryptoKey;
export type CryptoKeyPair = webcrypto.CryptoKeyPair;
export type EcKeyGenParams = webcrypto.EcKeyGenParams;
export type RsaHashedKeyGenParams = webcrypto.RsaHashedKeyGenParams;

// `as never`: the DOM and Node typings of Crypto differ by package (lib settings), the object is the same.
x509.cryptoProvider.set(webcrypto as never);

export const crypto = webcrypto;
export { x509 };

/** ECDSA P-256 with SHA-256: what 2.0.1 A00 (TLS) and ISO 15118-2 (V2G) both accept. */
export const EC_KEY: EcKeyGenParams = { name: 'ECDSA', namedCurve: 'P-256' };
export const EC_SIGN: webcrypto.EcdsaParams = { name: 'ECDSA', hash: 'SHA-256' };

export const toBase64 = (buf: ArrayBuffer | Uint8Array) => Buffer.from(buf as ArrayBuffer).toString('base64');

export async function exportKey(key: CryptoKey): Promise<string> {
  return toBase64(await crypto.subtle.exportKey('pkcs8', key));
}

export async function importSigningKey(pkcs8Base64: string): Promise<CryptoKey> {
  return crypto.subtle.importKey('pkcs8', Buffer.from(pkcs8Base64, 'base64'), EC_KEY, false, ['sign']);
}

/**
 * Random positive 16-byte serial (RFC 5280: at most 20 octets, positive, unpredictable), its first
 * byte 0x10–0x7f: positive, and its hex has no leading zero, so it is the same string OCPP's
 * CertificateHashData uses (hex without leading zeroes) wherever a serial is compared.
 */
export function randomSerial(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[0] = 0x10 + (bytes[0]! % 0x70);
  return Buffer.from(bytes).toString('hex');
}
