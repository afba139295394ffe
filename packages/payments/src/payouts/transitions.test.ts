import { describe, expect, it } from 'vitest';
import { transitionPayout } from './transitions.ts';
import type { PayoutStatus } from './types.ts';

describe('payout transitions', () => {
  it.each<[PayoutStatus, PayoutStatus, PayoutStatus, string]>([
    ['queued', 'processing', 'processing', 'none'],
    ['processing', 'processed', 'processed', 'paid'],
    ['processing', 'queued', 'processing', 'none'], // late, stale
    ['processed', 'processing', 'processed', 'none'], // late, stale
    ['processed', 'processed', 'processed', 'none'], // duplicate
    ['processed', 'reversed', 'reversed', 'returned'], // the beneficiary's bank sent it back
    ['reversed', 'processed', 'reversed', 'none'], // out of order: the reversal already counted
    ['reversed', 'reversed', 'reversed', 'none'],
    ['pending', 'rejected', 'rejected', 'returned'],
    ['queued', 'cancelled', 'cancelled', 'returned'],
    ['processing', 'failed', 'failed', 'returned'],
    ['failed', 'reversed', 'failed', 'none'], // money returned once, not twice
    ['failed', 'processed', 'failed', 'none'],
  ])('%s + %s → %s (%s)', (from, event, to, effect) => {
    expect(transitionPayout(from, event)).toMatchObject({ status: to, effect });
  });
});
