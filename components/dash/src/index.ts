/**
 * The browser side of `vegafusion_dash`, loaded by Dash after the `VegaFusion` UMD bundle.
 * Dash finds a component at `window[namespace][type]`, so this script's one job is to put
 * the component there (for the Python class: namespace `vegafusion_dash`, type
 * `VegaFusionChart`).
 */
import { DashVegaFusionChart } from './DashVegaFusionChart.js';
import { DASH_PROP_NAMES } from './props.js';

export { DashVegaFusionChart } from './DashVegaFusionChart.js';
export * from './props.js';

declare global {
  interface Window {
    vegafusion_dash?: Record<string, unknown>;
  }
}

window.vegafusion_dash = {
  ...window.vegafusion_dash,
  VegaFusionChart: DashVegaFusionChart,
  /** The props this bundle understands; the Python class declares the same (checked by the tests). */
  propNames: [...DASH_PROP_NAMES],
};
