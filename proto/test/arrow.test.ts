import { describe, expect, it } from 'vitest';
import { tableFromArrays } from 'apache-arrow';
import { arrowToRows, decodeArrow, encodeArrow, markJsonColumns, VALUE_ENCODING_KEY } from '../src/arrow.js';

describe('JSON-encoded columns', () => {
  it('parses marked columns and leaves the others as text', () => {
    const table = tableFromArrays({ j: ['"a"', '1', '{"x":[true]}', null] as (string | null)[], s: ['"a"', '1', 'x', 'y'] });
    const marked = decodeArrow(encodeArrow(markJsonColumns(table, ['j'])));
    expect(marked.schema.fields.find((f) => f.name === 'j')?.metadata.get(VALUE_ENCODING_KEY)).toBe('json');
    expect(arrowToRows(marked)).toEqual([
      { j: 'a', s: '"a"' }, { j: 1, s: '1' }, { j: { x: [true] }, s: 'x' }, { j: null, s: 'y' },
    ]);
  });

  it('returns the table itself when no column is marked', () => {
    const table = tableFromArrays({ s: ['x'] });
    expect(markJsonColumns(table, [])).toBe(table);
  });
});
