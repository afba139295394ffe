import { describe, expect, it } from 'vitest';
import { withoutTrailingSlash } from './admission.ts';

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
