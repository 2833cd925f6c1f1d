/**
 * DuckDB scalar functions that run Vega's aggregate folds (vega-folds.ts) over ordered
 * lists, so that SQL can hand over `list(x ORDER BY ...)` and get Vega's exact doubles.
 * A fold is sequential by nature; DuckDB's own list_reduce runs one lambda step per
 * element (tens of seconds for a single list of millions), while this runs it in a
 * JavaScript loop. Registered once per database (functions are shared by its connections).
 *
 *   vf_fold(values DOUBLE[], op VARCHAR) -> DOUBLE
 *   vf_fold_window(values DOUBLE[], i0 DOUBLE[], i1 DOUBLE[], op VARCHAR) -> DOUBLE[]
 *
 * A NULL element is a value Vega skips. NULL arguments give NULL (DuckDB's default).
 */
import {
  DOUBLE, DuckDBDoubleVector, DuckDBListVector, DuckDBScalarFunction, DuckDBVarCharVector, LIST, VARCHAR,
  listValue, type DuckDBConnection, type DuckDBScalarFunctionInfo, type DuckDBVector,
} from '@duckdb/node-api';
import { foldValues, foldWindow, isFoldOp, type FoldOp, type ValueAt } from './vega-folds.js';

/** SQL name of the fold over a whole list. */
export const FOLD_FUNCTION = 'vf_fold';
/** SQL name of the fold over a sorted partition with per-row frames. */
export const FOLD_WINDOW_FUNCTION = 'vf_fold_window';

class FoldInputError extends Error {}

function listArg(v: DuckDBVector): DuckDBListVector {
  if (!(v instanceof DuckDBListVector)) throw new FoldInputError('expected a DOUBLE[] argument');
  return v;
}

function doubles(list: DuckDBListVector): DuckDBDoubleVector {
  const child = list.childVector;
  if (!(child instanceof DuckDBDoubleVector)) throw new FoldInputError('expected a DOUBLE[] argument');
  return child;
}

function opArg(v: DuckDBVector, row: number): FoldOp {
  const op = v instanceof DuckDBVarCharVector ? v.getItem(row) : null;
  if (!isFoldOp(op)) throw new FoldInputError(`unknown fold op ${JSON.stringify(op)}`);
  return op;
}

/** Row `row` of a list argument as an accessor over its elements, or null for a NULL list. */
function elements(list: DuckDBListVector, row: number): { count: number; at: ValueAt } | null {
  if (list.getItem(row) === null) return null;
  const child = doubles(list);
  const offset = list.getEntryOffset(row);
  return { count: list.getEntryLength(row), at: (i) => child.getItem(offset + i) };
}

function guarded(name: string, info: DuckDBScalarFunctionInfo, body: () => void): void {
  try {
    body();
  } catch (error) {
    // An exception must not cross into DuckDB's thread; the query fails with the message.
    info.setError(`${name}: ${(error as Error).message}`);
  }
}

function createFold(): DuckDBScalarFunction {
  return DuckDBScalarFunction.create({
    name: FOLD_FUNCTION,
    returnType: DOUBLE,
    parameterTypes: [LIST(DOUBLE), VARCHAR],
    mainFunction: (info, input, output) => guarded(FOLD_FUNCTION, info, () => {
      const lists = listArg(input.getColumnVector(0));
      const ops = input.getColumnVector(1);
      for (let r = 0; r < input.rowCount; r++) {
        const e = elements(lists, r);
        output.setItem(r, e ? foldValues(opArg(ops, r), e.count, e.at) : null);
      }
      output.flush();
    }),
  });
}

function createFoldWindow(): DuckDBScalarFunction {
  return DuckDBScalarFunction.create({
    name: FOLD_WINDOW_FUNCTION,
    returnType: LIST(DOUBLE),
    parameterTypes: [LIST(DOUBLE), LIST(DOUBLE), LIST(DOUBLE), VARCHAR],
    mainFunction: (info, input, output) => guarded(FOLD_WINDOW_FUNCTION, info, () => {
      const values = listArg(input.getColumnVector(0));
      const starts = listArg(input.getColumnVector(1));
      const ends = listArg(input.getColumnVector(2));
      const ops = input.getColumnVector(3);
      for (let r = 0; r < input.rowCount; r++) {
        const v = elements(values, r);
        const s = elements(starts, r);
        const e = elements(ends, r);
        if (!v || !s || !e) {
          output.setItem(r, null);
          continue;
        }
        const frames = (i: number): [number, number] => [s.at(i) ?? 0, e.at(i) ?? 0];
        output.setItem(r, listValue(foldWindow(opArg(ops, r), v.count, v.at, frames)));
      }
      output.flush();
    }),
  });
}

/** Registers the fold functions on a connection's database. */
export function registerFoldFunctions(connection: DuckDBConnection): void {
  connection.registerScalarFunction(createFold());
  connection.registerScalarFunction(createFoldWindow());
}
