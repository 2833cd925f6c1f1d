/**
 * The Panel component's browser module (an ESM component: Panel imports this bundle and
 * calls `render({ model, el, view })`). Python syncs the planned spec and where the runtime
 * is, never rows; this module renders the spec with `embed` on one runtime connection that
 * lives as long as the component, and writes selections back to `model.selections`.
 */
import { PanelChart, type PanelModel } from './panel-chart.js';

export type { PanelModel } from './panel-chart.js';

/** What Panel passes to an ESM component's `render`. */
export interface PanelRenderProps {
  model: PanelModel;
  el: HTMLElement;
  /** The Bokeh view; one per place the component is shown. */
  view?: object;
}

// Panel may call `render` again for the same view (a new ESM module, a re-render) and clears
// the old render's lifecycle handlers without running its `remove` handler: the live chart
// of each view is kept here so that it is finalized, not leaked.
const charts = new WeakMap<object, PanelChart>();

/**
 * Panel's entry point: mounts the chart into `el` and follows the model's changes (a new
 * spec or runtime re-renders in place on the same connection; the component's removal
 * finalizes the view and gives the connection back).
 */
export function render({ model, el, view }: PanelRenderProps): void {
  const key = view ?? el;
  charts.get(key)?.dispose();
  const chart = new PanelChart(model, el);
  charts.set(key, chart);
  chart.update();
  model.on(['spec', 'endpoint', 'embed_options', 'show_actions', 'theme'], () => chart.update());
  model.on('resize', () => chart.fitContainer());
  model.on('selection_set', () => void chart.applySelectionSet());
  model.on('remove', () => {
    chart.dispose();
    if (charts.get(key) === chart) charts.delete(key);
  });
}
