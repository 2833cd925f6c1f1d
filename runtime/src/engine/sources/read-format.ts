/**
 * Vega's `read(data, format)` for the text formats (json, csv, tsv, dsv), with the field
 * parsing of `format.parse` done in the browser's time zone. The format readers and the
 * type inference are vega-loader's own, so rows come out as a Vega view would hold them.
 */
import { formats, inferTypes, typeParsers } from 'vega-loader';
import { DataError } from '../../errors.js';
import { nextTurn } from '../turns.js';
import { dsvPieces } from './dsv-pieces.js';
import { createLocalPatternParser, createToDate, utcPatternParser } from './date-parsers.js';
import type { ZoneClock } from './zone-time.js';

export type VegaFormat = Record<string, unknown>;

/** Format types read from text here. */
export const TEXT_FORMATS = ['json', 'csv', 'tsv', 'dsv'] as const;

/** Format types the runtime reads itself, as opposed to leaving them to the browser. */
export const BINARY_FORMATS = ['arrow', 'parquet'] as const;

/** The format's type (json when absent), refusing the ones the runtime does not read. */
export function formatType(format: VegaFormat | undefined): string {
  const type = format?.type ?? 'json';
  if (typeof type !== 'string') throw new DataError('bad_data', `Data format type must be a string, got ${JSON.stringify(type)}`);
  if (type === 'topojson') {
    throw new DataError('bad_data', 'Data format "topojson" (feature/mesh) is not supported by the runtime; it is read in the browser');
  }
  if (!(TEXT_FORMATS as readonly string[]).includes(type) && !(BINARY_FORMATS as readonly string[]).includes(type)) {
    throw new DataError('bad_data', `Unknown data format type "${type}"`);
  }
  return type;
}

/** True when parsing with `format` may depend on the time zone (local-time dates). */
export function formatUsesLocalTime(format: VegaFormat | undefined): boolean {
  const parse = format?.parse;
  if (parse === 'auto') return true;
  if (!parse || typeof parse !== 'object') return false;
  return Object.values(parse).some((t) => t === 'date' || (typeof t === 'string' && t.startsWith('date:')));
}

/**
 * Reads text (or already-parsed JSON values) with a Vega format and returns Vega's rows,
 * before ingestion (primitives are not yet wrapped). Throws DataError('bad_data').
 */
export function readFormat(data: unknown, format: VegaFormat | undefined, clock: ZoneClock): unknown[] {
  const type = formatType(format);
  const reader = formats(type);
  if (!reader || (BINARY_FORMATS as readonly string[]).includes(type)) {
    throw new DataError('bad_data', `Data format "${type}" cannot be read from text`);
  }
  let out: unknown;
  try {
    out = reader(data, { ...format, type });
  } catch (cause) {
    throw new DataError('bad_data', `Cannot read ${type} data: ${(cause as Error).message}`, { cause });
  }
  const parse = format?.parse;
  if (parse && isArrayLike(out) && out.length > 0) applyParse(out, parse, clock);
  if (Array.isArray(out)) delete (out as { columns?: unknown }).columns;
  // The dataflow inserts a non-array value as a single tuple and null as nothing.
  if (out === null || out === undefined) return [];
  return Array.isArray(out) ? out : [out];
}

/** Characters of delimited text parsed between turns of the event loop. */
export const TEXT_PER_TURN = 1 << 18;

/** Rows given their `format.parse` between turns of the event loop. */
export const PARSED_ROWS_PER_TURN = 16_384;

/** The delimiter of a delimited text format, or undefined for other formats. */
function delimiterOf(type: string, format: VegaFormat | undefined): string | undefined {
  if (type === 'csv') return ',';
  if (type === 'tsv') return '\t';
  if (type === 'dsv' && typeof format?.delimiter === 'string') return format.delimiter;
  return undefined;
}

/**
 * readFormat, with turns of the event loop while it works: delimited text is parsed a
 * piece of whole records at a time (the same rows as one parse) and `format.parse` is
 * applied a block of rows at a time, so other sessions are answered while a large file
 * is read. JSON text is parsed in one go.
 */
