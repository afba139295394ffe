import { frameBytes } from '../commands/split-call.ts';
import { ID_TOKEN_TYPE_201, OCPP16_ID_MAX, statusOf, type ListCard } from '../id-tokens/local-list.ts';

// The one builder of SendLocalList payloads for a charger's managed list (OCPP 1.6 5.15/6.41,
// 2.0.1 D01): a Full list or the changes since the version the charger accepted, cut into the
// parts the charger's limits allow. A Full list over the per-message limit is sent as a Full first
// part and Differential parts after it (2.0.1 D01.FR.11); every part carries the next version, so
// a charger that refuses a Differential not newer than its list never sees one.

export type Protocol = 'OCPP16' | 'OCPP201';
export type UpdateType = 'Full' | 'Differential';

/** One id token as it went onto a charger's list: what a later Differential compares against. */
export type ListEntry = {
  idTokenId: string;
  token: string;
  type: ListCard['type'];
  status: ListCard['status'];
  expiresAt: string | null;
  parentToken: string | null;
};

/** A line of a SendLocalList: an entry to hold (with its status), or a token to remove. */
export type ListChange = { upsert: ListEntry } | { remove: string };

export type LocalListLimits = {
  /** Entries one SendLocalList may carry (1.6 SendLocalListMaxLength, 2.0.1 ItemsPerMessage). */
  itemsPerMessage?: number;
  /** 2.0.1 LocalAuthListCtrlr.BytesPerMessage. */
  bytesPerMessage?: number;
  /** Entries the whole list may hold (1.6 LocalAuthListMaxLength, 2.0.1 LocalAuthListCtrlr.Entries). */
  maxEntries?: number;
};

export type ListPart = {
  version: number;
  updateType: UpdateType;
  changes: ListChange[];
  payload: Record<string, unknown>;
};

const card = (e: ListEntry): ListCard => ({
  token: e.token,
  type: e.type,
  status: e.status,
  expiresAt: e.expiresAt ? new Date(e.expiresAt) : null,
  parentToken: e.parentToken,
});

/** A 1.6 idTag holds at most 20 characters: a longer token cannot be on a 1.6 list. */
export function fitsProtocol(protocol: Protocol, token: string): boolean {
  return protocol === 'OCPP201' || token.length <= OCPP16_ID_MAX;
}

function line16(change: ListChange, now: Date): Record<string, unknown> {
  if ('remove' in change) return { idTag: change.remove };
  const c = card(change.upsert);
  return {
    idTag: c.token,
    idTagInfo: {
      status: statusOf(c, now),
      ...(c.expiresAt ? { expiryDate: c.expiresAt.toISOString() } : {}),
      ...(c.parentToken && c.parentToken.length <= OCPP16_ID_MAX ? { parentIdTag: c.parentToken } : {}),
    },
  };
}

function line201(change: ListChange, now: Date, types: Map<string, string>): Record<string, unknown> {
  if ('remove' in change) return { idToken: { idToken: change.remove, type: types.get(change.remove) ?? 'Central' } };
  const c = card(change.upsert);
  return {
    idToken: { idToken: c.token, type: ID_TOKEN_TYPE_201[c.type] ?? 'Central' },
    idTokenInfo: {
      status: statusOf(c, now),
      ...(c.expiresAt ? { cacheExpiryDateTime: c.expiresAt.toISOString() } : {}),
      ...(c.parentToken ? { groupIdToken: { idToken: c.parentToken, type: 'Central' } } : {}),
    },
  };
}

function payloadOf({
  protocol,
  version,
  updateType,
  lines,
}: {
  protocol: Protocol;
  version: number;
  updateType: UpdateType;
  lines: Record<string, unknown>[];
}): Record<string, unknown> {
  if (protocol === 'OCPP16') return { listVersion: version, updateType, localAuthorizationList: lines };
  // 2.0.1 wants at least one entry when the list is present: an empty Full update omits it.
  return { versionNumber: version, updateType, ...(lines.length ? { localAuthorizationList: lines } : {}) };
}

/** The changes that turn the list the charger accepted into the wanted one (removals last). */
export function diffEntries(held: readonly ListEntry[], wanted: readonly ListEntry[]): ListChange[] {
  const before = new Map(held.map((e) => [e.token.toUpperCase(), e]));
  const keys = new Set(wanted.map((e) => e.token.toUpperCase()));
  const same = (a: ListEntry, b: ListEntry) =>
    a.token === b.token &&
    a.type === b.type &&
    a.status === b.status &&
    a.expiresAt === b.expiresAt &&
    a.parentToken === b.parentToken;
  const upserts: ListChange[] = wanted
    .filter((e) => {
      const old = before.get(e.token.toUpperCase());
      return !old || !same(old, e);
    })
    .map((e) => ({ upsert: e }));
  const removals: ListChange[] = held.filter((e) => !keys.has(e.token.toUpperCase())).map((e) => ({ remove: e.token }));
  return [...upserts, ...removals];
}

/**
 * The parts to send, in order. `firstVersion` goes on the first part and each next part one
 * higher. A Full update with no changes is the one empty message that clears the list.
 */
export function listParts({
  protocol,
  updateType,
  changes,
  firstVersion,
  limits,
  now,
  removedTypes = new Map(),
}: {
  protocol: Protocol;
  updateType: UpdateType;
  changes: readonly ListChange[];
  firstVersion: number;
  limits: LocalListLimits;
  now: Date;
  /** 2.0.1: the IdTokenType of each token being removed, as it was sent. */
  removedTypes?: Map<string, string>;
}): ListPart[] {
  const maxItems = limits.itemsPerMessage && limits.itemsPerMessage > 0 ? limits.itemsPerMessage : Infinity;
  const maxBytes = limits.bytesPerMessage && limits.bytesPerMessage > 0 ? limits.bytesPerMessage : Infinity;
  const line = (c: ListChange) => (protocol === 'OCPP16' ? line16(c, now) : line201(c, now, removedTypes));
  const parts: ListPart[] = [];
  const partOf = (run: ListChange[]): ListPart => {
    const version = firstVersion + parts.length;
    const type: UpdateType = parts.length === 0 ? updateType : 'Differential';
    return {
      version,
      updateType: type,
      changes: run,
      payload: payloadOf({ protocol, version, updateType: type, lines: run.map(line) }),
    };
  };
  let run: ListChange[] = [];
  for (const change of changes) {
    const next = [...run, change];
    if (run.length > 0 && (next.length > maxItems || frameBytes('SendLocalList', partOf(next).payload) > maxBytes)) {
      parts.push(partOf(run));
      run = [change];
    } else {
      run = next;
    }
  }
  if (run.length || parts.length === 0) parts.push(partOf(run));
  return parts;
}

/** The list a charger holds after it accepted a part (Full replaces, Differential edits). */
export function applyPart(held: readonly ListEntry[], part: Pick<ListPart, 'updateType' | 'changes'>): ListEntry[] {
  const list = new Map(part.updateType === 'Full' ? [] : held.map((e) => [e.token.toUpperCase(), e]));
  for (const c of part.changes) {
    if ('remove' in c) list.delete(c.remove.toUpperCase());
    else list.set(c.upsert.token.toUpperCase(), c.upsert);
  }
  return [...list.values()];
}
