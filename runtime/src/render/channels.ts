/**
 * A mark's channels evaluated over the drawn columns, as Vega's encoders evaluate them
 * for each item (`scale(field)`, then `band`, `mult`, `offset`): numbers into typed arrays
 * (an affine scale maps a whole column at once), colors and shapes by distinct value.
 */
import { toRgba, TRANSPARENT } from './colors.js';
import type { DrawColumns } from './columns.js';
import { RenderError } from './errors.js';
import type { Rgba } from './raster.js';
import type { ChannelSpec } from './render-spec.js';
import { mapAffine, type BuiltScale } from './scales.js';

/** A number per row, or one for every row. */
export type NumberChannel = { kind: 'const'; value: number } | { kind: 'rows'; values: Float64Array };

/** A color per row (an index into `palette`), or one for every row. */
export type ColorChannel = { kind: 'const'; value: Rgba } | { kind: 'rows'; index: Uint32Array; palette: Rgba[] };

/** A string per row (an index into `names`), or one for every row. */
export type NameChannel = { kind: 'const'; value: string } | { kind: 'rows'; index: Uint32Array; names: string[] };

/** Distinct values mapped once each; past this many, a value is mapped at each row. */
const MAX_DISTINCT = 65_536;

function scaleOf(ch: ChannelSpec, scales: Map<string, BuiltScale>): BuiltScale | undefined {
  return ch.scale === undefined ? undefined : scales.get(ch.scale);
}

function finish(n: number, ch: ChannelSpec, bandwidth: number): number {
  let v = n;
  if (ch.band !== undefined) v += ch.band * bandwidth;
  if (ch.mult !== undefined) v *= ch.mult;
  if (ch.offset !== undefined) v += ch.offset;
  return v;
}

/** No rule holds for the row. */
const NO_RULE = 255;

/** For each row, the index of the first rule whose test holds (the last rule's when it has no test), else NO_RULE. */
function ruleIndex(rules: (ChannelSpec & { test?: string })[], columns: DrawColumns): Uint8Array {
  const out = new Uint8Array(columns.rows).fill(NO_RULE);
  if (rules.length >= NO_RULE) throw new RenderError('bad_graph', `A channel has ${rules.length} rules; at most ${NO_RULE - 1} are drawn`);
  for (let r = rules.length - 1; r >= 0; r--) {
    const test = rules[r].test;
    if (test === undefined) {
      out.fill(r);
      continue;
    }
    // Later rules first, so the first rule that holds is the one left.
    const values = columns.get(test).values();
    for (let i = 0; i < out.length; i++) if (values[i]) out[i] = r;
  }
  return out;
}

/** A numeric channel (positions, sizes, opacities, widths); `fallback` when the mark leaves it out. */
export function numberChannel(ch: ChannelSpec | undefined, scales: Map<string, BuiltScale>, columns: DrawColumns, fallback: number): NumberChannel {
  if (!ch) return { kind: 'const', value: fallback };
  if (ch.rules) {
    const parts = ch.rules.map((r) => numberChannel(r, scales, columns, fallback));
    const which = ruleIndex(ch.rules, columns);
    const values = new Float64Array(columns.rows);
    for (let i = 0; i < values.length; i++) values[i] = which[i] === NO_RULE ? fallback : numberAt(parts[which[i]], i);
    return { kind: 'rows', values };
  }
  const s = scaleOf(ch, scales);
  const bw = s?.bandwidth ?? 0;
  if (ch.field === undefined) {
    const base = ch.value === undefined ? 0 : s ? Number(s.scale(ch.value)) : Number(ch.value);
    return { kind: 'const', value: finish(base, ch, bw) };
  }
  const col = columns.get(ch.field);
  const out = new Float64Array(columns.rows);
  if (!s) out.set(col.numbers());
  else if (s.affine) mapAffine(s.affine, col.numbers(), out);
  else {
    const values = col.values();
    const memo = new Map<unknown, number>();
    for (let i = 0; i < out.length; i++) {
      const v = values[i];
      let m = memo.get(v);
      if (m === undefined) {
        // d3 maps null to its `unknown` (nothing is drawn); so does the renderer.
        m = v === null || v === undefined ? NaN : Number(s.scale(v));
        if (memo.size < MAX_DISTINCT) memo.set(v, m);
      }
      out[i] = m;
    }
  }
  if (ch.band !== undefined || ch.mult !== undefined || ch.offset !== undefined) {
    for (let i = 0; i < out.length; i++) out[i] = finish(out[i], ch, bw);
  }
  return { kind: 'rows', values: out };
}