export async function readFormatInTurns(data: unknown, format: VegaFormat | undefined, clock: ZoneClock): Promise<unknown[]> {
  const type = formatType(format);
  const delimiter = delimiterOf(type, format);
  if (typeof data !== 'string' || data.length <= TEXT_PER_TURN || !delimiter) {
    if (!Array.isArray(data) || !format?.parse || format.property !== undefined || data.length <= PARSED_ROWS_PER_TURN) return readFormat(data, format, clock);
    // Inline rows (an array stays an array): read as they are, then parsed in blocks.
    const rows = readFormat(data, { ...format, parse: undefined }, clock);
    await applyParseInTurns(rows, format.parse, clock);
    return rows;
  }
  const hasHeader = !Array.isArray(format?.header);
  const rows: unknown[] = [];
  const noParse = { ...format, parse: undefined };
  for (const piece of dsvPieces(data, delimiter, TEXT_PER_TURN, hasHeader)) {
    if (rows.length > 0) await nextTurn();
    for (const row of readFormat(piece, noParse, clock)) rows.push(row);
  }
  if (format?.parse && rows.length > 0) await applyParseInTurns(rows, format.parse, clock);
  return rows;
}

/** applyParse a block of rows at a time, with a turn of the event loop between blocks. */
async function applyParseInTurns(rows: unknown[], parse: unknown, clock: ZoneClock): Promise<void> {
  // 'auto' infers the types from every row: those are decided once, then applied in blocks.
  const types = parse === 'auto' ? inferredTypes(rows) : parse;
  for (let from = 0; from < rows.length; from += PARSED_ROWS_PER_TURN) {
    if (from > 0) await nextTurn();
    applyParse(rows.slice(from, from + PARSED_ROWS_PER_TURN), types, clock);
  }
}

/** The types `parse: 'auto'` gives the fields of `rows` (vega-loader's inference). */
function inferredTypes(rows: unknown[]): Record<string, unknown> {
  const first = rows[0];
  return inferTypes(rows, first !== null && typeof first === 'object' ? Object.keys(first) : []);
}

function isArrayLike(v: unknown): v is unknown[] & { columns?: string[] } {
  return Array.isArray(v);
}

type Parser = (value: unknown) => unknown;

/** Vega's field parsing (vega-loader read's parse step), mutating `data` in place. */
export function applyParse(data: unknown[] & { columns?: string[] }, parse: unknown, clock: ZoneClock): void {
  const first = data[0];
  let types: Record<string, unknown>;
  if (parse === 'auto') {
    const fields = data.columns ?? (first !== null && typeof first === 'object' ? Object.keys(first) : []);
    types = inferTypes(data, fields);
  } else if (typeof parse === 'object' && parse !== null && !Array.isArray(parse)) {
    types = parse as Record<string, unknown>;
  } else {
    throw new DataError('bad_data', `Illegal format parse: ${JSON.stringify(parse)}`);
  }
  const toDate = createToDate(clock);
  const localPattern = createLocalPatternParser(clock);
  const fields = Object.keys(types);
  const parsers: Parser[] = fields.map((field) => {
    const type = types[field];
    if (typeof type === 'string' && (type.startsWith('date:') || type.startsWith('utc:'))) {
      const colon = type.indexOf(':');
      let pattern = type.slice(colon + 1);
      if (pattern.length === 0) throw new DataError('bad_data', `Illegal format pattern: ${field}:${type}`);
      const q = pattern[0];
      if ((q === "'" || q === '"') && pattern[pattern.length - 1] === q) pattern = pattern.slice(1, -1);
      return type.startsWith('utc:') ? utcPatternParser(pattern) : localPattern(pattern);
    }
    if (type === 'date') return toDate;
    if (typeof type !== 'string' || !Object.hasOwn(typeParsers, type)) {
      throw new DataError('bad_data', `Illegal format pattern: ${field}:${String(type)}`);
    }
    return typeParsers[type];
  });
  for (const datum of data) {
    if (datum === null || typeof datum !== 'object') {
      throw new DataError('bad_data', `Cannot parse fields of a non-object value ${JSON.stringify(datum)}`);
    }
    const row = datum as Record<string, unknown>;
    for (let j = 0; j < fields.length; j++) row[fields[j]] = parsers[j](row[fields[j]]);
  }
}
