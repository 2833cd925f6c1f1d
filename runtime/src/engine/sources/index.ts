/**
 * Data sources of the engine: Vega data URLs with their `format`, inline values, client
 * rows and Arrow tables, and uploaded datasets, loaded into DuckDB as relations holding
 * exactly the rows Vega's loader produces.
 */
export type { DatasetInfo, DatasetStore, LoadContext, SourceLoader, SourceOptions } from './types.js';
export { createSourceLoader } from './source-loader.js';
export { DATASET_SCHEME, datasetUrl, resolveUrl, type SourceTarget } from './resolve-url.js';
export { formatType, formatUsesLocalTime, TEXT_FORMATS, BINARY_FORMATS } from './read-format.js';
export { UPLOAD_FORMATS, type UploadFormat } from './dataset-store.js';
