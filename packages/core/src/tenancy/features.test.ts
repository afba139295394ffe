import { describe, expect, it } from 'vitest';
import { features } from './features.ts';

describe('features(plan)', () => {
  it('keeps the Vendor CSMS plan to one brand, one site and no sub-accounts', () => {
    expect(features('VENDOR_CSMS')).toMatchObject({
      multiSite: false,
      whiteLabel: false,
      customDomains: false,
      vendorAccounts: false,
      api: false,
    });
  });

  it('turns every feature on for the Operator CSMS plan', () => {
    expect(Object.values(features('OPERATOR_CSMS')).every(Boolean)).toBe(true);
  });
});
