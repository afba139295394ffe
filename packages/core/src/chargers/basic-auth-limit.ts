import type { Db } from '@magma/db';
import { claimRateLimitSlot, releaseRateLimitSlot, type RateLimit } from '../users/rate-limit.ts';

// Failed HTTP Basic passwords on the OCPP endpoint, counted in PostgreSQL (RateLimitBucket) so every
// relay shares them: per charge point identity (any tenant, any address: a distributed guess at one
// charger) and per client address (one address trying many identities). An attempt claims a slot
// of each before its password is verified and gives both back when it succeeds (or is limited, and
// so never checked), so only failures stay counted and attempts sent in parallel cannot all pass a
// check before any of them counts.

/** Wrong passwords for one identity, from anywhere. */
export const BASIC_AUTH_IDENTITY_LIMIT: RateLimit = { limit: 10, windowMs: 15 * 60_000 };
/** Wrong passwords from one client address, for any identities (a site's chargers behind one NAT share it). */
export const BASIC_AUTH_ADDRESS_LIMIT: RateLimit = { limit: 100, windowMs: 15 * 60_000 };

const MAX_KEY_PART = 128;

function keys(identity: string, address: string | null | undefined) {
  return {
    identity: `ocpp-basic:id:${identity.slice(0, MAX_KEY_PART)}`,
    address: `ocpp-basic:addr:${(address || 'unknown').slice(0, MAX_KEY_PART)}`,
  };
}

export type BasicAuthAttempt = { allowed: boolean; release: () => Promise<void> };

/** Claims one password attempt for `identity` from `address`: allowed is false once either limit is used up. */
export async function claimBasicAuthAttempt({
  db,
  identity,
  address,
  now,
}: {
  db: Db;
  identity: string;
  address: string | null | undefined;
  now?: Date;
}): Promise<BasicAuthAttempt> {
  const k = keys(identity, address);
  const [byIdentity, byAddress] = await Promise.all([
    claimRateLimitSlot({ db, key: k.identity, rule: BASIC_AUTH_IDENTITY_LIMIT, now }),
    claimRateLimitSlot({ db, key: k.address, rule: BASIC_AUTH_ADDRESS_LIMIT, now }),
  ]);
  const release = async () => {
    await Promise.all([releaseRateLimitSlot({ db, key: k.identity }), releaseRateLimitSlot({ db, key: k.address })]);
  };
  // A limited attempt is refused unchecked, so it is no failure: it counts against neither key
  // (a charger behind a limited address does not use up its own identity's attempts).
  const allowed = byIdentity.taken && byAddress.taken;
  if (!allowed) await release();
  return { allowed, release };
}
