/**
 * The planner: pure functions from a Vega or Vega-Lite spec to a ChartPlan.
 */
export { planChart, DEFAULT_TRANSFER_WARNING } from './plan-chart.js';
export { compileToVega, isVegaLiteSpec } from './compile.js';
export { serverGraphSummary } from './summary.js';
export { analyzeExpression, type ExpressionRefs } from './expression-refs.js';
export { isServerUrl } from './partition.js';
export { PlannerError, type PlannerErrorCode } from './errors.js';
export type {
  ChartPlan, KeepInBrowser, PlanOptions, PlanReport, PlanReportEntry, PlanStatus, RuntimeCapabilities, Scope, ServerNodeOrigin, ToClient, ToServer,
  TransferStat, TransferWarningOptions, VariableKind,
} from './types.js';
