import { describe, expect, it } from 'vitest';
import { localListCall, localListVersion, type ListCard } from './local-list.ts';

const now = new Date('2026-12-01T10:00:00Z');
const card = (token: string, extra: Partial<ListCard> = {}): ListCard => ({
  token,
  type: 'RFID',
  status: 'ACCEPTED',
  expiresAt: null,
  parentToken: null,
  ...extra,
});

describe('localListCall', () => {
  it('keeps a 1.6 card whose group id is too long for parentIdTag, without the group', () => {
    const { payload, skipped } = localListCall('OCPP16', [card('CARD-1', { parentToken: 'G'.repeat(21) })], now);
    expect(payload.localAuthorizationList).toEqual([{ idTag: 'CARD-1', idTagInfo: { status: 'Accepted' } }]);
    expect(skipped).toEqual([]);
  });

  it('leaves out a 1.6 card whose id is longer than 20 characters, and names it', () => {
    const long = 'C'.repeat(21);
    const { payload, skipped } = localListCall('OCPP16', [card(long), card('SHORT')], now);
    expect((payload.localAuthorizationList as unknown[]).length).toBe(1);
    expect(skipped).toEqual([long]);
  });

  it('sends a 2.0.1 Full update without entries when there are no cards (the schema wants at least one)', () => {
    expect(localListCall('OCPP201', [], now).payload).toEqual({
      versionNumber: localListVersion(now),
      updateType: 'Full',
    });
  });

  it('numbers lists by the second, so a later push always has a higher version that fits an int32', () => {
    const later = new Date(now.getTime() + 1000);
    expect(localListVersion(later)).toBe(localListVersion(now) + 1);
    expect(localListVersion(new Date('2090-01-01T00:00:00Z'))).toBeLessThan(2 ** 31);
  });
});
