import { describe, expect, it } from 'vitest';
import { oauthKeyring } from './keyring.ts';
import { hasScope, parseScopeParam } from './scopes.ts';

describe('scopes', () => {
  it.each([
    [['chargers:read'], 'chargers:read', true],
    [['chargers:write'], 'chargers:read', true],
    [['chargers:read'], 'chargers:write', false],
    [['sessions:write'], 'chargers:read', false],
    [[], 'chargers:read', false],
  ] as const)('%j holds %s: %s', (held, wanted, expected) => {
    expect(hasScope(held, wanted)).toBe(expected);
  });

  it.each([
    ['chargers:read  sessions:read chargers:read', ['chargers:read', 'sessions:read']],
    ['chargers:read everything', null],
    ['Chargers:read', null],
    ['', []],
  ])('parses the scope parameter %j', (param, expected) => {
    expect(parseScopeParam(param)).toEqual(expected);
  });
});

describe('oauthKeyring', () => {
  it('derives a stable key from the app secret when OAUTH_KEYS is unset', () => {
    const a = oauthKeyring({ fallbackSecret: 's1' });
    expect(a.current.key.equals(oauthKeyring({ fallbackSecret: 's1' }).current.key)).toBe(true);
    expect(a.current.key.equals(oauthKeyring({ fallbackSecret: 's2' }).current.key)).toBe(false);
  });

  it('names OAUTH_KEYS, never the key, in its errors', () => {
    expect(() => oauthKeyring({ keys: 'k1:c2hvcnQ=', fallbackSecret: 'x' })).toThrow(
      /^OAUTH_KEYS key "k1" must be 32 bytes/,
    );
  });
});
