import type { Plan } from '@magma/db';

// One place decides what a plan includes; procedures and the navigation both ask it.

export type Feature = 'multiSite' | 'whiteLabel' | 'customDomains' | 'vendorAccounts' | 'tariffEditor' | 'api';

export type Features = Record<Feature, boolean>;

const PLANS: Record<Plan, Features> = {
  VENDOR_CSMS: {
    multiSite: false,
    whiteLabel: false,
    customDomains: false,
    vendorAccounts: false,
    tariffEditor: true,
    api: false,
  },
  OPERATOR_CSMS: {
    multiSite: true,
    whiteLabel: true,
    customDomains: true,
    vendorAccounts: true,
    tariffEditor: true,
    api: true,
  },
};

export const PLAN_LABELS: Record<Plan, { name: string; summary: string }> = {
  VENDOR_CSMS: { name: 'Vendor CSMS', summary: 'One site, one brand: chargers, sessions and tariffs.' },
  OPERATOR_CSMS: {
    name: 'Operator CSMS',
    summary: 'Many sites, white-label brand and domains, vendor sub-accounts and API access.',
  },
};

export function features(plan: Plan): Features {
  return PLANS[plan];
}
