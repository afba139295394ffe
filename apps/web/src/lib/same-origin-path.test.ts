import { describe, expect, it } from 'vitest';
import { sameOriginPath } from './same-origin-path.ts';

const ORIGIN = 'http://demo.localhost:3000';

describe('sameOriginPath', () => {
  it.each([
    ['/chargers', '/chargers'],
    ['/chargers/abc?tab=live#top', '/chargers/abc?tab=live#top'],
    ['/a/b/../c', '/a/c'],
    ['/%5Cevil.example', '/%5Cevil.example'], // stays an encoded path on this host
    ['/settings/users?next=//evil.example', '/settings/users?next=//evil.example'],
    ['http://demo.localhost:3000/chargers?x=1', '/chargers?x=1'], // next-auth's callbackUrl is an href
    ['HTTP://DEMO.localhost:3000/', '/'],
  ])('keeps the same-origin path %j as %j', (next, expected) => {
    expect(sameOriginPath(next, ORIGIN)).toBe(expected);
  });

  it.each([
    '//evil.example',
    '//evil.example/path',
    '/\\evil.example',
    '\\\\evil.example',
    '/\\/evil.example',
    '\\/evil.example',
    '/\t/evil.example',
    '/\n/evil.example',
    '/\r\n/evil.example',
    '/\t\\evil.example',
    ' /\\evil.example',
    'https://evil.example',
    'http://demo.localhost:3000.evil.example/',
    'https:evil.example',
    'http:/evil.example',
    '///evil.example',
    '////evil.example',
    '/a/../..//evil.example',
    '/.//evil.example',
    '//demo.localhost:3000@evil.example',
    '/@evil.example',
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    '\tjavascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'evil.example',
    '',
    `/${'a'.repeat(3_000)}`,
  ])('sends %j home instead', (next) => {
    const got = sameOriginPath(next, ORIGIN);
    // Whatever comes back, the browser resolves it on this origin.
    expect(new URL(got, ORIGIN).origin).toBe(ORIGIN);
    expect(got.startsWith('//')).toBe(false);
  });

  it.each([
    ['the decoded form of /%5Cevil.example', decodeURIComponent('/%5Cevil.example')],
    ['the decoded form of /%2F%2Fevil.example', decodeURIComponent('/%2F%2Fevil.example')],
    ['the decoded form of /%09/evil.example', decodeURIComponent('/%09/evil.example')],
    ['a protocol-relative URL', '//evil.example'],
    ['an absolute URL on another host', 'https://evil.example/x'],
    ['an absolute URL on this host over another scheme', 'https://demo.localhost:3000/chargers'],
    ['an absolute URL on this host name but another port', 'http://demo.localhost:4000/chargers'],
    ['a javascript: URL', 'javascript:alert(document.cookie)'],
  ])('answers / for %s', (_case, next) => {
    expect(sameOriginPath(next, ORIGIN)).toBe('/');
  });

  it.each([undefined, null, 42, ['/chargers'], { toString: () => '/x' }])('answers / for the non-string %j', (next) => {
    expect(sameOriginPath(next, ORIGIN)).toBe('/');
  });

  it('answers / when the origin itself is not a URL', () => {
    expect(sameOriginPath('/chargers', 'not a url')).toBe('/');
  });
});
