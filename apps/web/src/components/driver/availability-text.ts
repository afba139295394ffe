import type { Availability } from '@magma/core/driver';
import { driverT, type DriverKey, type Locale } from '@magma/i18n';

// The connector's availability in the driver's language. Core states it in English (operators'
// APIs and logs read it there); each of its sentences has a key here, and availability-text.test.ts
// walks every state core can give so a new sentence cannot reach a Hindi page untranslated.

const KEYS = {
  'This charger is offline right now. Please do not pay; try another connector.': 'availability.offline',
  'This connector reports a fault and cannot charge.': 'availability.faulted',
  'This connector is out of service.': 'availability.outOfService',
  'Someone is charging here. Please wait or pick another connector.': 'availability.busy',
  'This connector is reserved.': 'availability.reserved',
  'No price is set for this connector yet.': 'availability.noPrice',
  'Plugged in and ready.': 'availability.pluggedIn',
  'Ready: plug in, then pay.': 'availability.ready',
} as const satisfies Record<string, DriverKey>;

export function availabilityText(a: Availability, locale: Locale): string {
  const key = Object.hasOwn(KEYS, a.message) ? KEYS[a.message as keyof typeof KEYS] : null;
  return key ? driverT(locale)(key) : a.message;
}