/** Distinct mapped values of a channel, numbered in order of first appearance. */
function byDistinct<T>(ch: ChannelSpec & { field: string }, scales: Map<string, BuiltScale>, columns: DrawColumns, map: (v: unknown) => T): { index: Uint32Array; out: T[] } {
  const s = scaleOf(ch, scales);
  const values = columns.get(ch.field).values();
  const index = new Uint32Array(columns.rows);
  const memo = new Map<unknown, number>();
  const out: T[] = [];
  for (let i = 0; i < index.length; i++) {
    const v = values[i];
    let k = memo.get(v);
    if (k === undefined) {
      k = out.push(map(s ? (v === null || v === undefined ? undefined : s.scale(v)) : v)) - 1;
      if (memo.size < MAX_DISTINCT) memo.set(v, k);
    }
    index[i] = k;
  }
  return { index, out };
}

/** A color channel (fill, stroke); absent: nothing drawn with it. */
export function colorChannel(ch: ChannelSpec | undefined, scales: Map<string, BuiltScale>, columns: DrawColumns): ColorChannel {
  if (!ch) return { kind: 'const', value: TRANSPARENT };
  if (ch.rules) {
    const parts = ch.rules.map((r) => colorChannel(r, scales, columns));
    const { index, palette } = joinRules(parts.map((p) => (p.kind === 'const' ? { kind: 'const' as const, value: p.value } : { kind: 'rows' as const, index: p.index, out: p.palette })), ch.rules, columns, TRANSPARENT);
    return { kind: 'rows', index, palette };
  }
  if (ch.field === undefined) {
    const s = scaleOf(ch, scales);
    return { kind: 'const', value: toRgba(s ? s.scale(ch.value) : ch.value) };
  }
  const { index, out } = byDistinct(ch as ChannelSpec & { field: string }, scales, columns, toRgba);
  return { kind: 'rows', index, palette: out };
}

/** A name channel (a symbol's shape). */
export function nameChannel(ch: ChannelSpec | undefined, scales: Map<string, BuiltScale>, columns: DrawColumns, fallback: string): NameChannel {
  if (!ch) return { kind: 'const', value: fallback };
  if (ch.rules) {
    const parts = ch.rules.map((r) => nameChannel(r, scales, columns, fallback));
    const { index, palette } = joinRules(parts.map((p) => (p.kind === 'const' ? { kind: 'const' as const, value: p.value } : { kind: 'rows' as const, index: p.index, out: p.names })), ch.rules, columns, fallback);
    return { kind: 'rows', index, names: palette };
  }
  if (ch.field === undefined) {
    const s = scaleOf(ch, scales);
    return { kind: 'const', value: String(s ? s.scale(ch.value) : ch.value) };
  }
  const { index, out } = byDistinct(ch as ChannelSpec & { field: string }, scales, columns, (v) => String(v ?? fallback));
  return { kind: 'rows', index, names: out };
}

type Part<T> = { kind: 'const'; value: T } | { kind: 'rows'; index: Uint32Array; out: T[] };

/** Rules' channels of distinct values joined into one: their values in one list, each row's index into it. */
function joinRules<T>(parts: Part<T>[], rules: (ChannelSpec & { test?: string })[], columns: DrawColumns, fallback: T): { index: Uint32Array; palette: T[] } {
  const palette: T[] = [fallback];
  const offsets = parts.map((p) => {
    const at = palette.length;
    if (p.kind === 'const') palette.push(p.value);
    else palette.push(...p.out);
    return at;
  });
  const which = ruleIndex(rules, columns);
  const index = new Uint32Array(columns.rows);
  for (let i = 0; i < index.length; i++) {
    const r = which[i];
    if (r === NO_RULE) continue;
    const p = parts[r];
    index[i] = p.kind === 'const' ? offsets[r] : offsets[r] + p.index[i];
  }
  return { index, palette };
}

export function numberAt(c: NumberChannel, i: number): number {
  return c.kind === 'const' ? c.value : c.values[i];
}

export function colorAt(c: ColorChannel, i: number): Rgba {
  return c.kind === 'const' ? c.value : c.palette[c.index[i]];
}

export function nameAt(c: NameChannel, i: number): string {
  return c.kind === 'const' ? c.value : c.names[c.index[i]];
}

/** Every shape a channel can draw must be one the rasterizer knows. */
export function checkShapes(c: NameChannel, known: ReadonlySet<string>): void {
  const names = c.kind === 'const' ? [c.value] : c.names;
  const bad = names.find((n) => !known.has(n));
  if (bad !== undefined) throw new RenderError('unsupported_transform', `Symbol shape "${bad}" is not drawn by the runtime (it draws ${[...known].join(', ')})`, { path: '/encode/shape' });
}
