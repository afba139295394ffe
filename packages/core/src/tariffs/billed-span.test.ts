import { describe, expect, it } from 'vitest';
import { billedSpan } from './transaction-pricing-input.ts';

const T0 = Date.parse('2026-11-25T10:00:00Z');
const min = (m: number) => T0 + m * 60_000;
const wh = (m: number, energyWh: number) => ({ at: min(m), energyWh });

describe('billedSpan: the driver pays from the authorization', () => {
  it.each([
    {
      name: 'authorised at the start (1.6, or a 2.0.1 start on authorization): the whole transaction',
      authorizedAt: null,
      samples: [wh(0, 1_000), wh(30, 6_000)],
      billed: { startedAt: min(0), samples: [wh(0, 1_000), wh(30, 6_000)] },
    },
    {
      name: 'cable first, paid 10 min later: from the payment, at the register read by then',
      authorizedAt: min(10),
      samples: [wh(0, 1_000), wh(5, 1_050), wh(40, 6_050)],
      billed: { startedAt: min(10), samples: [wh(10, 1_050), wh(40, 6_050)] },
    },
    {
      name: 'readings out of order and repeated: the highest register at or before the authorization',
      authorizedAt: min(10),
      samples: [wh(10, 1_050), wh(40, 6_050), wh(0, 1_000), wh(10, 1_050)],
      billed: { startedAt: min(10), samples: [wh(10, 1_050), wh(40, 6_050)] },
    },
    {
      name: 'no reading before the authorization: from the authorization, at the first reading after it',
      authorizedAt: min(10),
      samples: [wh(20, 2_000), wh(40, 6_000)],
      billed: { startedAt: min(10), samples: [wh(20, 2_000), wh(40, 6_000)] },
    },
    {
      name: 'an authorization dated before the start (a skewed clock) changes nothing',
      authorizedAt: min(-1),
      samples: [wh(0, 1_000), wh(30, 6_000)],
      billed: { startedAt: min(0), samples: [wh(0, 1_000), wh(30, 6_000)] },
    },
  ])('$name', ({ authorizedAt, samples, billed }) => {
    const tx = { startedAt: new Date(min(0)), authorizedAt: authorizedAt === null ? null : new Date(authorizedAt) };
    expect(billedSpan(tx, samples)).toEqual(billed);
  });
});
