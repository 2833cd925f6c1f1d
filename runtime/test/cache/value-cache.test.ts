import { describe, expect, it } from 'vitest';
import { createValueCache } from '../../src/cache/index.js';

describe('value cache', () => {
  it('computes once and then hits', async () => {
    const cache = createValueCache<{ v: number; bytes: number }>({ maxBytes: 100, sizeOf: (x) => x.bytes });
    let calls = 0;
    const compute = async () => ({ v: ++calls, bytes: 10 });
    expect((await cache.getOrCompute('k', compute)).hit).toBe(false);
    const second = await cache.getOrCompute('k', compute);
    expect(second).toEqual({ value: { v: 1, bytes: 10 }, hit: true });
    expect(cache.stats()).toMatchObject({ hits: 1, misses: 1, entries: 1, bytes: 10 });
  });

  it('shares one computation between concurrent callers', async () => {
    const cache = createValueCache<{ bytes: number }>({ maxBytes: 100, sizeOf: (x) => x.bytes });
    let calls = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => { release = r; });
    const compute = async () => { calls++; await gate; return { bytes: 1 }; };
    const all = Promise.all([cache.getOrCompute('k', compute), cache.getOrCompute('k', compute), cache.getOrCompute('k', compute)]);
    release();
    const results = await all;
    expect(calls).toBe(1);
    expect(results.map((r) => r.value)).toEqual([results[0].value, results[0].value, results[0].value]);
    expect(cache.stats().shared).toBe(2);
  });

  it('evicts least recently used entries to stay within its byte bound', async () => {
    const cache = createValueCache<{ bytes: number }>({ maxBytes: 25, sizeOf: (x) => x.bytes });
    await cache.getOrCompute('a', async () => ({ bytes: 10 }));
    await cache.getOrCompute('b', async () => ({ bytes: 10 }));
    await cache.getOrCompute('a', async () => ({ bytes: 10 })); // a is now most recent
    await cache.getOrCompute('c', async () => ({ bytes: 10 }));
    expect(cache.peek('b')).toBeUndefined();
    expect(cache.peek('a')).toBeDefined();
    expect(cache.stats()).toMatchObject({ evictions: 1, bytes: 20 });
  });

  it('does not keep failures, so a later request retries', async () => {
    const cache = createValueCache<{ bytes: number }>({ maxBytes: 25, sizeOf: (x) => x.bytes });
    await expect(cache.getOrCompute('k', async () => { throw new Error('boom'); })).rejects.toThrow('boom');
    expect((await cache.getOrCompute('k', async () => ({ bytes: 1 }))).hit).toBe(false);
  });

  it('serves but does not keep a value larger than the whole cache', async () => {
    const cache = createValueCache<{ bytes: number }>({ maxBytes: 5, sizeOf: (x) => x.bytes });
    expect((await cache.getOrCompute('big', async () => ({ bytes: 50 }))).value.bytes).toBe(50);
    expect(cache.peek('big')).toBeUndefined();
  });
});
