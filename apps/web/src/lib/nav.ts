import type { Features, ScopeRole } from '@magma/api';

// The navigation registry: a page appears in the tenant header once it is registered here. Register
// a page in the same commit that adds it, never before (no links to pages that do not exist).

export type NavAccess = { role: ScopeRole; features: Features };

export type NavItem = {
  href: string;
  label: string;
  /** Position in the header; leave gaps so pages can slot in. */
  order: number;
  visible: (a: NavAccess) => boolean;
  /** Less-used pages: under the header's "More" menu so the bar stays on one line. */
  more?: boolean;
};

const anyone = () => true;
const admins = (a: NavAccess) => a.role === 'OPERATOR_ADMIN' || a.role === 'PLATFORM_ADMIN';
/** Every role reads tariffs (vendor users those that apply to their sites); admins edit them. */
const tariffReaders = (a: NavAccess) => a.features.tariffEditor;

export const NAV_ITEMS: NavItem[] = [
  { href: '/', label: 'Overview', order: 10, visible: anyone },
  { href: '/sites', label: 'Sites', order: 15, visible: anyone },
  { href: '/chargers', label: 'Chargers', order: 20, visible: anyone },
  { href: '/reservations', label: 'Reservations', order: 25, visible: anyone },
  { href: '/sessions', label: 'Sessions', order: 30, visible: anyone },
  { href: '/cards', label: 'Cards', order: 35, visible: anyone, more: true },
  { href: '/faults', label: 'Faults', order: 40, visible: anyone },
  { href: '/tariffs', label: 'Tariffs', order: 50, visible: tariffReaders },
  // Settlements for the operator's people; a vendor user's own money is its Earnings page.
  { href: '/settlements', label: 'Settlements', order: 55, visible: (a) => a.role !== 'VENDOR_USER' },
  { href: '/earnings', label: 'Earnings', order: 56, visible: (a) => a.role === 'VENDOR_USER' },
  // Every payout with its UTR, filtered and exported (a vendor user: its own).
  { href: '/payouts', label: 'Payouts', order: 57, visible: anyone, more: true },
  { href: '/vendors', label: 'Vendors', order: 60, visible: (a) => admins(a) && a.features.vendorAccounts },
  { href: '/stickers', label: 'Stickers', order: 70, visible: anyone, more: true },
  // The REST API console: tries routes with the signed-in user's own role (plans with the API).
  { href: '/developers/console', label: 'API', order: 80, visible: (a) => a.features.api, more: true },
  { href: '/outbox', label: 'Outbox', order: 85, visible: admins, more: true },
  { href: '/settings', label: 'Settings', order: 90, visible: admins },
];

export function navFor(access: NavAccess, items: NavItem[] = NAV_ITEMS): NavItem[] {
  return items.filter((i) => i.visible(access)).sort((a, b) => a.order - b.order);
}
