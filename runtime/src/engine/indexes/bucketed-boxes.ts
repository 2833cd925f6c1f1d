/**
 * Sorting a bucketed index's rows into boxes: quantile cuts per column, each row's box,
 * the boxes' extents, the cells (partials per box and group), the columns in box order.
 */
import { nextTurn } from '../turns.js';
import { RANGE, NULLS } from './box-filter.js';
import type { BucketedIndex, BucketedLayout } from './bucketed-layout.js';
import type { ReadRows } from './bucketed-rows.js';

/** What testing a row of a cut box costs, in cells added (measured: about 8). */
const ROW_COST = 8;

/** Sub-boxes per box along each numeric column, by the number of filtered columns. */
const SUBS: Record<number, number> = { 1: 16, 2: 4, 3: 2 };

/** What a read column is replaced by once copied into box order (so it can be collected). */
const EMPTY = new Float64Array(0);

/** Most cells (boxes times groups) an index plans for. */
const MAX_CELLS = 1 << 21;
const MIN_BUCKETS = 8;
const MAX_BUCKETS = 4096;
const SAMPLE = 1 << 16;
/** Rows a build's loops handle between turns of the event loop (a power of two). */
const ROWS_PER_TURN = 1 << 20;
/** (box, group) pairs numbered through an array up to this many; beyond, through a Map. */
const DENSE_CELLS = 1 << 22;

/** Bucket boundaries of one column: cut points at quantiles of a sample of its numbers. */
function cutsOf(values: Float64Array, kinds: Uint8Array | undefined, buckets: number): Float64Array {
  const n = values.length;
  const step = Math.max(1, Math.floor(n / SAMPLE));
  const sample: number[] = [];
  for (let r = 0; r < n; r += step) if (!kinds || kinds[r] === RANGE) sample.push(values[r]);
  sample.sort((a, b) => a - b);
  const cuts: number[] = [];
  for (let i = 1; i < buckets; i++) {
    const c = sample[Math.floor((i * sample.length) / buckets)];
    if (c !== undefined && (cuts.length === 0 || c > cuts[cuts.length - 1])) cuts.push(c);
  }
  return Float64Array.from(cuts);
}

/**
 * Buckets per column. An update costs about the cells of the boxes it keeps whole (up to
 * B^d boxes times G groups) plus the rows of the boxes it cuts (about 2d N / B at a brush's
 * edges), a row costing about ROW_COST cells (it is tested, a cell only added):
 * B = (2 ROW_COST N / G)^(1 / (d + 1)) balances the two. Given `targetCells`, the boxes
 * times groups aim at it instead (tests use it to put many rows in each box). Bounded so
 * the cells stay within MAX_CELLS.
 */
function bucketsPerColumn(rows: number, groups: number, d: number, targetCells?: number): number {
  const g = Math.min(groups, 4096);
  const balanced = targetCells !== undefined ? (targetCells / g) ** (1 / d) : ((2 * ROW_COST * rows) / g) ** (1 / (d + 1));
  const bounded = Math.min(balanced, (MAX_CELLS / g) ** (1 / d));
  return Math.max(MIN_BUCKETS, Math.min(MAX_BUCKETS, Math.floor(bounded)));
}

/** Slots of the guess table a bucketer keeps (a lookup instead of a search per row). */
const GUESS_SLOTS = 1 << 16;

/**
 * The bucket of a number: how many cuts are at most it (equal values share a bucket). A
 * table over equal slices of the cuts' range gives a first guess, corrected by a step or
 * two, so rounding in the slice arithmetic cannot make it wrong.
 */
export function bucketer(cuts: Float64Array): (v: number) => number {
  const n = cuts.length;
  if (n === 0) return () => 0;
  const first = cuts[0];
  const last = cuts[n - 1];
  const scale = GUESS_SLOTS / (last - first);
  if (!(last > first) || !Number.isFinite(last - first) || !Number.isFinite(scale)) {
    // Infinite cuts, or a range too narrow to slice: a binary search.
    return (v) => {
      let lo = 0;
      let hi = n;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (cuts[mid] <= v) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    };
  }
  const guess = new Int32Array(GUESS_SLOTS + 1);
  for (let s = 0, b = 0; s <= GUESS_SLOTS; s++) {
    const left = first + s / scale;
    while (b < n && cuts[b] <= left) b++;
    guess[s] = b;
  }
  return (v) => {
    if (v < first) return 0;
    if (v >= last) return n;
    let b = guess[Math.min(GUESS_SLOTS, Math.floor((v - first) * scale))];
    while (b > 0 && cuts[b - 1] > v) b--;
    while (b < n && cuts[b] <= v) b++;
    return b;
  };
}

