/**
 * Rules, lines and areas drawn row by row, without a runtime: a path is one union (a line
 * that doubles back is drawn once where it overlaps, as a canvas strokes one path), rules
 * counted by place draw what drawing them one by one draws, and an area whose x goes back
 * and forth is refused with a coded error.
 */
import { describe, expect, it } from 'vitest';
import type { DrawColumns } from '../../src/render/columns.js';
import { drawPaths, drawRules } from '../../src/render/draw-paths.js';
import { RenderError } from '../../src/render/errors.js';
import { parseRenderSpec } from '../../src/render/render-spec.js';

/** Columns of plain values (numbers are positions in CSS pixels: no scales). */
function columnsOf(data: Record<string, unknown[]>): DrawColumns {
  const rows = Object.values(data)[0]?.length ?? 0;
  return {
    rows,
    get(field) {
      const values = data[field];
      return { values: () => values, numbers: () => Float64Array.from(values, (v) => (typeof v === 'number' ? v : NaN)) };
    },
  };
}

const spec = (mark: object) => parseRenderSpec(JSON.stringify({ width: 100, height: 50, pixelRatio: 1, clip: true, ...mark }), () => undefined);

describe('paths drawn by the runtime', () => {
  it('draws a line that doubles back once where it overlaps', () => {
    const line = spec({
      mark: 'line', encode: { x: { field: 'x' }, y: { value: 25 }, stroke: { value: '#000' }, strokeWidth: { value: 4 }, strokeOpacity: { value: 0.5 } },
    });
    // Right to 90, back to 10, right to 50: three layers over 10..50.
    const out = drawPaths(line, columnsOf({ x: [10, 90, 10, 50] }), new Map());
    const rgba = out.raster.toRgba8();
    let most = 0;
    for (let i = 3; i < rgba.length; i += 4) most = Math.max(most, rgba[i]);
    // One stroke at alpha 0.5 (three layers composited would reach 0.875).
    expect(most).toBe(128);
    const at = (x: number, y: number) => rgba[(y * out.raster.width + x) * 4 + 3];
    expect(at(30, 25)).toBe(128);
    expect(at(70, 25)).toBe(128);
    expect(at(30, 20)).toBe(0);
  });

  it('breaks a line where a defined field is not a valid number', () => {
    const line = spec({
      mark: 'line', definedFields: ['y'], encode: { x: { field: 'x' }, y: { field: 'y' }, stroke: { value: '#000' }, strokeWidth: { value: 2 } },
    });
    const out = drawPaths(line, columnsOf({ x: [10, 30, 50, 70, 90], y: [25, 25, null, 25, 25] }), new Map());
    const rgba = out.raster.toRgba8();
    const at = (x: number) => rgba[(25 * out.raster.width + x) * 4 + 3];
    expect(at(20)).toBe(255);
    expect(at(80)).toBe(255);
    // No segment reaches the missing point: the gap between 30 and 70 stays empty.
    expect(at(50)).toBe(0);
    expect(out.drawn).toBe(4);
  });

  it('refuses an area whose x goes back and forth', () => {
    const area = spec({ mark: 'area', encode: { x: { field: 'x' }, y: { value: 10 }, y2: { value: 40 }, fill: { value: '#000' } } });
    let error: unknown;
    try {
      drawPaths(area, columnsOf({ x: [10, 50, 30] }), new Map());
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RenderError);
    expect((error as RenderError).code).toBe('unsupported_transform');
  });

  it('counts rules of one look by place and draws what drawing them one by one draws', () => {
    const xs = Array.from({ length: 2000 }, (_, i) => 5 + ((i * 7919) % 9000) / 100);
    const mark = (stroke: object) => spec({
      mark: 'rule', encode: { x: { field: 'x' }, y: { value: 5 }, y2: { value: 45 }, stroke, strokeOpacity: { value: 0.1 }, strokeWidth: { value: 1.5 } },
    });
    const counted = drawRules(mark({ value: '#336699' }), columnsOf({ x: xs, c: xs.map(() => '#336699') }), new Map());
    // A color per row: no one color for the raster, so each rule is drawn by itself.
    const oneByOne = drawRules(mark({ field: 'c' }), columnsOf({ x: xs, c: xs.map(() => '#336699') }), new Map());
    expect(counted.raster.mono).toBeDefined();
    expect(oneByOne.raster.mono).toBeUndefined();
    const a = counted.raster.toRgba8();
    const b = oneByOne.raster.toRgba8();
    let worst = 0;
    for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
    expect(worst).toBeLessThanOrEqual(1);
    expect(counted.drawn).toBe(2000);
  });
});
