import { describe, expect, it } from 'vitest';
import { totalmem } from 'node:os';
import path from 'node:path';
import { ConfigError, duckDbMemoryBytes, fitPoolsToBudget, memoryPoolsProblem, parseBytes, parseConfig } from '../src/config.js';

describe('parseConfig', () => {
  it('binds 127.0.0.1 by default and serves the vega-datasets folder', () => {
    const c = parseConfig([], {});
    expect(c.host).toBe('127.0.0.1');
    expect(c.port).toBe(8765);
    expect(c.dataRoots[0]).toMatch(/vega-datasets$/);
    expect(c.token).toBeUndefined();
  });

  it('reads environment variables, then lets flags win', () => {
    const c = parseConfig(['--port', '9000', '--cache-bytes=1GB', '--data-root', '/tmp/a', '--data-root', '/tmp/b'],
      { VEGAFUSION_PORT: '7000', VEGAFUSION_TOKEN: 's3cret', VEGAFUSION_ALLOWED_ORIGINS: 'http://a, http://b' });
    expect(c.port).toBe(9000);
    expect(c.token).toBe('s3cret');
    expect(c.cacheBytes).toBe(1024 ** 3);
    expect(c.dataRoots).toEqual(['/tmp/a', '/tmp/b']);
    expect(c.allowedOrigins).toEqual(['http://a', 'http://b']);
  });

  it('reads the browser-facing checks and the memory budget', () => {
    const d = parseConfig([], {});
    expect(d.allowedOrigins).toEqual([]);
    expect(d.publicHosts).toEqual([]);
    expect(d.metricsRequireToken).toBe(false);
    expect(d.memoryBudgetBytes).toBeLessThanOrEqual(Math.max(totalmem() / 2, 1024 ** 3));
    const c = parseConfig(['--public-host', 'charts.example.org', '--metrics-require-token', 'true'],
      { VEGAFUSION_MEMORY_BUDGET: '4GB', VEGAFUSION_ALLOWED_ORIGINS: '*' });
    expect(c.publicHosts).toEqual(['charts.example.org']);
    expect(c.metricsRequireToken).toBe(true);
    expect(c.allowedOrigins).toEqual(['*']);
    expect(c.memoryBudgetBytes).toBe(4 * 1024 ** 3);
    expect(duckDbMemoryBytes(c)).toBe(2 * 1024 ** 3);
    expect(duckDbMemoryBytes({ memoryBudgetBytes: 1024 })).toBe(256 * 1024 ** 2);
    expect(() => parseConfig(['--metrics-require-token', 'maybe'], {})).toThrow(ConfigError);
    expect(() => parseConfig(['--memory-budget', '0'], {})).toThrow(/at least 1/);
  });

  it('gives DuckDB what the pools held in JS leave of the budget, and says when that is too little', () => {
    const GB = 1024 ** 3;
    // The 100M-row bench's settings that ended in the kernel's OOM kill: 19 GB + 10 GB of indexes.
    const c = parseConfig([], { VEGAFUSION_MEMORY_BUDGET: '18GB', VEGAFUSION_INDEX_BYTES: '10GB', VEGAFUSION_CACHE_BYTES: '512MB' });
    const duckdb = duckDbMemoryBytes(c);
    expect(duckdb + c.indexBytes + c.cacheBytes).toBeLessThanOrEqual(c.memoryBudgetBytes);
    expect(duckdb).toBe(18 * GB - 10 * GB - 0.5 * GB - 18 * GB / 8);
    expect(memoryPoolsProblem(c)).toBeUndefined();
    const tight = parseConfig([], { VEGAFUSION_MEMORY_BUDGET: '12GB', VEGAFUSION_INDEX_BYTES: '10GB' });
    expect(duckDbMemoryBytes(tight)).toBe(256 * 1024 ** 2);
    expect(memoryPoolsProblem(tight)).toMatch(/--index-bytes \(10\.0 GB\).*leave DuckDB 0\.\d GB of --memory-budget 12\.0 GB/);
    // Small pools leave DuckDB its half.
    expect(duckDbMemoryBytes(parseConfig([], { VEGAFUSION_MEMORY_BUDGET: '16GB' }))).toBe(8 * GB);
    // A small budget given alone shrinks the default pools with it, so DuckDB keeps its half.
    const small = parseConfig(['--memory-budget', '2GB'], {});
    expect(small).toMatchObject({ indexBytes: 256 * 1024 ** 2, cacheBytes: 128 * 1024 ** 2 });
    expect(duckDbMemoryBytes(small)).toBe(GB);
    expect(memoryPoolsProblem(small)).toBeUndefined();
    // Pools given explicitly are kept as given.
    expect(parseConfig(['--memory-budget', '2GB', '--index-bytes', '1GB'], {}).indexBytes).toBe(GB);
    expect(fitPoolsToBudget({ ...parseConfig([], {}), memoryBudgetBytes: 2 * GB }, (k) => k === 'cacheBytes')).toMatchObject({ indexBytes: 256 * 1024 ** 2, cacheBytes: 512 * 1024 ** 2 });
  });

  it('names the bad option in its errors', () => {
    expect(() => parseConfig(['--prot', '1'], {})).toThrow(/Unknown option "--prot"/);
    expect(() => parseConfig(['--port', 'abc'], {})).toThrow(ConfigError);
    expect(() => parseConfig(['--port'], {})).toThrow(/needs a value/);
    expect(() => parseBytes('12 parsecs')).toThrow(/Not a size/);
  });

  it('keeps uploads in the user\'s cache folder unless told otherwise, bounded by --store-bytes', () => {
    const home = parseConfig([], { XDG_CACHE_HOME: '/var/cache/me' });
    expect(home.storeDir).toBe('/var/cache/me/vegafusion-ts/store');
    expect(parseConfig([], {}).storeDir).toMatch(/\/\.cache\/vegafusion-ts\/store$/);
    expect(home.storeBytes).toBe(8 * 1024 ** 3);
    const env = parseConfig([], { XDG_CACHE_HOME: '/var/cache/me', VEGAFUSION_STORE_DIR: '/srv/uploads', VEGAFUSION_STORE_BYTES: '100GB' });
    expect(env.storeDir).toBe('/srv/uploads');
    expect(env.storeBytes).toBe(100 * 1024 ** 3);
    const flags = parseConfig(['--store-dir', 'rel/store', '--store-bytes=1MB'], { VEGAFUSION_STORE_DIR: '/srv/uploads' });
    expect(flags.storeDir).toBe(path.resolve('rel/store'));
    expect(flags.storeBytes).toBe(1024 ** 2);
    expect(() => parseConfig(['--store-bytes', '0'], {})).toThrow(/--store-bytes must be at least 1/);
  });
});
