/**
 * The notebook widget's browser module (an anywidget ESM: Jupyter, VS Code and marimo import
 * it and call `render({ model, el })`). Python syncs the planned spec and where the runtime
 * is, never rows; the chart itself is the Panel component's (`PanelChart`: one runtime
 * connection per page, a new spec re-rendered in place, selections debounced and written
 * back), driven through anywidget's model instead of Panel's.
 */
import { PanelChart, type Endpoint, type PanelModel } from '../../panel/frontend/panel-chart.js';
import type { Selections } from '@vegafusion-ts/react';

/** The part of anywidget's model this module uses. */
export interface WidgetModel {
  get(name: string): unknown;
  set(name: string, value: unknown): void;
  save_changes(): void;
  on(event: string, callback: () => void): void;
  off(event?: string | null, callback?: (() => void) | null): void;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** anywidget's model seen as the Panel model `PanelChart` drives (`change:<name>` events). */
export function asPanelModel(model: WidgetModel, listeners: Array<[string, () => void]>): PanelModel {
  return {
    get spec() { return model.get('spec'); },
    get endpoint() { return (model.get('endpoint') as Endpoint | null) ?? null; },
    get embed_options() {
      const options = model.get('embed_options');
      return isRecord(options) ? options : null;
    },
    get show_actions() { return model.get('show_actions') === true; },
    get debounce() {
      const wait = Number(model.get('debounce'));
      return Number.isFinite(wait) ? wait : 20;
    },
    // The widget has no theme of its own; its embed_options may name one for vega-embed.
    theme: null,
    // The widget's trait is `selection` (every selection at once, the wrappers' format).
    get selections() { return (model.get('selection') as Selections | null) ?? {}; },
    set selections(value: Selections) {
      model.set('selection', value);
      model.save_changes();
    },
    on(event: string | string[], callback: () => void): void {
      for (const name of Array.isArray(event) ? event : [event]) {
        const listener: [string, () => void] = [`change:${name}`, callback];
        model.on(listener[0], listener[1]);
        listeners.push(listener);
      }
    },
  };
}

/** anywidget's entry point: mounts the chart into `el`; the returned function removes it. */
function render({ model, el }: { model: WidgetModel; el: HTMLElement }): () => void {
  const listeners: Array<[string, () => void]> = [];
  const panelModel = asPanelModel(model, listeners);
  const chart = new PanelChart(panelModel, el);
  chart.update();
  panelModel.on(['spec', 'endpoint', 'embed_options', 'show_actions'], () => chart.update());
  return () => {
    for (const [event, callback] of listeners) model.off(event, callback);
    chart.dispose();
  };
}

export default { render };
