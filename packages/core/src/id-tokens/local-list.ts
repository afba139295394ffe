import type { IdTokenStatus, IdTokenType } from '@magma/db';

// The charger's local authorization list (OCPP 1.6 SendLocalList, 2.0.1 D01): the operator's
// cards, pushed whole (updateType Full) so a charger that loses its connection still knows which
// cards to accept and which to refuse. Blocked and expired cards are on the list with their
// status, so a card blocked here is refused offline even if the charger's cache remembers it.

export type ListCard = {
  token: string;
  type: IdTokenType;
  status: IdTokenStatus;
  expiresAt: Date | null;
  parentToken: string | null;
};

/** More cards than one list may hold: a bigger fleet needs differential updates. */
export const MAX_LOCAL_LIST = 5_000;
/** OCPP 1.6 idTag and parentIdTag are CiString20. */
export const OCPP16_ID_MAX = 20;

/** The OCPP 2.0.1 IdTokenType of each of our card types (Central for the rest). */
export const ID_TOKEN_TYPE_201: Partial<Record<IdTokenType, string>> = {
  RFID: 'ISO14443',
  ISO15693: 'ISO15693',
  CONTRACT: 'eMAID',
  CENTRAL: 'Central',
  LOCAL: 'Local',
};

export function statusOf(card: ListCard, now: Date): 'Accepted' | 'Blocked' | 'Expired' | 'Invalid' {
  if (card.status === 'BLOCKED') return 'Blocked';
  if (card.status === 'INVALID') return 'Invalid';
  if (card.status === 'EXPIRED' || (card.expiresAt && card.expiresAt <= now)) return 'Expired';
  return 'Accepted';
}

/**
 * The list version: seconds since 2024-01-01, so every push is newer than the last one (a charger
 * keeps the version it was sent; OCPP wants it to grow) and it fits an int32 until 2092.
 */
export function localListVersion(now: Date): number {
  return Math.floor((now.getTime() - Date.UTC(2024, 0, 1)) / 1000);
}

/** The SendLocalList call for the charger's protocol, and the cards a 1.6 charger cannot hold. */
export function localListCall(
  protocol: 'OCPP16' | 'OCPP201',
  cards: readonly ListCard[],
  now: Date,
): { action: 'SendLocalList'; payload: Record<string, unknown>; skipped: string[] } {
  const version = localListVersion(now);
  if (protocol === 'OCPP16') {
    const fits = (c: ListCard) => c.token.length <= OCPP16_ID_MAX;
    return {
      action: 'SendLocalList',
      payload: {
        listVersion: version,
        updateType: 'Full',
        localAuthorizationList: cards.filter(fits).map((c) => ({
          idTag: c.token,
          idTagInfo: {
            status: statusOf(c, now),
            ...(c.expiresAt ? { expiryDate: c.expiresAt.toISOString() } : {}),
            // A group id past 20 characters cannot be a 1.6 parentIdTag: the card goes without it.
            ...(c.parentToken && c.parentToken.length <= OCPP16_ID_MAX ? { parentIdTag: c.parentToken } : {}),
          },
        })),
      },
      skipped: cards.filter((c) => !fits(c)).map((c) => c.token),
    };
  }
  // 2.0.1 wants at least one entry when the list is given; a Full update without it empties the list.
  const entries = cards.map((c) => ({
    idToken: { idToken: c.token, type: ID_TOKEN_TYPE_201[c.type] ?? 'Central' },
    idTokenInfo: {
      status: statusOf(c, now),
      ...(c.expiresAt ? { cacheExpiryDateTime: c.expiresAt.toISOString() } : {}),
      ...(c.parentToken ? { groupIdToken: { idToken: c.parentToken, type: 'Central' } } : {}),
    },
  }));
  return {
    action: 'SendLocalList',
    payload: {
      versionNumber: version,
      updateType: 'Full',
      ...(entries.length ? { localAuthorizationList: entries } : {}),
    },
    skipped: [],
  };
}
