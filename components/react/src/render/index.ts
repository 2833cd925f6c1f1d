export { renderVega, resizeView, sizedSpec, type RenderOptions, type RenderedView, type SizeOptions } from './render-view.js';
export {
  selectionParams, selectionFromStore, readSelections, watchSelections,
  type SelectionParam, type SelectionType, type SelectionValue, type Selections,
} from './selections.js';
export { planReportRows, planSummary, formatPlanReport, type PlanReportRow } from './plan-report.js';
export { createErrorNotice, missingDatasetText, ERROR_NOTICE_CLASS, type ErrorNotice } from './error-notice.js';
