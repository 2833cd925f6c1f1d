/**
 * Large delimited text is read a piece of whole records at a time, with turns of the
 * event loop between pieces, and gives exactly the rows one parse gives (Vega's read is
 * the oracle): quoted fields holding newlines, delimiters and escaped quotes, quotes
 * inside unquoted fields, CRLF line ends, empty lines, a header given by the format.
 */
import { describe, expect, it } from 'vitest';
import { recordStarts } from '../../../src/engine/sources/dsv-pieces.js';
import { readFormatInTurns, TEXT_PER_TURN } from '../../../src/engine/sources/read-format.js';
import { createZoneClock } from '../../../src/engine/sources/zone-time.js';
import { vegaRead } from './helpers.js';

const clock = createZoneClock('UTC');

/** Records of awkward fields, enough of them that the text is cut into several pieces. */
function awkwardText(delimiter: string, newline: string, header = true): string {
  const d = delimiter;
  const records: string[] = header ? [`"id"${d}"na""me"${d}note${d}when`] : [];
  let length = 0;
  for (let i = 0; length < 3 * TEXT_PER_TURN; i++) {
    const note = [
      `"line one${newline}line two ${i}"`, `"has ${d} delimiter"`, `5" screen ${i}`, `"say ""hi"" ${i}"`, `plain ${i}`, '""',
      `"${newline}${newline}"`,
    ][i % 7];
    const record = `${i}${d}name ${i % 13}${d}${note}${d}2024-01-${String(1 + (i % 28)).padStart(2, '0')}`;
    records.push(record);
    length += record.length + newline.length;
    if (i % 997 === 0) records.push('');
  }
  return records.join(newline) + newline;
}

/** Counts the turns of the event loop taken while `work` runs. */
async function countTurns<T>(work: () => Promise<T>): Promise<{ value: T; turns: number }> {
  let turns = 0;
  let running = true;
  const tick = () => {
    if (!running) return;
    turns++;
    setImmediate(tick);
  };
  setImmediate(tick);
  const value = await work();
  running = false;
  return { value, turns };
}

describe('delimited text read in pieces', () => {
  for (const [name, format, newline] of [
    ['csv, LF', { type: 'csv' }, '\n'],
    ['csv, CRLF', { type: 'csv' }, '\r\n'],
    ['tsv', { type: 'tsv' }, '\n'],
    ['dsv with a parse', { type: 'dsv', delimiter: '|', parse: { id: 'number', when: 'date' } }, '\n'],
  ] as const) {
    it(`gives Vega's rows: ${name}`, async () => {
      const delimiter = format.type === 'csv' ? ',' : format.type === 'tsv' ? '\t' : '|';
      const text = awkwardText(delimiter, newline);
      const expected = vegaRead(text, format, 'UTC');
      const { value, turns } = await countTurns(() => readFormatInTurns(text, format, clock));
      expect(value).toEqual(expected);
      // The text is some three pieces' worth: the reader let the event loop turn between them.
      expect(turns).toBeGreaterThanOrEqual(2);
    });
  }

  it("gives Vega's rows when the format names the header", async () => {
    const format = { type: 'csv', header: ['id', 'name', 'note', 'when'] };
    const text = awkwardText(',', '\n', false);
    expect(await readFormatInTurns(text, format, clock)).toEqual(vegaRead(text, format, 'UTC'));
  });

  it('cuts only between records, and not at all where a cut could change the parse', () => {
    const text = 'a,b\n"x\ny",1\n2,3\n';
    expect(recordStarts(text, ',', 0)).toEqual([4, 12]);
    // A closing quote followed by another character: d3-dsv reads on in its own way.
    expect(recordStarts('a,b\n"x"y,1\n2,3\n', ',', 0)).toBeUndefined();
    // A quote never closed reads to the end of the text.
    expect(recordStarts('a,b\n"x,1\n2,3\n', ',', 0)).toBeUndefined();
  });
});
