/**
 * One chart of the Panel component: renders the model's spec with `embed`, swaps in a new
 * render when the spec changes (the old view stays on screen until the new one has its
 * first runtime answer), and reports selections to `model.selections`, debounced (a drag once, at its end).
 */
import {
  compileToVega,
  embed,
  pageConnectionPool,
  readSelections,
  selectionParams,
  type EmbedResult,
  type RuntimeConnection,
  type Selections,
} from '@vegafusion-ts/react';
import * as vegaThemes from 'vega-themes';
import { mergeConfig } from 'vega-util';
import { setSelections } from './set-selection.js';

/** Where the browser connects, as Python's `VegaFusionChart.endpoint` sends it. */
export interface Endpoint {
  url: string;
  token: string | null;
}

/** The parameters of `vegafusion_panel.VegaFusionChart` as Panel's model proxy shows them. */
export interface PanelModel {
  readonly spec: unknown;
  readonly endpoint: Endpoint | null;
  readonly embed_options: Record<string, unknown> | null;
  readonly show_actions: boolean;
  /** Milliseconds, for every selection or per name (`pn.pane.Vega`'s `debounce`). */
  readonly debounce: number | Record<string, number>;
  /** A vega-themes name, or null. */
  readonly theme: string | null;
  /** Selections Python set (`chart.selection.<name> = ...`): `{seq, values}`, applied on change. */
  readonly selection_set?: { values?: Record<string, unknown> } | null;
  selections: Selections;
  on(event: string | string[], callback: () => void): void;
}

interface Render {
  wrapper: HTMLElement;
  result: EmbedResult | null;
  usesContainerWidth: boolean;
  usesContainerHeight: boolean;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function parseEndpoint(value: unknown): Endpoint | null {
  if (!isRecord(value) || typeof value.url !== 'string' || value.url === '') return null;
  return { url: value.url, token: typeof value.token === 'string' && value.token !== '' ? value.token : null };
}

function errorText(error: unknown): string {
  return `VegaFusion chart error: ${error instanceof Error ? error.message : String(error)}`;
}

/** `pn.pane.Vega`'s default wait before a selection is reported. */
const DEFAULT_DEBOUNCE_MS = 20;

/** The spec with the vega-themes theme `name` under its own config (the spec's config wins). */
export function themedSpec(spec: Record<string, unknown>, name: string | null): Record<string, unknown> {
  const theme = name ? (vegaThemes as Record<string, unknown>)[name] : undefined;
  if (!isRecord(theme) || name === 'version') return spec;
  return { ...spec, config: mergeConfig(theme, isRecord(spec.config) ? spec.config : {}) };
}

/** How long to wait before reporting a change of the selections `names`: the longest of their waits. */
export function debounceFor(debounce: unknown, names: readonly string[]): number {
  const valid = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? Math.max(0, v) : null);
  if (!isRecord(debounce)) return valid(debounce) ?? DEFAULT_DEBOUNCE_MS;
  const waits = names.map((n) => valid(debounce[n]) ?? DEFAULT_DEBOUNCE_MS);
  return waits.length > 0 ? Math.max(...waits) : DEFAULT_DEBOUNCE_MS;
}

/** A Vega-Lite spec whose top-level width (height) is "container". */
function usesContainer(spec: unknown, key: 'width' | 'height'): boolean {
  return isRecord(spec) && spec[key] === 'container';
}

export class PanelChart {
  private readonly doc: Document;
  private readonly box: HTMLElement;
  private readonly note: HTMLElement;
  private readonly loading: HTMLElement;
  private connection: RuntimeConnection | null = null;
  private connectionKey = '';
  private shown: Render | null = null;
  private pending: Render | null = null;
  private generation = 0;
  private scheduled = false;
  private disposed = false;
  private lastSent = '';
  private queued: Selections | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** A pointer went down on the chart and is not up yet: a drag is reported once, at its end. */
  private dragging = false;
  private readonly onPointerDown = (): void => {
    this.dragging = true;
  };
  private readonly onPointerUp = (): void => {
    this.dragging = false;
    this.flushSelection();
  };

