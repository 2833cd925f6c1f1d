export { ALL, MIXED, NONE, compileBoxFilter, createBox, type Box, type BoxFilter, type BoxFilterScope, type Truth } from './box-filter.js';
export {
  buildBucketedIndex, planBucketedLayout, type BucketedBuildOptions, type BucketedIndex, type BucketedLayout, type BucketedLayoutOutcome,
} from './bucketed.js';
export { answerBucketed, type AnswerStats } from './bucketed-answer.js';
export { buildExactIndex, combineExactCells, dropExactIndex, readCardinality, exactIndexRelation, type ExactBuildOptions, type ExactIndex, type IndexCells } from './exact-build.js';
export { planIndexLayout, type CellCombine, type IndexLayout, type LayoutOutcome } from './exact-layout.js';
export { combineCells } from './exact-cells.js';
