import { describe, expect, it } from 'vitest';
import { parseCsv } from './parse-csv.ts';

describe('parseCsv', () => {
  it.each([
    [
      'plain',
      'a,b\n1,2\n',
      [
        ['a', 'b'],
        ['1', '2'],
      ],
    ],
    [
      'CRLF and blank lines',
      'a,b\r\n\r\n1,2',
      [
        ['a', 'b'],
        ['1', '2'],
      ],
    ],
    ['quoted comma and quote', 'x\n"a,""b"""', [['x'], ['a,"b"']]],
    ['empty cells', 'a,,c', [['a', '', 'c']]],
  ])('%s', (_n, text, cells) => {
    expect(parseCsv(text).map((r) => r.cells)).toEqual(cells);
  });

  it('reports the line each row started on', () => {
    expect(parseCsv('h\n"multi\nline"\nlast').map((r) => r.line)).toEqual([1, 2, 4]);
  });
});