  constructor(private readonly model: PanelModel, el: HTMLElement) {
    this.doc = el.ownerDocument;
    this.box = this.doc.createElement('div');
    this.box.className = 'vegafusion-chart';
    this.box.style.cssText = 'position:relative;width:100%;height:100%';
    this.note = this.doc.createElement('div');
    this.note.className = 'vegafusion-chart-error';
    this.note.setAttribute('role', 'alert');
    this.note.style.cssText = 'color:#b00020;font-size:0.8em;white-space:pre-wrap';
    this.note.hidden = true;
    this.loading = this.doc.createElement('div');
    this.loading.className = 'vegafusion-loading';
    this.loading.textContent = 'Loading…';
    this.loading.style.cssText = 'position:absolute;top:4px;left:4px;font-size:0.8em;color:#666;pointer-events:none';
    // vega-embed stretches its element to the container's width, not its height: a spec
    // sized by its container's height needs that element to fill the wrapper.
    const style = this.doc.createElement('style');
    style.textContent = '.vegafusion-fill-y > .vega-embed { height: 100%; }';
    this.box.append(style, this.note, this.loading);
    el.appendChild(this.box);
    this.box.addEventListener('pointerdown', this.onPointerDown);
    (this.doc.defaultView ?? window).addEventListener('pointerup', this.onPointerUp);
  }

  /** Re-renders from the model's current values; several changes in one tick render once. */
  update(): void {
    if (this.disposed || this.scheduled) return;
    this.scheduled = true;
    queueMicrotask(() => {
      this.scheduled = false;
      if (!this.disposed) void this.renderNow();
    });
  }

  /** Re-measures a spec sized to its container after Panel resized the component. */
  fitContainer(): void {
    const shown = this.shown;
    if (!shown?.result || !(shown.usesContainerWidth || shown.usesContainerHeight)) return;
    const { view } = shown.result;
    const host = view.container();
    if (!host) return;
    if (shown.usesContainerWidth && host.clientWidth > 0) view.width(host.clientWidth);
    if (shown.usesContainerHeight && host.clientHeight > 0) view.height(host.clientHeight);
    void view.runAsync();
  }

  /** Applies the selections Python set to the chart on screen (they come back as a report). */
  async applySelectionSet(): Promise<void> {
    const values = this.model.selection_set?.values;
    const result = this.shown?.result;
    if (!result || !isRecord(values)) return;
    const spec = isRecord(this.model.spec) ? themedSpec(this.model.spec, this.model.theme) : null;
    const vegaSpec = result.plan?.clientSpec ?? (spec ? compileToVega(spec) : null);
    try {
      const skipped = await setSelections(result.view, vegaSpec, values);
      if (skipped.length > 0) console.warn('[vegafusion-panel] cannot set the selection(s) of nested views:', skipped.join(', '));
    } catch (error) {
      this.showNote(error);
    }
  }

  /** Finalizes every view, gives the connection back and removes the chart's DOM; idempotent. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.generation++;
    if (this.timer !== undefined) clearTimeout(this.timer);
    (this.doc.defaultView ?? window).removeEventListener('pointerup', this.onPointerUp);
    this.box.removeEventListener('pointerdown', this.onPointerDown);
    for (const render of [this.pending, this.shown]) this.discard(render);
    this.pending = null;
    this.shown = null;
    this.releaseConnection();
    this.box.remove();
  }

  /** The connection for the model's endpoint; a changed endpoint swaps it (acquire first). */
  private connectionFor(endpoint: Endpoint | null): RuntimeConnection | null {
    const key = endpoint ? JSON.stringify([endpoint.url, endpoint.token]) : '';
    if (key === this.connectionKey) return this.connection;
    const previous = this.connection;
    this.connection = endpoint ? pageConnectionPool().acquire(endpoint.url, { token: endpoint.token ?? undefined }) : null;
    this.connectionKey = key;
    if (previous) pageConnectionPool().release(previous);
    return this.connection;
  }

