import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openSecrets, parseCredentialKeys, rewrapSecrets, sealSecrets } from './sealed-secrets.ts';

const key = () => randomBytes(32).toString('base64');
const secrets = { keySecret: 'sk_live_very_secret_9931', webhookSecret: 'whsec-4471' };

describe('sealed payment secrets', () => {
  it('holds no plaintext and opens only with the same tenant/account binding', () => {
    const ring = parseCredentialKeys(`k1:${key()}`);
    const sealed = sealSecrets(ring, secrets, 'tenant-a/acct-1');
    const stored = JSON.stringify(sealed);
    expect(stored).not.toContain('very_secret');
    expect(stored).not.toContain(Buffer.from(secrets.keySecret).toString('base64').slice(0, 12));
    expect(sealed.kekId).toBe('k1');
    expect(openSecrets(ring, sealed, 'tenant-a/acct-1')).toEqual(secrets);
    expect(() => openSecrets(ring, sealed, 'tenant-b/acct-1')).toThrow();
  });

  it('a rotation re-wraps the data key under the newest key; the old key can then go', () => {
    const k1 = `k1:${key()}`;
    const k2 = `k2:${key()}`;
    const sealed = sealSecrets(parseCredentialKeys(k1), secrets, 'aad');
    const both = parseCredentialKeys(`${k2},${k1}`);
    expect(openSecrets(both, sealed, 'aad')).toEqual(secrets);
    const rewrapped = rewrapSecrets(both, sealed, 'aad');
    expect(rewrapped.kekId).toBe('k2');
    expect(rewrapped.box).toBe(sealed.box);
    expect(openSecrets(parseCredentialKeys(k2), rewrapped, 'aad')).toEqual(secrets);
    expect(() => openSecrets(parseCredentialKeys(k2), sealed, 'aad')).toThrow(/key "k1"/);
  });

  it.each([
    ['', /no key/],
    ['nokey', /entry 1/],
    [`a:${Buffer.alloc(16).toString('base64')}`, /32 bytes/],
    [`a:${key()},a:${key()}`, /twice/],
  ])('refuses PAYMENT_CREDENTIALS_KEYS %j', (spec, message) => {
    expect(() => parseCredentialKeys(spec)).toThrow(message);
  });
});