/**
 * Sorts the rows into boxes and sums their cells. Every pass streams over the rows (the
 * cells summed in read order, then each column copied into box order, one run per box);
 * the event loop gets a turn between passes, and an aborted `signal` stops the sort there.
 */
export async function sortIntoBoxes(
  layout: BucketedLayout, read: ReadRows, groupValues: unknown[][], codes: (unknown[] | undefined)[], targetCells: number | undefined,
  signal?: AbortSignal,
): Promise<BucketedIndex> {
  const { rows } = read;
  const d = layout.dims.length;
  const groups = Math.max(1, groupValues.length);
  const perColumn = bucketsPerColumn(rows, groups, d, targetCells);
  // Each box is split into sub-boxes (SUBS[d] buckets of each numeric column within its
  // bucket), without cells: a box a brush cuts is decided sub-box by sub-box, so only the
  // rows of the sub-boxes it cuts are tested one by one.
  const subs = read.values.map((_, i) => (codes[i] ? 1 : SUBS[d] ?? 1));
  const subsPerBox = subs.reduce((a, b) => a * b, 1);
  // Per column: the fine numeric buckets, then one for nulls and one for NaN.
  // A coded column gets a bucket per value: its boxes are always decided exactly.
  const cuts = read.values.map((v, i) => (codes[i] ? Float64Array.from({ length: Math.max(0, codes[i]!.length - 1) }, (_, c) => c + 1) : cutsOf(v, read.kinds[i], perColumn * subs[i])));
  // A box's bucket of a column is `subs` fine buckets.
  const sizes = cuts.map((c, i) => Math.floor(c.length / subs[i]) + 3);
  const strides = sizes.map((_, i) => sizes.slice(i + 1).reduce((a, b) => a * b, 1));
  const subStrides = subs.map((_, i) => subs.slice(i + 1).reduce((a, b) => a * b, 1));
  const boxes = sizes.reduce((a, b) => a * b, 1);
  const fines = boxes * subsPerBox;
  const t0 = performance.now();
  // Each row's sub-box: box * subsPerBox + its place within the box.
  const fineOf = new Int32Array(rows);
  for (let i = 0; i < d; i++) {
    await nextTurn(signal);
    const v = read.values[i];
    const k = read.kinds[i];
    const c = cuts[i];
    const bucketOf = bucketer(c);
    const sub = subs[i];
    const nullBucket = sizes[i] - 2;
    const s = strides[i] * subsPerBox;
    const ss = subStrides[i];
    for (let r = 0; r < rows; r++) {
      const kind = k ? k[r] : RANGE;
      if (kind === RANGE) {
        const f = bucketOf(v[r]);
        const coarse = Math.floor(f / sub);
        fineOf[r] += s * coarse + ss * (f - coarse * sub);
      } else {
        fineOf[r] += s * (kind === NULLS ? nullBucket : nullBucket + 1);
      }
    }
  }
  // Counting sort by sub-box, stable (rows of a sub-box keep their read order).
  await nextTurn(signal);
  const t1 = performance.now();
  const fineStart = new Int32Array(fines + 1);
  for (let r = 0; r < rows; r++) fineStart[fineOf[r] + 1]++;
  for (let b = 0; b < fines; b++) fineStart[b + 1] += fineStart[b];
  const rowStart = new Int32Array(boxes + 1);
  for (let b = 0; b <= boxes; b++) rowStart[b] = fineStart[b * subsPerBox];
  // Each row's place in box order.
  const pos = new Int32Array(rows);
  const next = fineStart.slice(0, fines);
  for (let r = 0; r < rows; r++) pos[r] = next[fineOf[r]]++;

  // Each sub-box's extent per column, and each box's (over its sub-boxes).
  await nextTurn(signal);
  const fineKind = layout.dims.map(() => new Uint8Array(fines));
  const fineLo = layout.dims.map(() => new Float64Array(fines).fill(Infinity));
  const fineHi = layout.dims.map(() => new Float64Array(fines).fill(-Infinity));
  for (let i = 0; i < d; i++) boxExtents(read.values[i], read.kinds[i], fineOf, fineKind[i], fineLo[i], fineHi[i]);
  // Each row's box.
  const boxOf = fineOf;
  for (let r = 0; r < rows; r++) boxOf[r] = Math.floor(fineOf[r] / subsPerBox);
  const boxKind = layout.dims.map(() => new Uint8Array(boxes));
  const boxLo = layout.dims.map(() => new Float64Array(boxes).fill(Infinity));
  const boxHi = layout.dims.map(() => new Float64Array(boxes).fill(-Infinity));
  for (let i = 0; i < d; i++) {
    for (let f = 0; f < fines; f++) {
      const b = Math.floor(f / subsPerBox);
      if (fineKind[i][f] !== RANGE) boxKind[i][b] = fineKind[i][f];
      if (fineLo[i][f] < boxLo[i][b]) boxLo[i][b] = fineLo[i][f];
      if (fineHi[i][f] > boxHi[i][b]) boxHi[i][b] = fineHi[i][f];
    }
  }

  // Cells: the partials of each (box, group), numbered in order of first appearance.
  await nextTurn(signal);
  const t2 = performance.now();
  const group = read.group;
  const order = read.order;
  const inputs = read.inputs;
  const dense = boxes * groups <= DENSE_CELLS;
  const cellIndex = dense ? new Int32Array(boxes * groups).fill(-1) : undefined;
  const cellMap = dense ? undefined : new Map<number, number>();
  const most = Math.min(rows, boxes * groups);
  const flags = layout.inputs.map((inp) => inp.kind === 'flag');
  const onlyFolded = foldOnly(layout);
  let cap = Math.min(most, 1 << 16);
  let cellBox = new Int32Array(cap);
  let cellGroup = new Int32Array(cap);
  let cellCount = new Float64Array(cap);
  let cellOrder = new Float64Array(cap);
  let cellFirst = new Int32Array(cap);
  let cellSum = inputs.map(() => new Float64Array(cap));
  let cellValid = inputs.map((_, k) => new Float64Array(flags[k] ? 0 : cap));
  let cellMin = inputs.map((_, k) => new Float64Array(flags[k] ? 0 : cap));
  let cellMax = inputs.map((_, k) => new Float64Array(flags[k] ? 0 : cap));
  const grow = <T extends Float64Array | Int32Array>(a: T, n: number): T => {
    const out = new (a.constructor as new (n: number) => T)(n);
    out.set(a);
    return out;
  };
  let cells = 0;
  for (let r = 0; r < rows; r++) {
    if ((r & (ROWS_PER_TURN - 1)) === ROWS_PER_TURN - 1) await nextTurn(signal);
    const g = group[r];
    const key = boxOf[r] * groups + g;
    let c = dense ? cellIndex![key] : cellMap!.get(key) ?? -1;
    if (c < 0) {
      if (cells === cap) {
        cap = Math.min(most, cap * 2);
        cellBox = grow(cellBox, cap); cellGroup = grow(cellGroup, cap); cellCount = grow(cellCount, cap);
        cellOrder = grow(cellOrder, cap); cellFirst = grow(cellFirst, cap);
        cellSum = cellSum.map((a) => grow(a, cap));
        cellValid = cellValid.map((a, k) => (flags[k] ? a : grow(a, cap)));
        cellMin = cellMin.map((a, k) => (flags[k] ? a : grow(a, cap)));
        cellMax = cellMax.map((a, k) => (flags[k] ? a : grow(a, cap)));
      }
      c = cells++;
      if (dense) cellIndex![key] = c;
      else cellMap!.set(key, c);
      cellBox[c] = boxOf[r];
      cellGroup[c] = g;
      cellOrder[c] = Infinity;
      for (let k = 0; k < inputs.length; k++) if (!flags[k]) { cellMin[k][c] = NaN; cellMax[k][c] = NaN; }
    }
    cellCount[c]++;
    if (order[r] < cellOrder[c]) {
      cellOrder[c] = order[r];
      cellFirst[c] = r;
    }
    for (let k = 0; k < inputs.length; k++) {
      const x = inputs[k][r];
      if (flags[k]) {
        cellSum[k][c] += x;
        continue;
      }
      if (Number.isNaN(x)) continue;
      cellSum[k][c] += x;
      cellValid[k][c]++;
      if (!(x >= cellMin[k][c])) cellMin[k][c] = x;
      if (!(x <= cellMax[k][c])) cellMax[k][c] = x;
    }
  }
  // The cells grouped by box (counting sort of the cells, which are few).
  await nextTurn(signal);
  const t3 = performance.now();
  const cellStart = new Int32Array(boxes + 1);
  for (let c = 0; c < cells; c++) cellStart[cellBox[c] + 1]++;
  for (let b = 0; b < boxes; b++) cellStart[b + 1] += cellStart[b];
  const at = cellStart.slice(0, boxes);
  const cellPerm = new Int32Array(cells);
  for (let c = 0; c < cells; c++) cellPerm[at[cellBox[c]]++] = c;
  const byBox = <T extends Float64Array | Int32Array>(a: T): T => {
    const out = new (a.constructor as new (n: number) => T)(cells);
    for (let j = 0; j < cells; j++) out[j] = a[cellPerm[j]];
    return out;
  };
  // The rows' columns in box order, so an update reads a cut box's rows in sequence. Each
  // copy streams over the rows and writes one run per box. A column read is let go once
  // copied (and the fold arrays take the read arrays as they are where the read is in
  // Vega's order), so the build holds little more than the index at its peak.
  await nextTurn(signal);
  const scatter = <T extends Float64Array | Int32Array | Uint16Array | Uint8Array>(src: ArrayLike<number>, out: T): T => {
    for (let r = 0; r < rows; r++) out[pos[r]] = src[r];
    return out;
  };
  const firstRows = byBox(cellFirst);
  for (let c = 0; c < cells; c++) firstRows[c] = pos[firstRows[c]];
  // Vega folds a group's kept rows in their order: each row's rank in that order, and the
  // group and folded values laid out by rank.
  let folds: Pick<BucketedIndex, 'foldRank' | 'foldGroup' | 'foldValues'> = {};
  if (layout.folds.length > 0) {
    await nextTurn(signal);
    const byRank = vegaOrder(order);
    const foldRank = new Int32Array(rows);
    const narrow = groupValues.length <= 0xffff;
    const foldGroup = narrow ? new Uint16Array(rows) : byRank ? new Int32Array(rows) : group;
    const foldValues: (Float64Array | undefined)[] = inputs.map(() => undefined);
    if (byRank) {
      for (const k of layout.folds) foldValues[k] = new Float64Array(rows);
      for (let q = 0; q < rows; q++) {
        const r = byRank[q];
        foldRank[pos[r]] = q;
        foldGroup[q] = group[r];
        for (const k of layout.folds) foldValues[k]![q] = inputs[k][r];
      }
    } else {
      for (let r = 0; r < rows; r++) foldRank[pos[r]] = r;
      if (narrow) foldGroup.set(group);
      for (const k of layout.folds) foldValues[k] = inputs[k] as Float64Array;
    }
    folds = { foldRank, foldGroup, foldValues };
  }
  await nextTurn(signal);
  const values = read.values.map((v, i) => {
    const out = scatter(v, new Float64Array(rows));
    read.values[i] = EMPTY;
    return out;
  });
  const kinds = read.kinds.map((k) => (k ? scatter(k, new Uint8Array(rows)) : undefined));
  const boxGroup = groupValues.length <= 0xffff ? scatter(group, new Uint16Array(rows)) : scatter(group, new Int32Array(rows));
  const boxOrder = wholeOrders(order) ? scatter(order, new Int32Array(rows)) : scatter(order, new Float64Array(rows));
  const boxInputs = inputs.map((v, k) => (v instanceof Uint8Array ? scatter(v, new Uint8Array(rows)) : onlyFolded.has(k) ? new Float64Array(0) : scatter(v, new Float64Array(rows))));
  const firsts = read.firsts.map((v) => scatter(v, new Float64Array(rows)));
  const index: BucketedIndex = {
    layout, rows, groups: groupValues.length, groupValues, codes, boxes, rowStart, cellStart, boxKind, boxLo, boxHi,
    subsPerBox, fineStart, fineKind, fineLo, fineHi,
    values, kinds, group: boxGroup, order: boxOrder, inputs: boxInputs, firsts,
    cellGroup: byBox(cellGroup), cellCount: byBox(cellCount), cellOrder: byBox(cellOrder), cellFirst: firstRows,
    cellSum: cellSum.map(byBox), cellValid: cellValid.map((a, k) => (flags[k] ? a : byBox(a))),
    cellMin: cellMin.map((a, k) => (flags[k] ? a : byBox(a))), cellMax: cellMax.map((a, k) => (flags[k] ? a : byBox(a))),
    bytes: 0, buildMs: 0,
    ...folds,
  };
  index.bytes = bytesOf(index);
  index.phases = { groupsMs: 0, readMs: 0, sortMs: 0, bucketsMs: t1 - t0, permMs: t2 - t1, cellsMs: t3 - t2 };
  return index;
}

