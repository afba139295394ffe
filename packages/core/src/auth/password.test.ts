import { describe, expect, it } from 'vitest';
import { hashSecret, verifySecret } from './password.ts';

describe('hashSecret / verifySecret', () => {
  it('verifies the right secret and rejects a wrong one', async () => {
    const h = await hashSecret('demo1234');
    expect(h).not.toContain('demo1234');
    expect(await verifySecret('demo1234', h)).toBe(true);
    expect(await verifySecret('demo12345', h)).toBe(false);
  });
  it('salts: the same secret hashes differently', async () => {
    expect(await hashSecret('x')).not.toBe(await hashSecret('x'));
  });
  it.each([null, undefined, '', 'plain', 'scrypt$1$2'])('rejects a malformed stored hash %s', async (stored) => {
    expect(await verifySecret('x', stored)).toBe(false);
  });
});
