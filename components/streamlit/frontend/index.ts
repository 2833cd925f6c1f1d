/**
 * The Streamlit custom component (components v2: rendered in the app's page, no iframe).
 * Python sends the planned spec, the runtime's URL and token, never rows; this module
 * renders it with `embed` and reports selections as the component's `selection` state.
 */
import { embed, isVegaLiteSpec, type EmbedResult, type Selections } from '@vegafusion-ts/react';
import { readStreamlitTheme, streamlitChartConfig, themedSpec, watchStreamlitTheme } from './theme.js';

/** What `vegafusion_streamlit.vegafusion_chart` sends as the component's data. */
export interface StreamlitChartData {
  spec: unknown;
  runtime: string | null;
  token: string | null;
  /** Selection parameters to report; empty when `on_select="ignore"`. */
  selectionParams: string[];
  /** Fixed pixel height, or null to follow the chart. */
  height: number | null;
  /** `"streamlit"`: Streamlit's chart theme, following the app's; null: the spec's own look. */
  theme: 'streamlit' | null;
}

/** The argument Streamlit passes to a v2 component's default export. */
export interface StreamlitComponentArgs {
  name: string;
  key: string;
  data: unknown;
  parentElement: HTMLElement | ShadowRoot;
  setStateValue(name: string, value: unknown): void;
  setTriggerValue(name: string, value: unknown): void;
}

interface MountedChart {
  identity: string;
  container: HTMLElement;
  args: StreamlitComponentArgs;
  data: StreamlitChartData;
  chart: Promise<EmbedResult | null>;
  lastSent: string;
  flush: () => void;
  dispose: () => void;
}

/** Brushing changes the selection on every pointer move; each report reruns the script. */
const SELECTION_QUIET_MS = 200;

// Streamlit calls the default export again on the same parent each time the data changes
// and runs only the last returned cleanup, on unmount: the chart of each parent lives here
// so that a rerun with an unchanged spec keeps the live view (and its selection).
const mounted = new WeakMap<HTMLElement | ShadowRoot, MountedChart>();

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Checks the data sent from Python. */
export function parseChartData(data: unknown): StreamlitChartData {
  if (!isRecord(data) || data.spec === undefined) {
    throw new Error('vegafusion_chart: the component data has no "spec"');
  }
  const text = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
  const params = Array.isArray(data.selectionParams) ? data.selectionParams.filter((p): p is string => typeof p === 'string') : [];
  const height = typeof data.height === 'number' && Number.isFinite(data.height) ? data.height : null;
  const theme = data.theme === 'streamlit' ? 'streamlit' : null;
  return { spec: data.spec, runtime: text(data.runtime), token: text(data.token), selectionParams: params, height, theme };
}

/** The selections Python asked for, in the shared format. */
export function pickSelections(all: Selections, params: string[]): Selections {
  const out: Selections = {};
  for (const name of params) if (name in all) out[name] = all[name];
  return out;
}

function errorText(error: unknown): string {
  return `VegaFusion chart error: ${error instanceof Error ? error.message : String(error)}`;
}

function showError(container: HTMLElement, error: unknown): void {
  const box = container.ownerDocument.createElement('pre');
  box.textContent = errorText(error);
  box.style.cssText = 'color:#b00020;white-space:pre-wrap;font-size:0.85em;margin:0';
  container.replaceChildren(box);
}

/** The spec as the browser renders it: with Streamlit's theme under its own config when asked. */
function specToRender(data: StreamlitChartData, container: HTMLElement): unknown {
  if (data.theme !== 'streamlit') return data.spec;
  const theme = readStreamlitTheme(container);
  if (!theme) return data.spec;
  const config = streamlitChartConfig(theme);
  // A Vega spec keeps its own sizing: Streamlit's "fit" autosize is for Vega-Lite charts.
  if (!isVegaLiteSpec(data.spec)) delete config.autosize;
  return themedSpec(data.spec, config);
}

/** Draws the chart of `parent` again from its last data (the app's theme changed). */
function remount(parent: HTMLElement | ShadowRoot): void {
  const shown = mounted.get(parent);
  if (!shown) return;
  shown.dispose();
  mounted.set(parent, mountChart(shown.args, shown.data, shown.identity, () => remount(parent)));
}