/** One column's kind and least and greatest number in each sub-box (one pass over the rows). */
function boxExtents(v: Float64Array, k: Uint8Array | undefined, boxOf: Int32Array, kind: Uint8Array, lo: Float64Array, hi: Float64Array): void {
  for (let r = 0; r < v.length; r++) {
    const b = boxOf[r];
    if (k !== undefined && k[r] !== RANGE) {
      kind[b] = k[r];
      continue;
    }
    const x = v[r];
    if (x < lo[b]) lo[b] = x;
    if (x > hi[b]) hi[b] = x;
  }
}

/** The inputs that only folds read (they need no copy in box order). */
export function foldOnly(layout: BucketedLayout): Set<number> {
  const used = new Set<number>();
  for (const o of layout.outputs) if (o.from === 'flags' || o.from === 'sum' || o.from === 'min' || o.from === 'max') used.add(o.input);
  return new Set(layout.folds.filter((k) => !used.has(k)));
}

/**
 * Read rows in Vega's order (ascending order, ties in read order): undefined when the read
 * already is (the usual case: a table's rows come in order), else the read rows by rank.
 */
function vegaOrder(order: Float64Array | Int32Array): Int32Array | undefined {
  let sorted = true;
  for (let r = 1; r < order.length; r++) {
    if (!(order[r - 1] <= order[r])) {
      sorted = false;
      break;
    }
  }
  if (sorted) return undefined;
  const byRank = new Int32Array(order.length);
  for (let r = 0; r < byRank.length; r++) byRank[r] = r;
  byRank.sort((a, b) => order[a] - order[b] || a - b);
  return byRank;
}

