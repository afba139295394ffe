import 'server-only';
import { createHmac } from 'node:crypto';
import { env } from '@/env.ts';

/**
 * The key of driver PIN lookups (see setDriverPin): its own secret, or one derived from the app
 * secret. The driver page checks PINs with it and the Cards page issues them with it.
 */
export function pinLookupKey(): string {
  return env.PIN_LOOKUP_SECRET ?? createHmac('sha256', env.NEXTAUTH_SECRET).update('magma:pin-lookup').digest('hex');
}
