import { describe, expect, it } from 'vitest';
import { tableFromArrays } from 'apache-arrow';
import {
  arrowToRows, decodeArrow, encodeArrow, markColumnNulls, markJsonColumns, NULL_MEANING_KEY, VALUE_ENCODING_KEY,
} from '../src/arrow.js';

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

describe('what nulls stand for', () => {
  it('leaves absent fields out of the row and sets undefined ones, across IPC', () => {
    const table = tableFromArrays({ a: [1, null], u: [2, null], n: [3, null] } as Record<string, (number | null)[]>);
    const marked = decodeArrow(encodeArrow(markColumnNulls(table, new Map([['a', 'absent'], ['u', 'undefined']] as const))));
    expect(marked.schema.fields.map((f) => f.metadata.get(NULL_MEANING_KEY) ?? null)).toEqual(['absent', 'undefined', null]);
    const rows = arrowToRows(marked);
    expect(rows[0]).toEqual({ a: 1, u: 2, n: 3 });
    expect(Object.keys(rows[1])).toEqual(['u', 'n']);
    expect(rows[1].u).toBeUndefined();
    expect(rows[1].n).toBeNull();
  });
});
