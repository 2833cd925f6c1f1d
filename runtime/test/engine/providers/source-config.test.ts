/**
 * Database sources from flags, the environment and a file: names, URLs, passwords from
 * the environment or a file only; and the data URLs specs name their tables by.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config.js';
import { parseSqlUrl, readSources, SourceConfigError, sqlUrl, tableAllowed } from '../../../src/engine/providers/index.js';
import { DataError } from '../../../src/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'vf-sources-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
}

describe('source configuration', () => {
  it('reads --source flags and VEGAFUSION_SOURCES, keeping secrets apart', () => {
    const config = parseConfig(['--source', 'sales=postgresql://reader@db.internal:6543/shop'], {
      VEGAFUSION_SOURCES: 'hr=postgresql://viewer@127.0.0.1/people', VEGAFUSION_SOURCE_SALES_PASSWORD: 's3cret', HOME: '/root',
    });
    expect(config.sources).toEqual(['sales=postgresql://reader@db.internal:6543/shop']);
    expect(config.sourceEnv).toEqual({ VEGAFUSION_SOURCE_SALES_PASSWORD: 's3cret' });
    const sources = readSources({ sources: config.sources }, config.sourceEnv);
    expect(sources.get('sales')).toMatchObject({ kind: 'postgresql', host: 'db.internal', port: 6543, database: 'shop', user: 'reader', password: 's3cret', poolSize: 4 });
  });

  it('refuses a password in the URL, a bad name, another scheme or no database, at start-up', () => {
    for (const entry of ['s=postgresql://u:pw@h/db', '1s=postgresql://u@h/db', 's=mysql://u@h/db', 's=postgresql://u@h', 'nourl']) {
      expect(() => parseConfig(['--source', entry], {}), entry).toThrow(SourceConfigError);
    }
    const message = (() => {
      try {
        parseConfig(['--source', 's=postgresql://u:hunter2@h/db'], {});
      } catch (error) {
        return (error as Error).message;
      }
      return '';
    })();
    expect(message).toContain('VEGAFUSION_SOURCE_S_PASSWORD');
    expect(message).not.toContain('hunter2');
  });

  it('reads a sources file with password files and pool settings; flags replace its entries', () => {
    const pw = join(dir, 'pw');
    writeFileSync(pw, 'from-file\n');
    const file = join(dir, 'sources.json');
    writeFileSync(file, JSON.stringify({ sources: { wh: { url: 'postgresql://r@h:5432/w', passwordFile: pw, poolSize: 2, schemaTtlMs: 5000 }, old: { url: 'postgresql://r@h/o' } } }));
    const sources = readSources({ sources: ['old=postgresql://n@h2/o2'], sourcesFile: file }, {});
    expect(sources.get('wh')).toMatchObject({ password: 'from-file', poolSize: 2, schemaTtlMs: 5000, stateTtlMs: 1000 });
    expect(sources.get('old')).toMatchObject({ host: 'h2', user: 'n', database: 'o2' });
    writeFileSync(file, JSON.stringify({ sources: { wh: { url: 'postgresql://r@h/w', poolSize: 0 } } }));
    expect(codeOf(() => readSources({ sources: [], sourcesFile: file }, {}))).toBe('bad_message');
    expect(codeOf(() => readSources({ sources: [], sourcesFile: join(dir, 'absent.json') }, {}))).toBe('bad_message');
  });
});

describe('allowed tables', () => {
  it('come from the environment or the file, as schema.table or schema.*', () => {
    const sources = readSources({ sources: ['s=postgresql://r@h/d', 't=postgresql://r@h/d'] }, { VEGAFUSION_SOURCE_S_TABLES: 'public.orders, shop.*' });
    const s = sources.get('s')!;
    expect(s.tables).toEqual(['public.orders', 'shop.*']);
    expect(tableAllowed(s, 'public', 'orders')).toBe(true);
    expect(tableAllowed(s, 'shop', 'anything')).toBe(true);
    expect(tableAllowed(s, 'public', 'users')).toBe(false);
    expect(tableAllowed(sources.get('t')!, 'public', 'users')).toBe(true);
    expect(() => readSources({ sources: ['s=postgresql://r@h/d'] }, { VEGAFUSION_SOURCE_S_TABLES: 'orders' })).toThrow(SourceConfigError);
  });
});

describe('database source URLs', () => {
  it('parses source, schema and table, with percent-encoded names', () => {
    expect(parseSqlUrl('vegafusion+sql://sales/public.orders')).toEqual({ source: 'sales', schema: 'public', table: 'orders' });
    expect(parseSqlUrl('vegafusion+sql://sales/orders')).toEqual({ source: 'sales', schema: 'public', table: 'orders' });
    const odd = { source: 'sales', schema: 'my schema', table: 'a.b"c' };
    expect(parseSqlUrl(sqlUrl(odd))).toEqual(odd);
  });

  it('refuses malformed addresses with a coded error', () => {
    for (const url of ['vegafusion+sql://sales', 'vegafusion+sql://sales/a.b.c', 'vegafusion+sql://sales/a/b', 'vegafusion+sql://sales/%zz', 'vegafusion+sql://sales/.t', 'vegafusion+sql://s/t?x=1']) {
      let error: unknown;
      try {
        parseSqlUrl(url);
      } catch (e) {
        error = e;
      }
      expect(error, url).toBeInstanceOf(DataError);
      expect((error as DataError).code, url).toBe('bad_data');
    }
  });
});
