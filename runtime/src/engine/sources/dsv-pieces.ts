/**
 * Cuts delimited text (CSV, TSV, DSV) into pieces of whole records, so that a large file
 * is parsed piece by piece with turns of the event loop between pieces, giving the same
 * rows as one parse of the whole text. Quotes are followed as d3-dsv reads them: a quote
 * opens a quoted field only at the start of a field, `""` inside one is an escaped quote.
 */

/**
 * Offsets where records start: the first after the header record, then one about every
 * `every` characters. Undefined when the text cannot be cut safely (a quote left open, a
 * closing quote followed by something else than a delimiter or a line end, a delimiter
 * of more than one character): the text is then parsed whole.
 */
export function recordStarts(text: string, delimiter: string, every: number): number[] | undefined {
  if (delimiter.length !== 1) return undefined;
  const starts: number[] = [];
  let quote = text.indexOf('"');
  let from = 0;
  for (;;) {
    let newline = text.indexOf('\n', from);
    // Follow the quotes before this newline; a quoted field may carry it past the newline.
    while (quote >= 0 && newline >= 0 && quote < newline) {
      const before = quote === 0 ? '\n' : text[quote - 1];
      if (before !== delimiter && before !== '\n' && before !== '\r') {
        // A quote inside an unquoted field is a character like any other.
        quote = text.indexOf('"', quote + 1);
        continue;
      }
      let close = quote + 1;
      for (;;) {
        close = text.indexOf('"', close);
        if (close < 0) return undefined;
        if (text[close + 1] !== '"') break;
        close += 2;
      }
      const after = text[close + 1];
      if (after !== undefined && after !== delimiter && after !== '\n' && after !== '\r') return undefined;
      if (close > newline) newline = text.indexOf('\n', close);
      quote = text.indexOf('"', close + 1);
    }
    if (newline < 0 || newline + 1 >= text.length) return starts;
    starts.push(newline + 1);
    from = newline + 1 + every;
    if (from >= text.length) return starts;
  }
}

/**
 * The text as pieces each parsed on its own: the first holds the header record, every
 * later one gets the header record put before it (unless `hasHeader` is false: the
 * format gives the header and the reader adds it to each piece).
 */
export function dsvPieces(text: string, delimiter: string, every: number, hasHeader: boolean): string[] {
  const starts = recordStarts(text, delimiter, every);
  if (!starts || starts.length === 0) return [text];
  // With a header line in the text, the first start ends the header: pieces begin after it.
  const header = hasHeader ? text.slice(0, starts[0]) : '';
  const cuts = hasHeader ? starts.slice(1) : starts;
  if (cuts.length === 0) return [text];
  const pieces = [text.slice(0, cuts[0])];
  for (let i = 0; i < cuts.length; i++) pieces.push(header + text.slice(cuts[i], cuts[i + 1] ?? text.length));
  return pieces;
}
