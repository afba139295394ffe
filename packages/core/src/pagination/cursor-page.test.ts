import { describe, expect, it } from 'vitest';
import { AppError } from '../errors/app-error.ts';
import { afterCursor, decodeCursor, encodeCursor, pageOf } from './cursor-page.ts';

describe('cursor pages', () => {
  it('gives the next cursor only when a row beyond the limit was fetched, keyed on the last row kept', () => {
    const rows = [{ k: 'a' }, { k: 'b' }, { k: 'c' }];
    const full = pageOf(rows, 2, (r) => [r.k]);
    expect(full.items).toEqual([{ k: 'a' }, { k: 'b' }]);
    expect(decodeCursor(full.nextCursor!, 1)).toEqual(['b']);
    expect(pageOf(rows, 3, (r) => [r.k]).nextCursor).toBeNull();
  });

  it('round-trips a sort key', () => {
    expect(decodeCursor(encodeCursor(['2026-12-05T10:00:00.000Z', 'id-1']), 2)).toEqual([
      '2026-12-05T10:00:00.000Z',
      'id-1',
    ]);
  });

  it.each([
    ['not base64 JSON', 'not-a-cursor!', 2],
    ['the wrong number of values', encodeCursor(['a']), 2],
    ['an object', Buffer.from('{"a":1}').toString('base64url'), 1],
    ['a nested value', Buffer.from('[["x"],1]').toString('base64url'), 2],
  ])('refuses %s as BAD_INPUT', (_, cursor, arity) => {
    let err: unknown;
    try {
      decodeCursor(cursor, arity);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('BAD_INPUT');
  });
});

describe('afterCursor', () => {
  const id = '6c1f2a3e-0d7b-4f7e-9a51-2c8b6d2f4e10';
  it('is no condition on the first page', () => {
    expect(afterCursor(undefined, { field: 'name', dir: 'asc', kind: 'string' })).toEqual({});
  });

  it.each([
    ['asc', 'gt'],
    ['desc', 'lt'],
  ] as const)('%s: rows past the key, or equal with a later id (%s)', (dir, op) => {
    const at = '2026-12-05T10:00:00.000Z';
    expect(afterCursor(encodeCursor([at, id]), { field: 'createdAt', dir, kind: 'date' })).toEqual({
      OR: [{ createdAt: { [op]: new Date(at) } }, { createdAt: new Date(at), id: { [op]: id } }],
    });
  });

  it.each([
    ['an id that is no uuid', encodeCursor(['Acme', 'x; drop table']), 'string'],
    ['a date that is no date', encodeCursor(['yesterday', id]), 'date'],
    ['a number where text is expected', encodeCursor([7, id]), 'string'],
    ['text where a number is expected', encodeCursor(['7', id]), 'number'],
  ] as const)('refuses %s as BAD_INPUT', (_, cursor, kind) => {
    expect(() => afterCursor(cursor, { field: 'f', dir: 'asc', kind })).toThrow(AppError);
  });
});
