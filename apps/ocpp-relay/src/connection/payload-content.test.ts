import { describe, expect, it } from 'vitest';
import { MAX_PAYLOAD_DEPTH, payloadContentProblem } from './payload-content.ts';

/** An object nested `levels` deep, built without recursion. */
function nested(levels: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < levels; i++) value = { x: value };
  return value;
}

describe('payloadContentProblem', () => {
  it.each([
    [{ idTag: 'ABC' }, null],
    [{ data: 'plug \ud83d\udd0c ok' }, null],
    [{ a: [1, 'two', { three: null }] }, null],
    [nested(MAX_PAYLOAD_DEPTH), null],
    [{ idTag: 'A\u0000B' }, 'idTag contains U+0000 (NUL)'],
    [{ data: { list: ['ok', 'x\ud800'] } }, 'data.list[1] contains an unpaired UTF-16 surrogate'],
    [{ data: '\udc00' }, 'data contains an unpaired UTF-16 surrogate'],
    [{ data: { 'k\u0000': 1 } }, 'a property name in data contains U+0000 (NUL)'],
    ['\u0000', '(payload) contains U+0000 (NUL)'],
  ])('%j → %s', (payload, problem) => {
    expect(payloadContentProblem(payload)).toBe(problem);
  });

  it('names too deep a payload without overflowing the stack', () => {
    expect(payloadContentProblem(nested(MAX_PAYLOAD_DEPTH + 1))).toMatch(/nested deeper than 32 levels$/);
    expect(payloadContentProblem({ customData: nested(100_000) })).toMatch(/^customData(\.x)+ is nested deeper/);
  });
});
