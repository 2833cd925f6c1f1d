/**
 * Contracts of the SQL engine: how a table flows through a pipeline of Vega transforms as
 * SQL, and what a transform or the expression compiler may ask of its context.
 *
 * Representation in DuckDB (the same for every transform):
 * - Vega numbers are DOUBLE (integers from files are cast), strings VARCHAR, booleans
 *   BOOLEAN; JavaScript Date objects are TIMESTAMP holding the UTC instant (ms precision);
 *   nested objects and arrays are JSON. Vega's `null` and `undefined` are both NULL.
 * - Every relation carries ORDER_COLUMN, a DOUBLE that orders rows the way Vega would
 *   hold them (input order, groups by first appearance, stable sorts). Output is sorted
 *   by it and it is never sent to a client.
 */

export const ORDER_COLUMN = '__vf_order';

export type ValueType = 'number' | 'string' | 'boolean' | 'date' | 'object';

export interface Column {
  name: string;
  type: ValueType;
  /**
   * What a SQL NULL in this column stands for in Vega, when not `null`: `absent`, rows
   * that lack the field (JSON rows without the key); `undefined`, a field Vega sets to
   * undefined (a pivot cell with no valid value). Travels as Arrow field metadata.
   */
  nulls?: 'absent' | 'undefined';
  /**
   * Set by bin on its two output columns, with one token per bin: the end column is a
   * function of the start column (`end` holds the boundaries of Vega's formula), so an
   * aggregate over both groups by the start alone. compilePipeline drops it after any
   * transform that might change the values of columns it passes on.
   */
  bin?: {
    token: string;
    end?: { start: number; step: number };
    /**
     * On the start column of a bin over a number column that is `integral` or has a
     * `distinct` bound: that column (the object itself, so a later transform that
     * replaces it is seen) and the boundaries. An aggregate may then group by the
     * column's values first (few within the range, or few at all) and bin each value once.
     */
    of?: { column: Column; start: number; stop: number; step: number };
  };
  /**
   * An `object` column whose JSON text is exactly its values: they were parsed from JSON
   * text (a JSON file, a spec's inline values), so no Date, NaN or undefined hides in them
   * as a string or a null. Expressions may read into such values.
   */
  exactJson?: true;
  /**
   * A number column holding whole numbers only (read from an integer column of the
   * source): between two bounds it takes no more values than the integers between them.
   */
  integral?: true;
  /**
   * At most this many distinct values (NULL and NaN included) in the whole column, known
   * from how it was computed: a formula of calendar fields (`hours(datum.date)`) and
   * constants. Like `integral`, it lets an aggregate group by the column's values first.
   */
  distinct?: number;
}

export type Schema = Column[];

/** A table as SQL: a SELECT statement producing `schema` plus ORDER_COLUMN. */
export interface Relation {
  sql: string;
  schema: Schema;
  /**
   * The rows come out in order of the order column without sorting: a single scan of a
   * file (or of a table filled in row order) with only projections and filters over it,
   * which DuckDB documents as keeping the order. The final ORDER BY is then left out.
   */
  inOrder?: boolean;
  /**
   * At most this many rows: a source's row count, kept through transforms that never add
   * rows (MAX_ROWS_KEPT in the pipeline). A result known to be within the row limit is
   * read without the LIMIT that guards memory, which costs DuckDB a pass of its own.
   */
  maxRows?: number;
}

/** A compiled expression: SQL text and the Vega type it evaluates to. */
export interface CompiledExpr {
  sql: string;
  /** 'unknown' where the type depends on the data (e.g. null literal). */
  type: ValueType | 'unknown';
  /** At most this many distinct values over all rows, where the expression's form bounds it (Column.distinct). */
  distinct?: number;
}

