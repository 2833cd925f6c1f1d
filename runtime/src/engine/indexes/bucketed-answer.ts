/**
 * A selection's answer from a bucketed index: each box is decided by the filter as a
 * whole where it can be (its cells are then taken or skipped together), and the boxes it
 * cuts are read row by row, each row tested exactly. The kept cells and rows combine per
 * output group as Vega's aggregate would have combined the kept rows.
 */
import type { RowFunction } from '../expressions/row-function.js';
import type { Row } from '../types.js';
import { ALL, MIXED, NONE, RANGE, createBox, type BoxFilter } from './box-filter.js';
import type { BucketedIndex } from './bucketed.js';
import { foldOnly } from './bucketed-boxes.js';
import { addValue, createFoldState, foldValue, type FoldState } from '../transforms/vega-folds.js';

/** What one answer read: boxes taken whole, boxes read row by row, rows tested. */
export interface AnswerStats {
  wholeBoxes: number;
  cutBoxes: number;
  rowsTested: number;
}

/**
 * The aggregate's rows for the rows the filter keeps, in Vega's order, then the rows every
 * one of `tail` keeps. `rowTest` is the filter as a function of a row, asked only for rows
 * the box filter cannot decide alone.
 */
export function answerBucketed(
  index: BucketedIndex, filter: BoxFilter, rowTest: () => RowFunction, tail: readonly RowFunction[],
): { rows: Row[]; stats: AnswerStats } {
  const { layout, groups } = index;
  const dims = layout.dims.length;
  const onlyFolded = foldOnly(layout);
  // Inputs whose partials the cells and rows add (an input only folded has none).
  const flags = layout.inputs.map((i) => i.kind === 'flag');
  const summed = layout.inputs.map((_, k) => !onlyFolded.has(k));
  const inputs = layout.inputs.length;
  const count = new Float64Array(groups);
  const least = new Float64Array(groups).fill(Infinity);
  const firstRow = new Int32Array(groups).fill(-1);
  const sum = Array.from({ length: inputs }, () => new Float64Array(groups));
  const valid = Array.from({ length: inputs }, () => new Float64Array(groups));
  const min = Array.from({ length: inputs }, (_, k) => (flags[k] ? new Float64Array(0) : new Float64Array(groups).fill(NaN)));
  const max = Array.from({ length: inputs }, (_, k) => (flags[k] ? new Float64Array(0) : new Float64Array(groups).fill(NaN)));
  const stats: AnswerStats = { wholeBoxes: 0, cutBoxes: 0, rowsTested: 0 };

  const takeCell = (c: number): void => {
    const g = index.cellGroup[c];
    count[g] += index.cellCount[c];
    if (index.cellOrder[c] < least[g]) {
      least[g] = index.cellOrder[c];
      firstRow[g] = index.cellFirst[c];
    }
    for (let k = 0; k < inputs; k++) {
      if (!summed[k]) continue;
      sum[k][g] += index.cellSum[k][c];
      if (flags[k]) continue;
      valid[k][g] += index.cellValid[k][c];
      const lo = index.cellMin[k][c];
      const hi = index.cellMax[k][c];
      if (lo < min[k][g] || Number.isNaN(min[k][g])) min[k][g] = lo;
      if (hi > max[k][g] || Number.isNaN(max[k][g])) max[k][g] = hi;
    }
  };
  const takeRow = (j: number): void => {
    const g = index.group[j];
    count[g]++;
    if (index.order[j] < least[g]) {
      least[g] = index.order[j];
      firstRow[g] = j;
    }
    for (let k = 0; k < inputs; k++) {
      if (!summed[k]) continue;
      const x = index.inputs[k][j];
      if (flags[k]) {
        sum[k][g] += x;
        continue;
      }
      if (Number.isNaN(x)) continue;
      sum[k][g] += x;
      valid[k][g]++;
      if (x < min[k][g] || Number.isNaN(min[k][g])) min[k][g] = x;
      if (x > max[k][g] || Number.isNaN(max[k][g])) max[k][g] = x;
    }
  };

  // With folds: the kept rows marked by their place in Vega's order.
  const foldRank = index.foldRank;
  const kept = foldRank ? new Int32Array((index.rows + 31) >>> 5) : undefined;
  const keep = (j: number): void => {
    const q = foldRank![j];
    kept![q >>> 5] |= 1 << (q & 31);
  };
  const box = createBox(dims);
  const point = createBox(dims);
  let test: RowFunction | undefined;
  const datumOf = (j: number): Record<string, unknown> => {
    const datum: Record<string, unknown> = {};
    layout.dims.forEach((col, i) => {
      const kind = index.kinds[i] ? index.kinds[i]![j] : RANGE;
      const v = index.values[i][j];
      const codes = index.codes[i];
      datum[col.name] = kind === RANGE ? (codes ? codes[v] : col.type === 'date' ? new Date(v) : v) : kind === 2 ? NaN : null;
    });
    return datum;
  };
  for (let b = 0; b < index.boxes; b++) {
    const r0 = index.rowStart[b];
    const r1 = index.rowStart[b + 1];
    if (r0 === r1) continue;
    for (let i = 0; i < dims; i++) {
      box.kind[i] = index.boxKind[i][b];
      box.lo[i] = index.boxLo[i][b];
      box.hi[i] = index.boxHi[i][b];
    }
    const t = filter(box);
    if (t === NONE) continue;
    if (t === ALL) {
      stats.wholeBoxes++;
      for (let c = index.cellStart[b]; c < index.cellStart[b + 1]; c++) takeCell(c);
      if (kept) for (let j = r0; j < r1; j++) keep(j);
      continue;
    }
    stats.cutBoxes++;
    // The box's sub-boxes, each decided whole where it can be; rows tested in the rest.
    for (let f = b * index.subsPerBox; f < (b + 1) * index.subsPerBox; f++) {
      const f0 = index.fineStart[f];
      const f1 = index.fineStart[f + 1];
      if (f0 === f1) continue;
      for (let i = 0; i < dims; i++) {
        box.kind[i] = index.fineKind[i][f];
        box.lo[i] = index.fineLo[i][f];
        box.hi[i] = index.fineHi[i][f];
      }
      const u = filter(box);
      if (u === NONE) continue;
      if (u === ALL) {
        for (let j = f0; j < f1; j++) takeRow(j);
        if (kept) for (let j = f0; j < f1; j++) keep(j);
        continue;
      }
      testRows(f0, f1);
    }
  }

  function testRows(r0: number, r1: number): void {
    stats.rowsTested += r1 - r0;
    for (let j = r0; j < r1; j++) {
      for (let i = 0; i < dims; i++) {
        const kind = index.kinds[i] ? index.kinds[i]![j] : RANGE;
        point.kind[i] = kind;
        point.lo[i] = point.hi[i] = index.values[i][j];
      }
      let verdict = filter(point);
      if (verdict === MIXED) {
        test ??= rowTest();
        verdict = test(datumOf(j)) ? ALL : NONE;
      }
      if (verdict === ALL) {
        takeRow(j);
        if (kept) keep(j);
      }
    }
  }

  const folded = kept ? foldKept(index, kept) : undefined;
  const out: Row[] = [];
  const order: number[] = [];
  for (let g = 0; g < groups; g++) if (firstRow[g] >= 0) order.push(g);
  order.sort((a, b) => least[a] - least[b]);
  for (const g of order) {
    const row: Row = {};
    for (const o of layout.outputs) {
      switch (o.from) {
        case 'group': row[o.name] = index.groupValues[g][o.dim]; break;
        case 'first': {
          const ms = index.firsts[o.first][firstRow[g]];
          row[o.name] = Number.isNaN(ms) ? null : new Date(ms);
          break;
        }
        case 'count': row[o.name] = count[g]; break;
        case 'flags': row[o.name] = sum[o.input][g]; break;
        // Undefined to Vega (no valid value) reads NaN, as in the plain query.
        case 'fold': row[o.name] = foldValue(folded![o.input]![g], o.op); break;
        // + 0 turns a sum of negative zeros into Vega's 0 (it starts from 0).
        case 'sum': row[o.name] = valid[o.input][g] > 0 ? sum[o.input][g] + 0 : NaN; break;
        default: {
          const v = (o.from === 'min' ? min : max)[o.input][g];
          row[o.name] = Number.isNaN(v) ? null : o.type === 'date' ? new Date(v) : v;
        }
      }
    }
    out.push(row);
  }
  return { rows: tail.reduce<Row[]>((rs, keep) => rs.filter((r) => keep(r)), out), stats };
}

/** Folds each folded input over the kept rows, group by group, in Vega's row order. */
function foldKept(index: BucketedIndex, kept: Int32Array): (FoldState[] | undefined)[] {
  const { groups } = index;
  const group = index.foldGroup!;
  const values = index.foldValues!;
  const states = values.map((v) => (v ? Array.from({ length: groups }, createFoldState) : undefined));
  const folds = index.layout.folds;
  for (let w = 0; w < kept.length; w++) {
    let bits = kept[w];
    while (bits !== 0) {
      const low = bits & -bits;
      const q = (w << 5) + (31 - Math.clz32(low));
      bits ^= low;
      const g = group[q];
      for (const k of folds) {
        const v = values[k]![q];
        // NaN marks a value Vega skips (missing or not a number).
        if (Number.isNaN(v)) continue;
        addValue(states[k]![g], v);
      }
    }
  }
  return states;
}
