/**
 * Streamlit's chart theme (`theme="streamlit"` of `st.altair_chart`), read from the page.
 *
 * Streamlit gives a components-v2 element its theme as CSS custom properties on an
 * ancestor (`--st-text-color`, `--st-background-color`, `--st-font`,
 * `--st-chart-categorical-colors`, ...). The config below follows the one Streamlit
 * applies to its own Vega-Lite charts, built from those properties, so a chart here looks
 * like an `st.altair_chart` beside it and follows the app's light or dark theme.
 */
import { mergeConfig } from 'vega-util';

/** The theme values a chart config needs; what `readStreamlitTheme` reads from the page. */
export interface StreamlitTheme {
  font: string;
  backgroundColor: string;
  textColor: string;
  headingColor: string;
  categorical: string[];
  sequential: string[];
  diverging: string[];
  /** Pixels per rem: Streamlit's sizes are in rem. */
  rem: number;
  /** True when the background is light (Streamlit picks gray shades by it). */
  light: boolean;
}

/** Relative luminance of a CSS color in `#rgb`, `#rrggbb` or `rgb(...)` form; 1 when unknown. */
export function luminance(color: string): number {
  const text = color.trim();
  let rgb: number[] | null = null;
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(text);
  if (hex) {
    const h = hex[1].length === 3 ? hex[1].split('').map((c) => c + c).join('') : hex[1];
    rgb = [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16));
  } else {
    const m = /^rgba?\(([^)]+)\)$/i.exec(text);
    if (m) rgb = m[1].split(/[\s,/]+/).slice(0, 3).map((v) => parseFloat(v));
  }
  if (!rgb || rgb.some((v) => !Number.isFinite(v))) return 1;
  const [r, g, b] = rgb.map((v) => {
    const c = v / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

const list = (value: string): string[] => value.split(',').map((v) => v.trim()).filter((v) => v !== '' && v !== 'unset');

/** The theme Streamlit set on `element`'s ancestors, or null outside a Streamlit page. */
export function readStreamlitTheme(element: Element): StreamlitTheme | null {
  const win = element.ownerDocument.defaultView;
  if (!win) return null;
  const style = win.getComputedStyle(element);
  const prop = (name: string): string => style.getPropertyValue(`--st-${name}`).trim();
  const textColor = prop('text-color');
  const backgroundColor = prop('background-color');
  if (textColor === '' || backgroundColor === '') return null;
  const rootSize = parseFloat(win.getComputedStyle(element.ownerDocument.documentElement).fontSize);
  return {
    font: prop('font') || 'sans-serif',
    backgroundColor,
    textColor,
    headingColor: prop('heading-color') || textColor,
    categorical: list(prop('chart-categorical-colors')),
    sequential: list(prop('chart-sequential-colors')),
    diverging: list(prop('chart-diverging-colors')),
    rem: Number.isFinite(rootSize) && rootSize > 0 ? rootSize : 16,
    light: luminance(backgroundColor) > 0.5,
  };
}

/** Streamlit's Vega-Lite config for its charts, for `theme`. */
export function streamlitChartConfig(theme: StreamlitTheme): Record<string, unknown> {
  const px = (rem: number): number => rem * theme.rem;
  // Streamlit's gray shades: labels gray70 on light, gray30 on dark; grid gray30 / gray85.
  const labelColor = theme.light ? '#808495' : '#e6eaf1';
  const gridColor = theme.light ? '#e6eaf1' : '#31333F';
  const text = { labelFontWeight: 400, labelColor, labelFontStyle: 'normal' };
  const range: Record<string, string[]> = {};
  if (theme.categorical.length > 0) range.category = theme.categorical;
  if (theme.diverging.length > 0) range.diverging = theme.diverging;
  if (theme.sequential.length > 0) {
    range.ramp = theme.sequential;
    range.heatmap = theme.sequential;
  }
  return {
    font: theme.font,
    background: theme.backgroundColor,
    fieldTitle: 'verbal',
    autosize: { type: 'fit', contains: 'padding' },
    title: {
      align: 'left', anchor: 'start', color: theme.headingColor, fontWeight: 600,
      fontSize: px(1), orient: 'top', offset: 26,
    },
    header: {
      titleFontWeight: 400, titleFontSize: px(1), titleColor: labelColor, titleFontStyle: 'normal',
      labelFontSize: px(0.75), ...text,
    },
    axis: {
      labelFontSize: px(0.75), ...text,
      titleFontWeight: 400, titleFontSize: px(0.875), titleColor: labelColor, titleFontStyle: 'normal',
      ticks: false, gridColor, domain: false, domainWidth: 1, domainColor: gridColor,
      labelFlush: true, labelFlushOffset: 1, labelBound: false, labelLimit: 100,
      titlePadding: px(1), labelPadding: px(1), labelSeparation: px(0.25), labelOverlap: true,
    },
    legend: {
      labelFontSize: px(0.875), labelFontWeight: 400, labelColor,
      titleFontSize: px(0.875), titleFontWeight: 400, titleFontStyle: 'normal', titleColor: labelColor,
      titlePadding: px(0.5), labelPadding: px(1), columnPadding: px(0.5), rowPadding: px(0.25),
      padding: px(0.5), symbolStrokeWidth: px(0.25),
    },
    range,
    view: { columns: 1, strokeWidth: 0, stroke: 'transparent', continuousHeight: px(21.875), continuousWidth: px(25) },
    concat: { columns: 1 },
    facet: { columns: 1 },
    mark: { tooltip: { content: 'encoding' }, ...(theme.categorical[0] ? { color: theme.categorical[0] } : {}) },
    bar: { binSpacing: px(0.25), discreteBandSize: { band: 0.85 } },
    axisDiscrete: { grid: false },
    axisXPoint: { grid: false },
    axisTemporal: { grid: false },
    axisXBand: { grid: false },
  };
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The spec with `config` under its own: the spec's config wins, as in `st.altair_chart`. */
export function themedSpec(spec: unknown, config: Record<string, unknown> | null): unknown {
  if (config === null || !isRecord(spec)) return spec;
  const own = isRecord(spec.config) ? spec.config : {};
  return { ...spec, config: mergeConfig(config, own) };
}

/**
 * Calls `onChange` when the theme on `element`'s ancestors changes (the user switches
 * between light and dark): Streamlit swaps the class of the element that carries the
 * custom properties, so its attributes are watched. Returns the unsubscribe function.
 */
export function watchStreamlitTheme(element: Element, onChange: () => void): () => void {
  const win = element.ownerDocument.defaultView;
  if (!win || typeof win.MutationObserver !== 'function') return () => undefined;
  let last = JSON.stringify(readStreamlitTheme(element));
  const observer = new win.MutationObserver((records) => {
    // Only the element's ancestors pass the theme down; the chart's own changes do not count.
    if (!records.some((r) => r.target !== element && r.target.contains(element))) return;
    const now = JSON.stringify(readStreamlitTheme(element));
    if (now === last) return;
    last = now;
    onChange();
  });
  // The app's root (theme classes and styles change there and on the component's wrappers).
  observer.observe(element.ownerDocument.documentElement, { attributes: true, subtree: true, attributeFilter: ['class', 'style'] });
  return () => observer.disconnect();
}
