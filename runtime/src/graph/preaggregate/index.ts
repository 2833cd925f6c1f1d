export { MAX_INDEXES_AHEAD, prepareIndexed, prewarmIndexes } from './prepare-indexed.js';
export { createIndexStore, type BucketLimits, type IndexStore, type IndexStoreOptions, type IndexEntry } from './index-store.js';
export { findIndexPlan, type IndexPlan, type PlanOutcome } from './find-plan.js';