  private releaseConnection(): void {
    if (this.connection) pageConnectionPool().release(this.connection);
    this.connection = null;
    this.connectionKey = '';
  }

  private discard(render: Render | null): void {
    if (!render) return;
    render.result?.finalize();
    render.wrapper.remove();
  }

  private embedOptions(): Record<string, unknown> {
    const options = isRecord(this.model.embed_options) ? this.model.embed_options : {};
    return { actions: this.model.show_actions, ...options };
  }

  private async renderNow(): Promise<void> {
    const generation = ++this.generation;
    const spec = this.model.spec;
    this.discard(this.pending);
    this.pending = null;
    if (!isRecord(spec)) {
      this.discard(this.shown);
      this.shown = null;
      this.loading.hidden = true;
      return;
    }
    const connection = this.connectionFor(parseEndpoint(this.model.endpoint));
    const wrapper = this.doc.createElement('div');
    // Laid out like the chart it replaces but invisible until it has data, so that a new
    // spec does not flash an empty chart.
    wrapper.style.cssText = this.shown ? 'position:absolute;top:0;left:0;width:100%;visibility:hidden' : 'width:100%';
    this.box.appendChild(wrapper);
    const render: Render = {
      wrapper,
      result: null,
      usesContainerWidth: usesContainer(spec, 'width'),
      usesContainerHeight: usesContainer(spec, 'height'),
    };
    this.pending = render;
    if (render.usesContainerHeight) {
      wrapper.style.height = '100%';
      wrapper.classList.add('vegafusion-fill-y');
    }
    const params = selectionParams(spec);
    let result: EmbedResult;
    try {
      result = await embed(wrapper, themedSpec(spec, this.model.theme), {
        runtime: connection ?? undefined,
        embedOptions: this.embedOptions(),
        onSelection: (selections) => {
          if (generation === this.generation) this.queueSelection(selections);
        },
        onError: (error) => this.showNote(error),
        // The note shows errors (a missing upload too).
        errorNotice: false,
        onUpdate: () => {
          if (generation === this.generation) this.note.hidden = true;
        },
      });
    } catch (error) {
      if (generation !== this.generation) return;
      this.pending = null;
      wrapper.remove();
      this.loading.hidden = true;
      this.showNote(error);
      return;
    }
    if (generation !== this.generation) {
      result.finalize();
      wrapper.remove();
      return;
    }
    render.result = result;
    await result.ready;
    if (generation !== this.generation) return;
    this.pending = null;
    this.discard(this.shown);
    wrapper.style.cssText = render.usesContainerHeight ? 'width:100%;height:100%' : 'width:100%';
    this.shown = render;
    this.loading.hidden = true;
    // A new render starts without a selection: Python hears so (and learns the parameters).
    this.queued = readSelections(result.view, params);
    this.flushSelection();
  }

  private showNote(error: unknown): void {
    console.warn('[vegafusion-panel]', error);
    this.note.textContent = errorText(error);
    this.note.hidden = false;
  }

  private queueSelection(selections: Selections): void {
    const before = this.queued ?? (this.lastSent ? (JSON.parse(this.lastSent) as Selections) : {});
    const changed = Object.keys(selections).filter((n) => JSON.stringify(selections[n]) !== JSON.stringify(before[n]));
    this.queued = selections;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    // During a drag Python hears nothing until the pointer is released (one event per drag).
    if (this.dragging) return;
    this.timer = setTimeout(() => this.flushSelection(), debounceFor(this.model.debounce, changed));
  }

  private flushSelection(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.queued === null || this.disposed) return;
    const selection = this.queued;
    this.queued = null;
    const text = JSON.stringify(selection);
    if (text === this.lastSent) return;
    this.lastSent = text;
    this.model.selections = selection;
  }
}
