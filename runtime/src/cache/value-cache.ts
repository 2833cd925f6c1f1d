/**
 * The shared cache of node values, keyed by state fingerprints that the server computed.
 * Bounded by bytes (lru-cache), it reports hits, misses, evictions and size, and shares
 * one computation between concurrent requests for the same key.
 */
import { LRUCache } from 'lru-cache';

export interface CacheStats {
  hits: number;
  misses: number;
  /** Requests that joined a computation already under way. */
  shared: number;
  evictions: number;
  entries: number;
  bytes: number;
  maxBytes: number;
}

export interface ValueCache<V> {
  /** The cached value for `key`, or computes it once however many callers ask at once. */
  getOrCompute(key: string, compute: () => Promise<V>): Promise<{ value: V; hit: boolean }>;
  peek(key: string): V | undefined;
  /**
   * Evicts least recently used values until `bytes` more would fit within maxBytes (for
   * work about to hold that much memory outside the cache). Returns the bytes evicted.
   */
  makeRoom(bytes: number): number;
  stats(): CacheStats;
  clear(): void;
}

export interface ValueCacheOptions<V> {
  maxBytes: number;
  /** Size of a value in bytes (at least 1). */
  sizeOf(value: V): number;
  /** Called when a value leaves the cache (evicted, replaced or cleared), e.g. to drop a table. */
  onRemove?(value: V, key: string): void;
}

export function createValueCache<V extends object>(options: ValueCacheOptions<V>): ValueCache<V> {
  let hits = 0;
  let misses = 0;
  let shared = 0;
  let evictions = 0;
  const lru = new LRUCache<string, V>({
    maxSize: Math.max(1, options.maxBytes),
    sizeCalculation: (v) => Math.max(1, Math.ceil(options.sizeOf(v))),
    dispose: (v, k, reason) => {
      if (reason === 'evict') evictions++;
      options.onRemove?.(v, k);
    },
  });
  const inflight = new Map<string, Promise<V>>();

  return {
    async getOrCompute(key, compute) {
      const cached = lru.get(key);
      if (cached !== undefined) {
        hits++;
        return { value: cached, hit: true };
      }
      const running = inflight.get(key);
      if (running) {
        shared++;
        return { value: await running, hit: true };
      }
      misses++;
      const promise = compute();
      inflight.set(key, promise);
      try {
        const value = await promise;
        // A value larger than the whole cache is served but not kept.
        if (options.sizeOf(value) <= options.maxBytes) lru.set(key, value);
        return { value, hit: false };
      } finally {
        inflight.delete(key);
      }
    },
    peek: (key) => lru.peek(key),
    makeRoom(bytes) {
      let freed = 0;
      while (lru.size > 0 && lru.calculatedSize + bytes > options.maxBytes) {
        const before = lru.calculatedSize;
        lru.pop();
        freed += before - lru.calculatedSize;
      }
      return freed;
    },
    stats: () => ({ hits, misses, shared, evictions, entries: lru.size, bytes: lru.calculatedSize, maxBytes: options.maxBytes }),
    clear: () => lru.clear(),
  };
}
