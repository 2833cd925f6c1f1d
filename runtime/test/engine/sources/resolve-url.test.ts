import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveUrl } from '../../../src/engine/sources/index.js';
import { DataError } from '../../../src/errors.js';
import { tempDir, testLoader } from './helpers.js';

const base = tempDir('vf-roots-');
const root = path.join(base, 'root');
const other = path.join(base, 'other');
mkdirSync(path.join(root, 'sub'), { recursive: true });
mkdirSync(other);
writeFileSync(path.join(root, 'a.csv'), 'x\n1\n');
writeFileSync(path.join(root, 'sub', 'b.json'), '[{"y":2}]');
writeFileSync(path.join(root, 'with space.csv'), 'x\n3\n');
writeFileSync(path.join(other, 'secret.csv'), 'x\nsecret\n');
symlinkSync(path.join(other, 'secret.csv'), path.join(root, 'link.csv'));
symlinkSync(other, path.join(root, 'linkdir'));
symlinkSync(path.join(root, 'a.csv'), path.join(root, 'sub', 'inside-link.csv'));

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
    return undefined;
  } catch (e) {
    expect(e).toBeInstanceOf(DataError);
    return (e as DataError).code;
  }
}

describe('data URL resolution', () => {
  const resolve = (url: string, hosts: string[] = []) => resolveUrl(url, [root], hosts);

  it('finds relative and root-relative paths in the root', () => {
    expect(resolve('a.csv')).toMatchObject({ kind: 'file', path: path.join(root, 'a.csv') });
    expect(resolve('/sub/b.json')).toMatchObject({ kind: 'file', path: path.join(root, 'sub', 'b.json') });
    expect(resolve('./sub/../a.csv?v=2#x')).toMatchObject({ kind: 'file', path: path.join(root, 'a.csv') });
    expect(resolve('with%20space.csv')).toMatchObject({ kind: 'file', path: path.join(root, 'with space.csv') });
    expect(resolve('sub/inside-link.csv')).toMatchObject({ kind: 'file', path: path.join(root, 'a.csv') });
    expect(resolve(path.join(root, 'a.csv'))).toMatchObject({ kind: 'file', path: path.join(root, 'a.csv') });
  });

  it('tries each root in turn', () => {
    expect(resolveUrl('secret.csv', [root, other], [])).toMatchObject({ path: path.join(other, 'secret.csv') });
  });

  it.each([
    ['../other/secret.csv'],
    ['sub/../../other/secret.csv'],
    ['%2e%2e/other/secret.csv'],
    ['%2E%2E%2Fother%2Fsecret.csv'],
    ['/../other/secret.csv'],
    [path.join(other, 'secret.csv')],
    ['/etc/passwd'],
    ['link.csv'],
    ['linkdir/secret.csv'],
    ['file:///etc/passwd'],
    ['FILE:a.csv'],
    ['data:text/csv,x%0A1'],
    ['a.csv%00.json'],
    ['https://example.com/a.csv'],
    ['//example.com/a.csv'],
  ])('refuses %s with data_forbidden', (url) => {
    expect(codeOf(() => resolve(url))).toBe('data_forbidden');
  });

  it('reports missing files and directories as data_not_found', () => {
    expect(codeOf(() => resolve('missing.csv'))).toBe('data_not_found');
    expect(codeOf(() => resolve('sub'))).toBe('data_not_found');
    expect(codeOf(() => resolve(path.join(root, 'nope.csv')))).toBe('data_not_found');
    expect(codeOf(() => resolve('vegafusion+dataset://abc'))).toBe('data_not_found');
  });

  it('allows http(s) only for allowed hosts', () => {
    expect(resolve('https://cdn.jsdelivr.net/npm/vega-datasets/data/cars.json', ['cdn.jsdelivr.net'])).toEqual({
      kind: 'http', url: 'https://cdn.jsdelivr.net/npm/vega-datasets/data/cars.json',
    });
    expect(codeOf(() => resolve('https://cdn.jsdelivr.net.evil.com/x.json', ['cdn.jsdelivr.net']))).toBe('data_forbidden');
    expect(codeOf(() => resolve('https://user@evil.com/x.json', ['cdn.jsdelivr.net']))).toBe('data_forbidden');
  });

  it('refuses through the loader with the same codes', async () => {
    const loader = await testLoader({ dataRoots: [root] });
    const err = await loader.loadUrl('../other/secret.csv', { type: 'csv' }, { timeZone: 'UTC' }).catch((e: unknown) => e);
    expect((err as DataError).code).toBe('data_forbidden');
    const missing = await loader.loadUrl('nope.csv', { type: 'csv' }, { timeZone: 'UTC' }).catch((e: unknown) => e);
    expect((missing as DataError).code).toBe('data_not_found');
    expect(() => loader.urlState('link.csv')).toThrow(DataError);
  });

  it('limits the size of a file', async () => {
    const loader = await testLoader({ dataRoots: [root], maxBytes: 3 });
    const err = await loader.loadUrl('a.csv', { type: 'csv' }, { timeZone: 'UTC' }).catch((e: unknown) => e);
    expect((err as DataError).code).toBe('limit_exceeded');
  });
});
