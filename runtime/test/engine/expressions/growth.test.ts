/**
 * The size checks of string-building functions measure exactly what JavaScript would
 * build, without building it, and refuse only past their bounds.
 */
import { describe, expect, it } from 'vitest';
import { LimitError } from '../../../src/errors.js';
import { checkJoin, checkSplit, MAX_SPLIT_ITEMS, replacedLength } from '../../../src/engine/expressions/growth.js';

describe('replacedLength', () => {
  it('is the length of String.prototype.replace for every kind of replacement', () => {
    const cases: [string, string | RegExp, string][] = [
      ['a-b-c', /-/g, '$`'], ['a-b-c', /-/g, "$'"], ['a-b-c', /-/, '$&$&'], ['a-b-c', '-', '[$&]'],
      ['2024-05-06', /(\d+)-(\d+)-(\d+)/, '$3/$2/$1'], ['2024-05-06', /(?<y>\d+)-(?<m>\d+)/, '$<m>.$<y>'],
      ['abc', /b/g, '$$'], ['abc', /(b)/g, '$2$1$0'], ['abcdefghijk', /(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)(k)/, '$11$10$1'],
      ['aaa', /a*/g, 'x'], ['aaa', /z/g, 'x'], ['', /(?:)/g, 'ab'], ['a.b', '.', ''], ['abc', /b/g, '$<x>'], ['abc', /(?<x>b)/g, '$<x>$<y>$<'], ['abc', /b/g, '$'], ['abc', /b/g, 'x$'],
    ];
    for (const [s, pattern, repl] of cases) {
      expect(replacedLength(s, pattern, repl), `${s} ${String(pattern)} ${repl}`).toBe(s.replace(pattern, repl).length);
    }
  });

  it('stops counting once past the given length', () => {
    const length = replacedLength('a'.repeat(1000), /a/g, 'bbbb', 2000);
    expect(length).toBeGreaterThan(2000);
    expect(length).toBeLessThan(2010);
  });
});

describe('checkSplit and checkJoin', () => {
  it('refuse only what would pass the bound, without splitting or joining', () => {
    const long = 'a,'.repeat(MAX_SPLIT_ITEMS);
    expect(() => checkSplit(long, ',', undefined)).toThrow(LimitError);
    expect(() => checkSplit(long, /,/, undefined)).toThrow(/split\(\) would build/);
    expect(() => checkSplit(long, ',', 10)).not.toThrow();
    expect(() => checkSplit(long, ';', undefined)).not.toThrow();
    expect(() => checkJoin(['x', 'y'], ',')).not.toThrow();
    expect(() => checkJoin(new Array(2000).fill('x'), 'y'.repeat(10_000))).toThrow(/join\(\) would build 19992000 characters; the limit is 10000000/);
  });
});
