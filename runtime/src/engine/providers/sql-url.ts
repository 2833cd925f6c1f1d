/**
 * The address a spec reads a database table or view by: `vegafusion+sql://<source>/<schema>.<table>`
 * (`<table>` alone: schema `public`). Names are percent-decoded; a name holding a dot is
 * written with its dot percent-encoded (`%2E`). Only configured sources resolve.
 */
import { DataError } from '../../errors.js';

export const SQL_SCHEME = 'vegafusion+sql://';

export interface SqlTableRef {
  source: string;
  schema: string;
  table: string;
}

/** Whether `url` addresses a database source. */
export function isSqlUrl(url: string): boolean {
  return typeof url === 'string' && url.startsWith(SQL_SCHEME);
}

function decode(part: string, url: string): string {
  let out: string;
  try {
    out = decodeURIComponent(part);
  } catch (cause) {
    throw new DataError('bad_data', `Malformed percent-encoding in data URL "${url}"`, { cause });
  }
  if (out === '' || out.includes('\u0000')) throw new DataError('bad_data', `Data URL "${url}" has an empty or invalid name`);
  return out;
}

/** Parses a source URL; throws DataError('bad_data') for a malformed one. */
export function parseSqlUrl(url: string): SqlTableRef {
  if (!isSqlUrl(url)) throw new DataError('bad_data', `Not a database source URL: "${url}" (expected ${SQL_SCHEME}<source>/<schema>.<table>)`);
  const rest = url.slice(SQL_SCHEME.length);
  const m = /^([^/?#]+)\/([^/?#]+)$/.exec(rest);
  if (!m) throw new DataError('bad_data', `Malformed database source URL "${url}" (expected ${SQL_SCHEME}<source>/<schema>.<table>)`);
  const parts = m[2].split('.');
  if (parts.length > 2) throw new DataError('bad_data', `Database source URL "${url}" names more than schema.table (encode a dot in a name as %2E)`);
  const [schema, table] = parts.length === 2 ? parts : ['public', parts[0]];
  return { source: decode(m[1], url), schema: decode(schema, url), table: decode(table, url) };
}

/** The URL of a table of a source (names percent-encoded, dots included). */
export function sqlUrl(ref: SqlTableRef): string {
  const enc = (s: string) => encodeURIComponent(s).replace(/\./g, '%2E');
  return `${SQL_SCHEME}${enc(ref.source)}/${enc(ref.schema)}.${enc(ref.table)}`;
}
