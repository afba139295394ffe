import { describe, expect, it } from 'vitest';
import { adjustmentRefundText } from './adjustment-note.ts';

describe('adjustmentRefundText', () => {
  it.each([
    [{ outcome: 'refunded', owedMinor: 3000, amountMinor: 3000, status: 'PENDING' }, /₹30\.00 is on its way back/],
    [{ outcome: 'refunded', owedMinor: 3000, amountMinor: 3000, status: 'PROCESSED' }, /₹30\.00 has been refunded/],
    [{ outcome: 'sending', owedMinor: 3000 }, /₹30\.00 less .*being refunded/],
    [{ outcome: 'below-minimum', owedMinor: 50, minimumMinor: 100 }, /₹0\.50 less.*below the ₹1\.00 minimum/],
    [{ outcome: 'declined', owedMinor: 3000, amountMinor: 3000 }, /declined the refund/],
  ] as const)('%o', (view, text) => {
    expect(adjustmentRefundText(view, 'INR')).toMatch(text);
  });
});
