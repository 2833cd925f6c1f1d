/**
 * A selection-filtered aggregate answered from an index held in memory (IndexCells): the
 * filter runs once per distinct tuple of the filtered columns, the cells it keeps combine
 * as the index's SQL combines them (CellCombine), and the filters after the aggregate run
 * over its rows. For the tens of thousands of cells of a brushed histogram's index this
 * takes a fraction of a millisecond, where DuckDB spends one or two planning and running
 * the statement.
 */
import type { RowFunction } from '../expressions/row-function.js';
import { RuntimeError } from '../../errors.js';
import { ORDER_COLUMN, type Row } from '../types.js';
import type { CellCombine } from './exact-layout.js';
import type { IndexCells } from './exact-build.js';

/**
 * The aggregate's rows, in Vega's order, for the cells whose filtered columns `keep` is
 * truthy for, then the rows every one of `tail` is truthy for.
 */
export function combineCells(cells: IndexCells, combine: CellCombine, keep: RowFunction, tail: readonly RowFunction[]): Row[] {
  const column = (name: string): readonly unknown[] => {
    const values = cells.columns.get(name);
    if (!values) throw new RuntimeError('internal', `Index cells lack the column "${name}"`);
    return values;
  };
  const passes = new Uint8Array(cells.tuples.length);
  cells.tuples.forEach((t, i) => { passes[i] = keep(t) ? 1 : 0; });
  const { tupleOf, groupOf } = cells;
  const kept = new Int32Array(cells.count);
  let n = 0;
  for (let i = 0; i < cells.count; i++) if (passes[tupleOf[i]] === 1) kept[n++] = i;

  // Each group takes its place by its least order and its dimension values from that cell.
  const order = column(ORDER_COLUMN) as readonly number[];
  const least = new Float64Array(cells.groups).fill(Infinity);
  const first = new Int32Array(cells.groups).fill(-1);
  for (let j = 0; j < n; j++) {
    const i = kept[j];
    const g = groupOf[i];
    if (order[i] < least[g]) {
      least[g] = order[i];
      first[g] = i;
    }
  }
  const outputs = combine.outputs.map((o) => {
    if (o.from.op === 'value') {
      const values = column(o.from.of);
      return (g: number) => values[first[g]];
    }
    // Numbers, or Dates (their milliseconds are what is compared and kept).
    const values = column(o.from.of) as readonly (number | null)[];
    const acc = new Float64Array(cells.groups);
    const seen = new Uint8Array(cells.groups);
    const op = o.from.op;
    for (let j = 0; j < n; j++) {
      const i = kept[j];
      const v = values[i];
      if (v === null) continue;
      const g = groupOf[i];
      if (seen[g] === 0) {
        acc[g] = v;
        seen[g] = 1;
      } else if (op === 'min') {
        if (v < acc[g]) acc[g] = v;
      } else if (op === 'max') {
        if (v > acc[g]) acc[g] = v;
      } else {
        acc[g] += v;
      }
    }
    if (op === 'sum') {
      // The sum of the cells that counted values; NaN when none did. + 0 turns a sum of
      // negative zeros into Vega's 0 (it starts from 0).
      const counts = column(o.from.count) as readonly number[];
      const counted = new Float64Array(cells.groups);
      for (let j = 0; j < n; j++) counted[groupOf[kept[j]]] += counts[kept[j]];
      return (g: number) => (counted[g] > 0 ? acc[g] + 0 : NaN);
    }
    // A count is never NULL; a least or greatest value is NULL where no cell had one, and
    // of dates a Date (compared above by its milliseconds).
    if (o.type === 'date') return (g: number) => (seen[g] === 1 ? new Date(acc[g]) : null);
    return (g: number) => (seen[g] === 1 ? acc[g] : null);
  });
  const rows: Row[] = [];
  const groups = [...first.keys()].filter((g) => first[g] >= 0).sort((a, b) => least[a] - least[b]);
  for (const g of groups) {
    const row: Row = {};
    combine.outputs.forEach((o, k) => { row[o.name] = outputs[k](g); });
    rows.push(row);
  }
  return tail.reduce<Row[]>((rs, test) => rs.filter((r) => test(r)), rows);
}
