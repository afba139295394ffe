import { describe, expect, it } from 'vitest';
import { classifyHost, normalizeHost } from './host.ts';

describe('classifyHost', () => {
  it.each([
    ['localhost:3000', 'localhost', { kind: 'platform' }],
    ['www.magma.example', 'magma.example', { kind: 'platform' }],
    ['demo.localhost:3000', 'localhost', { kind: 'subdomain', slug: 'demo' }],
    ['DEMO.Magma.Example.', 'magma.example', { kind: 'subdomain', slug: 'demo' }],
    ['charge.acme.in', 'magma.example', { kind: 'custom', host: 'charge.acme.in' }],
    ['a.b.magma.example', 'magma.example', { kind: 'invalid' }],
    ['evil.com/..', 'magma.example', { kind: 'invalid' }],
    ['[::1]:3000', 'localhost', { kind: 'invalid' }],
    ['', 'localhost', { kind: 'invalid' }],
    [null, 'localhost', { kind: 'invalid' }],
    ['demo.localhost.attacker.com', 'localhost', { kind: 'custom', host: 'demo.localhost.attacker.com' }],
  ] as const)('%s on platform %s', (host, platform, expected) => {
    expect(classifyHost(host, platform)).toEqual(expected);
  });
});

describe('normalizeHost', () => {
  it.each([
    ['Charge.Acme.IN:443', 'charge.acme.in'],
    ['demo.localhost.', 'demo.localhost'],
    ['under_score.example', null],
    ['-dash.example', null],
    ['x'.repeat(64) + '.example', null],
  ])('%s → %s', (raw, expected) => {
    expect(normalizeHost(raw)).toBe(expected);
  });
});