/** Whether every order is a 32-bit integer (row numbers of a file or table), kept in half the bytes. */
function wholeOrders(order: Float64Array): boolean {
  for (let j = 0; j < order.length; j++) {
    const o = order[j];
    if (!Number.isInteger(o) || o > 0x7fffffff || o < -0x80000000) return false;
  }
  return true;
}

function bytesOf(index: BucketedIndex): number {
  const arrays: ArrayBufferView[] = [
    index.rowStart, index.cellStart, ...index.boxKind, ...index.boxLo, ...index.boxHi, ...index.values,
    index.fineStart, ...index.fineKind, ...index.fineLo, ...index.fineHi,
    ...index.kinds.filter((k): k is Uint8Array => k !== undefined), index.group, index.order, ...index.inputs, ...index.firsts,
    index.cellGroup, index.cellCount, index.cellOrder, index.cellFirst, ...index.cellSum, ...index.cellValid, ...index.cellMin, ...index.cellMax,
    ...(index.foldRank ? [index.foldRank] : []), ...(index.foldGroup ? [index.foldGroup] : []),
    ...(index.foldValues ?? []).filter((v): v is Float64Array => v !== undefined),
  ];
  return 1024 + arrays.reduce((s, a) => s + a.byteLength, 0) + index.groups * 32 * Math.max(1, index.layout.groupDims.length);
}
