/**
 * Rules, ticks, lines and areas drawn by the runtime against plain Vega, pixel by pixel:
 * Vega-Lite specs planned with every eligible mark drawn as an image (threshold 0), fed
 * by a real runtime, rendered by Vega's canvas renderer in Node (on @napi-rs/canvas)
 * beside the same specs in plain Vega, at 1x and 2x. What differs by necessity: the
 * antialiasing of path edges (16 x 16 samples a pixel here, Skia's own coverage there).
 * The exact shares are printed for the record.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as vega from 'vega';
import type { RuntimeHandle } from '../../../../runtime/src/index.js';
import { defaultDataRoot } from '../../../../runtime/src/config.js';
import { createPlannedChart, type RuntimeConnection } from '../../src/client/index.js';
import { compileToVega } from '../../src/planner/index.js';
import type { RuntimeCapabilities } from '../../src/planner/types.js';
import { comparePixels, renderPixels } from './support/pixels.js';
import { closeTestSession, startTestSession } from '../client/test-session.js';

const x = { field: 'date', type: 'temporal' };
const SPECS: Record<string, unknown> = {
  strip: { data: { url: 'data/cars.json' }, mark: 'tick', encoding: { x: { field: 'Horsepower', type: 'quantitative' }, y: { field: 'Origin', type: 'nominal' } } },
  rug: { data: { url: 'data/cars.json' }, mark: 'rule', encoding: { x: { field: 'Horsepower', type: 'quantitative' } } },
  'slanted rules': {
    data: { url: 'data/cars.json' }, mark: { type: 'rule', strokeCap: 'round', strokeWidth: 1.5 },
    encoding: {
      x: { field: 'Horsepower', type: 'quantitative' }, x2: { field: 'Displacement' },
      y: { field: 'Miles_per_Gallon', type: 'quantitative' }, y2: { field: 'Acceleration' }, color: { field: 'Origin', type: 'nominal' },
    },
  },
  'multi-series line': { data: { url: 'data/stocks.csv' }, mark: 'line', encoding: { x, y: { field: 'price', type: 'quantitative' }, color: { field: 'symbol', type: 'nominal' } } },
  'line with gaps': {
    data: { url: 'data/seattle-weather.csv' }, mark: { type: 'line', strokeJoin: 'round', strokeCap: 'round', strokeWidth: 3 },
    transform: [{ calculate: 'datum.precipitation > 0 ? null : datum.temp_max', as: 'dry_max' }],
    encoding: { x, y: { field: 'dry_max', type: 'quantitative' } },
  },
  area: {
    data: { url: 'data/stocks.csv' }, mark: 'area', transform: [{ filter: 'datum.symbol === "GOOG"' }],
    encoding: { x, y: { field: 'price', type: 'quantitative' } },
  },
  'stacked area': {
    data: { url: 'data/stocks.csv' }, mark: { type: 'area', opacity: 0.8 },
    encoding: { x, y: { field: 'price', type: 'quantitative', stack: true }, color: { field: 'symbol', type: 'nominal' } },
  },
};

/** Channel difference (0-255) within which two pixels count as the same. */
const TOLERANCE = 16;

let runtime: RuntimeHandle;
let connection: RuntimeConnection;
let capabilities: RuntimeCapabilities;

beforeAll(async () => {
  ({ runtime, connection, capabilities } = await startTestSession());
});

afterAll(() => closeTestSession({ runtime, connection }));

const viewOf = (spec: vega.Spec) => new vega.View(vega.parse(spec), { renderer: 'none', loader: vega.loader({ baseURL: `${defaultDataRoot()}/`, mode: 'file' }) });

describe.each([1, 2])('paths drawn by the runtime at pixel ratio %i', (ratio) => {
  it.each(Object.keys(SPECS))('%s renders as plain Vega does', async (name) => {
    const spec = SPECS[name];
    const plain = viewOf(compileToVega(spec));
    const errors: string[] = [];
    const chart = await createPlannedChart({
      spec, connection, coalesce: 'microtask',
      planOptions: { capabilities, imageMarks: { threshold: 0, pixelRatio: ratio } },
      mount: (plan) => {
        const view = viewOf(plan.clientSpec);
        return Promise.resolve({ view, finalize: () => view.finalize() });
      },
      onError: (e) => errors.push(e.message),
    });
    try {
      await chart.whenSettled();
      await plain.runAsync();
      expect(errors).toEqual([]);
      const entry = chart.plan.report.entries.find((e) => e.kind === 'mark');
      expect(entry?.status, entry?.reason).toBe('server');
      const a = await renderPixels(plain, ratio);
      const b = await renderPixels(chart.view, ratio);
      const c = comparePixels(a, b, TOLERANCE);
      const share = c.within / c.pixels;
      const inkShare = c.inkedWithin / c.inked;
      const figures = `${name} @${ratio}x: ${(100 * share).toFixed(2)}% of ${c.pixels} pixels within ${TOLERANCE}, ${(100 * inkShare).toFixed(2)}% of ${c.inked} inked pixels`;
      process.stdout.write(`${figures}\n`);
      expect(share, figures).toBeGreaterThanOrEqual(0.98);
      expect(inkShare, figures).toBeGreaterThanOrEqual(0.95);
    } finally {
      chart.dispose();
      plain.finalize();
    }
  });
});
