import { describe, expect, it } from 'vitest';
import { features } from '@magma/api';
import { navFor } from './nav.ts';

const labels = (role: Parameters<typeof navFor>[0]['role'], plan: 'VENDOR_CSMS' | 'OPERATOR_CSMS' = 'OPERATOR_CSMS') =>
  navFor({ role, features: features(plan) }).map((i) => i.label);

describe('navFor', () => {
  it('shows settings and vendors to operator admins only', () => {
    expect(labels('OPERATOR_ADMIN')).toEqual(expect.arrayContaining(['Overview', 'Vendors', 'Settings']));
    expect(labels('OPERATOR_STAFF')).not.toContain('Settings');
    expect(labels('VENDOR_USER')).not.toEqual(expect.arrayContaining(['Vendors']));
    expect(labels('VENDOR_USER')).not.toContain('Settings');
  });

  it('hides vendor accounts on the Vendor CSMS plan', () => {
    expect(labels('OPERATOR_ADMIN', 'VENDOR_CSMS')).not.toContain('Vendors');
  });

  it.each(['OPERATOR_ADMIN', 'OPERATOR_STAFF', 'VENDOR_USER'] as const)(
    'shows Reservations to %s, right after Chargers',
    (role) => {
      const nav = labels(role);
      expect(nav.indexOf('Reservations')).toBe(nav.indexOf('Chargers') + 1);
    },
  );

  it('keeps the registry order', () => {
    expect(labels('OPERATOR_ADMIN')[0]).toBe('Overview');
    expect(labels('OPERATOR_ADMIN').at(-1)).toBe('Settings');
  });
});
