import { hashSecret } from '@magma/core';
import { describe, expect, it } from 'vitest';
import { cachedVerifier, withoutTrailingSlash } from './admission.ts';

describe('withoutTrailingSlash', () => {
  it.each([
    ['/ocpp/CP-1', '/ocpp/CP-1'],
    ['/ocpp/CP-1/', '/ocpp/CP-1'],
    ['/ocpp/CP-1//', '/ocpp/CP-1'],
    ['/ocpp/acme/CP-1/', '/ocpp/acme/CP-1'],
    ['/ocpp/CP-1/?fw=1.2', '/ocpp/CP-1?fw=1.2'],
    ['/ocpp/CP-1?next=/x/', '/ocpp/CP-1?next=/x/'],
    ['/ocpp//CP-1', '/ocpp//CP-1'],
    ['/', '/'],
  ])('%s → %s', (url, expected) => {
    expect(withoutTrailingSlash(url)).toBe(expected);
  });
});

describe('cachedVerifier', () => {
  it('knows a (password, hash) pair only once it verified it, and never a wrong password', async () => {
    const v = cachedVerifier();
    const hash = await hashSecret('right-password-123456');
    expect(v.known('right-password-123456', hash)).toBe(false);
    expect(await v.verify('wrong-password-123456', hash)).toBe(false);
    expect(v.known('wrong-password-123456', hash)).toBe(false);
    expect(await v.verify('right-password-123456', hash)).toBe(true);
    expect(v.known('right-password-123456', hash)).toBe(true);
    // A new hash (password changed on the dashboard) is verified afresh.
    expect(v.known('right-password-123456', await hashSecret('right-password-123456'))).toBe(false);
  });
});
