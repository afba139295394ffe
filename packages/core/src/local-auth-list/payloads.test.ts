import { describe, expect, it } from 'vitest';
import { applyPart, diffEntries, listParts, type ListEntry } from './payloads.ts';

const now = new Date('2026-01-01T00:00:00Z');
const anEntry = (token: string, over: Partial<ListEntry> = {}): ListEntry => ({
  idTokenId: `id-${token}`,
  token,
  type: 'RFID',
  status: 'ACCEPTED',
  expiresAt: null,
  parentToken: null,
  ...over,
});

describe('diffEntries', () => {
  it('adds new tokens, resends changed ones, removes dropped ones and leaves the rest', () => {
    const held = [anEntry('A'), anEntry('B'), anEntry('C')];
    const wanted = [anEntry('b', { status: 'BLOCKED' }), anEntry('C'), anEntry('D')];
    expect(diffEntries(held, wanted)).toEqual([{ upsert: wanted[0] }, { upsert: wanted[2] }, { remove: 'A' }]);
  });
});

describe('listParts', () => {
  const changes = ['A', 'B', 'C', 'D', 'E'].map((t) => ({ upsert: anEntry(t) }));

  it.each([
    ['OCPP16', { listVersion: 7, updateType: 'Full', localAuthorizationList: [] }],
    ['OCPP201', { versionNumber: 7, updateType: 'Full' }],
  ] as const)('an empty Full list on %s is one message that clears the list', (protocol, payload) => {
    expect(listParts({ protocol, updateType: 'Full', changes: [], firstVersion: 7, limits: {}, now })).toEqual([
      { version: 7, updateType: 'Full', changes: [], payload },
    ]);
  });

  it('a Full list over ItemsPerMessage goes as Full then Differential parts, each a version higher', () => {
    const parts = listParts({
      protocol: 'OCPP201',
      updateType: 'Full',
      changes,
      firstVersion: 10,
      limits: { itemsPerMessage: 2 },
      now,
    });
    expect(parts.map((p) => [p.version, p.updateType, p.changes.length])).toEqual([
      [10, 'Full', 2],
      [11, 'Differential', 2],
      [12, 'Differential', 1],
    ]);
    expect(parts.reduce<ListEntry[]>((list, p) => applyPart(list, p), [anEntry('OLD')]).map((e) => e.token)).toEqual([
      'A',
      'B',
      'C',
      'D',
      'E',
    ]);
  });

  it('keeps each message within BytesPerMessage', () => {
    const one = listParts({
      protocol: 'OCPP201',
      updateType: 'Full',
      changes: changes.slice(0, 1),
      firstVersion: 1,
      limits: {},
      now,
    });
    const bytes = JSON.stringify([2, '00000000-0000-0000-0000-000000000000', 'SendLocalList', one[0]!.payload]).length;
    const parts = listParts({
      protocol: 'OCPP201',
      updateType: 'Full',
      changes,
      firstVersion: 1,
      limits: { bytesPerMessage: bytes + 10 },
      now,
    });
    expect(parts).toHaveLength(5);
  });

  it('a 1.6 removal is an idTag without idTagInfo; a blocked card carries its status', () => {
    const [part] = listParts({
      protocol: 'OCPP16',
      updateType: 'Differential',
      changes: [{ upsert: anEntry('B', { status: 'BLOCKED' }) }, { remove: 'A' }],
      firstVersion: 3,
      limits: {},
      now,
    });
    expect(part!.payload).toEqual({
      listVersion: 3,
      updateType: 'Differential',
      localAuthorizationList: [{ idTag: 'B', idTagInfo: { status: 'Blocked' } }, { idTag: 'A' }],
    });
  });
});
