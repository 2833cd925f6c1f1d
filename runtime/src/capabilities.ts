/** What this runtime supports, announced to planners. */
import { PROTOCOL_VERSION, type RuntimeCapabilities } from '@vegafusion-ts/proto';
import { EXPRESSION_FUNCTIONS } from './engine/expressions/index.js';
import { AGGREGATE_OPS, WINDOW_OPS } from './engine/transforms/index.js';
import type { TransformDefinition } from './engine/types.js';

export const RUNTIME_VERSION = '0.1.0';

/** Data formats the sources can read (topojson and friends stay in the browser). */
export const DATA_FORMATS = ['json', 'csv', 'tsv', 'dsv', 'arrow', 'parquet'] as const;

export function describeCapabilities(transforms: readonly TransformDefinition[]): RuntimeCapabilities {
  return {
    protocolVersion: PROTOCOL_VERSION,
    runtimeVersion: RUNTIME_VERSION,
    transforms: transforms.map((t) => t.type),
    aggregateOps: [...AGGREGATE_OPS],
    windowOps: [...WINDOW_OPS],
    expressionFunctions: [...EXPRESSION_FUNCTIONS],
    dataFormats: [...DATA_FORMATS],
    transformParams: Object.fromEntries(transforms.map((t) => [t.type, t.params.map((p) => p.name)])),
  };
}
