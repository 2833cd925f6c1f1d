export { createValueCache, type CacheStats, type ValueCache, type ValueCacheOptions } from './value-cache.js';