function mountChart(
  args: StreamlitComponentArgs, data: StreamlitChartData, identity: string, onThemeChange: () => void,
): MountedChart {
  const doc = args.parentElement.ownerDocument ?? document;
  const container = doc.createElement('div');
  container.className = 'vegafusion-chart';
  container.style.width = '100%';
  if (data.height !== null) {
    container.style.height = `${data.height}px`;
    container.style.overflow = 'auto';
  }
  args.parentElement.appendChild(container);
  if (data.theme === 'streamlit') container.dataset.theme = 'streamlit';
  const note = doc.createElement('div');
  note.className = 'vegafusion-chart-error';
  note.setAttribute('role', 'alert');
  note.style.cssText = 'color:#b00020;font-size:0.8em;white-space:pre-wrap';
  note.hidden = true;
  container.appendChild(note);

  let pending: Selections | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const self: MountedChart = {
    identity, container, args, data, lastSent: '',
    chart: Promise.resolve(null),
    flush: () => {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      if (pending === null) return;
      const selection = pickSelections(pending, self.data.selectionParams);
      pending = null;
      const text = JSON.stringify(selection);
      if (text === self.lastSent) return;
      self.lastSent = text;
      self.args.setStateValue('selection', selection);
    },
    dispose: () => undefined,
  };
  const onPointerUp = (): void => self.flush();
  const win = doc.defaultView ?? window;
  win.addEventListener('pointerup', onPointerUp);

  self.chart = embed(container, specToRender(data, container), {
    runtime: data.runtime ?? undefined,
    token: data.token ?? undefined,
    // No actions menu (export, view source), as `st.altair_chart` shows none.
    embedOptions: { actions: false },
    // The note above the chart shows errors (a missing upload too).
    errorNotice: false,
    onSelection: (selections) => {
      if (self.data.selectionParams.length === 0) return;
      pending = selections;
      if (timer !== undefined) clearTimeout(timer);
      timer = setTimeout(self.flush, SELECTION_QUIET_MS);
    },
    // Runtime and transport errors leave the chart usable (it may recover on reconnect):
    // a line above it says what is wrong until the next answer arrives.
    onError: (error) => {
      console.warn('[vegafusion-streamlit]', error);
      note.textContent = errorText(error);
      note.hidden = false;
    },
    onUpdate: () => {
      note.hidden = true;
    },
  }).catch((error: unknown) => {
    showError(container, error);
    return null;
  });
  // The app switched between light and dark: the chart is drawn again in the new colors.
  const unwatch = data.theme === 'streamlit' ? watchStreamlitTheme(container, onThemeChange) : () => undefined;
  self.dispose = () => {
    unwatch();
    if (timer !== undefined) clearTimeout(timer);
    win.removeEventListener('pointerup', onPointerUp);
    void self.chart.then((result) => result?.finalize());
    container.remove();
  };
  return self;
}

/**
 * Streamlit's entry point: (re)renders the chart for `args.parentElement`. A default
 * export because Streamlit's components v2 loads the module's default export.
 */
export default function mountVegaFusionChart(args: StreamlitComponentArgs): () => void {
  const parent = args.parentElement;
  const current = mounted.get(parent);
  let data: StreamlitChartData;
  try {
    data = parseChartData(args.data);
  } catch (error) {
    current?.dispose();
    mounted.delete(parent);
    const box = (parent.ownerDocument ?? document).createElement('div');
    parent.appendChild(box);
    showError(box, error);
    return () => box.remove();
  }
  const identity = JSON.stringify([data.spec, data.runtime, data.token, data.height, data.theme]);
  if (current && current.identity === identity) {
    // Same chart: keep the view, take the newest callbacks and parameter list.
    current.args = args;
    current.data = data;
  } else {
    current?.dispose();
    mounted.set(parent, mountChart(args, data, identity, () => remount(parent)));
  }
  return () => {
    mounted.get(parent)?.dispose();
    mounted.delete(parent);
  };
}