/** What an expression may refer to besides literals. */
export interface ExprScope {
  /** Columns `datum.x` may name; empty for signal expressions. */
  schema: Schema;
  /** Value of a signal in scope; throws RuntimeError('unknown_signal') if there is none. */
  signal(name: string): unknown;
  /** Rows of a dataset in scope (selection stores for vlSelectionTest), if any. */
  data(name: string): Record<string, unknown>[] | undefined;
  /** The browser's IANA time zone for local-time functions. */
  timeZone: string;
  /** SQL that names the table whose columns `datum` refers to (default: unqualified). */
  datumPrefix?: string;
  /**
   * Makes the compiled SQL conditional on `predicate` (SQL over the row) holding for every
   * row, checked against the data before the SQL is used; `what` says what fails when it
   * does not. Absent: nothing can be checked, and such expressions are not compiled.
   */
  requireAll?(predicate: string, what: string): void;
  /**
   * Rows of `SELECT <select> FROM <the rows the expression reads> WHERE <where> LIMIT
   * <limit>`. Until the pipeline has run that query it throws ProbeNeeded; the pipeline
   * runs it and compiles the transform again. Absent: no such query can run.
   */
  probe?(select: string, where: string, limit: number): Row[];
}

/** Rows returned by a helper query, as plain JS values (numbers, strings, Dates, null). */
export type Row = Record<string, unknown>;

/**
 * A helper query's result by column: DOUBLE columns as typed arrays with an Arrow-layout
 * validity bitmap (absent when nothing is NULL), other columns as JS values.
 */
export interface NumberColumns {
  names: string[];
  rows: number;
  columns: ({ kind: 'double'; values: Float64Array; valid?: Uint8Array } | { kind: 'int' | 'js'; values: ArrayLike<unknown>; valid?: Uint8Array })[];
}

/** What a transform's compile step may ask of the pipeline compiler. */
export interface TransformContext extends Omit<ExprScope, 'schema'> {
  /**
   * Compiles a Vega expression over the columns of `schema`. With `alone`, an expression
   * that would need helper queries or checks over the rows throws instead (for a compile
   * ahead of where the expression runs).
   */
  compileExpr(source: string, schema: Schema, alone?: boolean): CompiledExpr;
  /** Runs a SELECT and returns its rows (for values a transform needs before SQL: extents). */
  queryRows(sql: string): Promise<Row[]>;
  /**
   * Runs a SELECT with DOUBLE columns as typed arrays (transforms that compute over the
   * values of a column in JavaScript: kde, regression). Absent: queryRows serves.
   */
  queryColumns?(sql: string): Promise<NumberColumns>;
  /** Aborts when the request is cancelled; work done in JavaScript checks it between steps. */
  abortSignal?: AbortSignal;
  /** Defines a signal that the transform outputs (bin and extent `signal`). */
  setSignal(name: string, value: unknown): void;
  /** A fresh SQL alias, unique in this pipeline. */
  alias(prefix: string): string;
  /** Another dataset in scope as a relation (lookup's `from`), if the engine has it. */
  dataRelation(name: string): Relation | undefined;
  /** The transforms after this one in the pipeline, as written (lets extent look ahead). */
  upcoming?(): readonly unknown[];
  /** Pipelines of the datasets built on this pipeline's output (extent looks into them too). */
  continuations?(): readonly (readonly unknown[])[];
  /**
   * The key under which a value computed ahead for this transform by another pipeline is
   * found in `prefetched`: the pipeline up to this transform, as JSON (so a value is used
   * only by the transforms it was computed for, however the caches mix pipelines).
   */
  aheadKey?(): string;
  /** Signal values computed ahead by an earlier transform of the pipeline (extents of one scan). */
  prefetched?: Map<string, unknown>;
}

/** Declared type of a transform parameter (as data: the planner checks against it too). */
export type ParamType =
  | 'field' | 'fields' | 'expr' | 'exprs' | 'number' | 'numbers' | 'string' | 'strings'
  | 'boolean' | 'compare' | 'array' | 'any';

export interface ParamDecl {
  name: string;
  type: ParamType;
  required?: boolean;
  /** For enumerated strings: the values allowed. */
  values?: string[];
}

/** A transform spec after `{signal: ...}` parameters were replaced by their values. */
export type TransformSpec = Record<string, unknown> & { type: string };

export interface TransformDefinition {
  /** Vega's transform type name. */
  type: string;
  params: ParamDecl[];
  /** Extra operations this transform supports, announced to planners (aggregate ops...). */
  compile(spec: TransformSpec, input: Relation, ctx: TransformContext): Promise<Relation> | Relation;
}
