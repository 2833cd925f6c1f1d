/**
 * Image marks against plain Vega, pixel by pixel: Vega-Lite specs planned with every
 * eligible mark drawn by the runtime (threshold 0), fed by a real runtime through the
 * client session, rendered by Vega's own canvas renderer in Node (on @napi-rs/canvas),
 * against the same specs in plain Vega. What differs by necessity: antialiasing at the
 * edges of circles and rings, and overlapping translucent points composited in floats
 * and rounded once instead of rounded at every draw.
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

const SPECS: Record<string, unknown> = {
  scatter: {
    data: { url: 'data/cars.json' }, mark: 'circle',
    encoding: {
      x: { field: 'Horsepower', type: 'quantitative' }, y: { field: 'Miles_per_Gallon', type: 'quantitative' },
      color: { field: 'Origin', type: 'nominal' }, size: { field: 'Acceleration', type: 'quantitative' },
    },
  },
  point: {
    data: { url: 'data/cars.json' }, mark: 'point',
    encoding: { x: { field: 'Horsepower', type: 'quantitative' }, y: { field: 'Miles_per_Gallon', type: 'quantitative' } },
  },
  brushed: {
    data: { url: 'data/cars.json' }, mark: 'circle',
    params: [{ name: 'brush', select: 'interval' }],
    encoding: {
      x: { field: 'Horsepower', type: 'quantitative' }, y: { field: 'Miles_per_Gallon', type: 'quantitative' },
      color: { condition: { param: 'brush', field: 'Origin', type: 'nominal' }, value: 'grey' },
    },
  },
  heatmap: {
    data: { url: 'data/seattle-weather.csv' }, mark: 'rect',
    encoding: {
      x: { field: 'date', timeUnit: 'date', type: 'ordinal' }, y: { field: 'date', timeUnit: 'month', type: 'ordinal' },
      color: { field: 'temp_max', aggregate: 'max', type: 'quantitative' },
    },
  },
};

/** Signals set on both views before comparing (a brush over part of the points). */
const STEPS: Record<string, Record<string, unknown>> = {
  brushed: { brush_x: [60, 150], brush_y: [40, 200] },
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

describe.each([1, 2])('image marks at pixel ratio %i', (ratio) => {
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
      // Signals set before a view's first run are overwritten by their init expressions.
      await plain.runAsync();
      for (const [signal, value] of Object.entries(STEPS[name] ?? {})) {
        plain.signal(signal, value);
        chart.view.signal(signal, value);
      }
      await chart.view.runAsync();
      await chart.whenSettled();
      expect(errors).toEqual([]);
      expect(chart.plan.report.entries.find((e) => e.kind === 'mark')?.status).toBe('server');
      const a = await renderPixels(plain, ratio);
      const b = await renderPixels(chart.view, ratio);
      const c = comparePixels(a, b, TOLERANCE);
      const share = c.within / c.pixels;
      const inkShare = c.inkedWithin / c.inked;
      const figures = `${name} @${ratio}x: ${(100 * share).toFixed(2)}% of ${c.pixels} pixels within ${TOLERANCE}, ${(100 * inkShare).toFixed(2)}% of ${c.inked} inked pixels`;
      expect(share, figures).toBeGreaterThanOrEqual(0.99);
      expect(inkShare, figures).toBeGreaterThanOrEqual(0.95);
    } finally {
      chart.dispose();
      plain.finalize();
    }
  });
});
