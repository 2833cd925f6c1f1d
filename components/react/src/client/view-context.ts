/**
 * Reads, writes and watches signals and datasets of a live Vega view by name and group
 * scope. The top scope goes through the view's public API; a nested scope (a dataset or
 * signal declared inside group marks) is found through the view's runtime context, whose
 * sub-contexts follow the group marks in spec order.
 */
import type { View } from 'vega';
import { ClientError } from './errors.js';
import type { Scope } from '../planner/types.js';

interface OperatorLike {
  value: unknown;
  _update?: unknown;
  targets(): { add(op: unknown): void; remove(op: unknown): void; };
  _targets?: unknown[] | null;
}

interface DatasetRef {
  input: OperatorLike;
  values: OperatorLike;
  modified?: boolean;
}

/** The part of vega-runtime's context the client reads. */
export interface RuntimeContext {
  signals: Record<string, OperatorLike>;
  data: Record<string, DatasetRef>;
  subcontext?: RuntimeContext[];
}

/** Vega's record of data files still loading: evaluation waits for it (vega-dataflow's load.js). */
type PendingLoads = Promise<unknown> & { requests: number; done(): void };

interface ViewInternals {
  _runtime: RuntimeContext;
  /** The timestamp of the last run (vega-dataflow's `stamp()`): 0 before the first. */
  stamp(): number;
  _pending?: PendingLoads | null;
  update(op: OperatorLike, value: unknown): unknown;
  pulse(op: OperatorLike, changes: unknown): unknown;
  on(source: OperatorLike, target: null, handler: () => void): unknown;
}

function internals(view: View): ViewInternals {
  return view as unknown as ViewInternals;
}

const scopeText = (scope: Scope): string => (scope.length ? `[${scope.join(', ')}]` : 'top level');

/** The runtime context of group scope `scope` (outermost group index first). */
export function scopeContext(view: View, scope: Scope): RuntimeContext {
  let ctx = internals(view)._runtime;
  for (let depth = 0; depth < scope.length; depth++) {
    const next = ctx.subcontext?.[scope[depth]];
    if (!next) {
      throw new ClientError('scope_not_found',
        `Group scope ${scopeText(scope)} does not exist in the view (no group ${scope[depth]} at depth ${depth})`);
    }
    ctx = next;
  }
  return ctx;
}

function hasOwn(record: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(record, key);
}

/**
 * The context of `scope` that defines `has`. Group marks with `from` data create one
 * sub-context per item, which shifts the indices of later siblings; when the indexed
 * context lacks the variable, the one later sibling that defines it is taken instead.
 */
function contextDefining(view: View, scope: Scope, has: (ctx: RuntimeContext) => boolean): RuntimeContext {
  if (scope.length === 0) return scopeContext(view, scope);
  const parent = scopeContext(view, scope.slice(0, -1));
  const index = scope[scope.length - 1];
  const indexed = parent.subcontext?.[index];
  if (!indexed || has(indexed)) return scopeContext(view, scope);
  // Repeated groups only push a group's context later, never earlier.
  const defining = (parent.subcontext ?? []).slice(index).filter(has);
  return defining.length === 1 ? defining[0] : indexed;
}

function signalOp(view: View, name: string, scope: Scope): OperatorLike {
  const ctx = contextDefining(view, scope, (c) => hasOwn(c.signals, name));
  if (!hasOwn(ctx.signals, name)) {
    throw new ClientError('unknown_variable', `Signal "${name}" is not defined in the view at ${scopeText(scope)}`);
  }
  return ctx.signals[name];
}

function datasetRef(view: View, name: string, scope: Scope): DatasetRef {
  const ctx = contextDefining(view, scope, (c) => hasOwn(c.data, name));
  if (!hasOwn(ctx.data, name)) {
    throw new ClientError('unknown_variable', `Dataset "${name}" is not defined in the view at ${scopeText(scope)}`);
  }
  return ctx.data[name];
}

/** Whether the view has run (before its first run, its datasets hold no rows yet). */
export function hasRun(view: View): boolean {
  return internals(view).stamp() > 0;
}

/** The current value of a signal. */
export function readSignal(view: View, name: string, scope: Scope): unknown {
  return signalOp(view, name, scope).value;
}

/** The current rows of a dataset (its output after the client's transforms). */
export function readData(view: View, name: string, scope: Scope): object[] {
  const value = datasetRef(view, name, scope).values.value;
  return Array.isArray(value) ? (value as object[]) : [];
}

/** Sets a signal; takes effect on the next `view.runAsync()`. */
export function writeSignal(view: View, name: string, scope: Scope, value: unknown): void {
  if (scope.length === 0) {
    signalOp(view, name, scope); // a clear error for an unknown name
    view.signal(name, value as never);
    return;
  }
  internals(view).update(signalOp(view, name, scope), value);
}

/**
 * Replaces a dataset's rows; takes effect on the next `view.runAsync()`. The new rows'
 * fields are also declared modified, as Vega's own transforms declare the fields they
 * recompute: a downstream aggregate grouping by such a field starts over, as it does in
 * plain Vega, instead of keeping groups made from the old rows.
 */
export function writeData(view: View, name: string, scope: Scope, rows: object[]): void {
  const ref = datasetRef(view, name, scope);
  const changes = view.changeset().remove(() => true).insert(rows);
  const fields = new Set<string>();
  for (const row of rows.slice(0, 1)) for (const field of Object.keys(row)) fields.add(field);
  // A modification whose filter matches no row only marks the field as modified.
  for (const field of fields) changes.modify(() => false, field);
  if (scope.length === 0) {
    view.change(name, changes);
    return;
  }
  ref.modified = true;
  internals(view).pulse(ref.input, changes);
}

function listenOperator(view: View, op: OperatorLike, handler: () => void): () => void {
  internals(view).on(op, null, handler);
  return () => {
    const listener = (op._targets ?? []).find((t) => (t as OperatorLike)._update === handler);
    if (listener) op.targets().remove(listener);
  };
}

/** Calls `handler` whenever the signal changes; returns the unsubscribe function. */
export function listenSignal(view: View, name: string, scope: Scope, handler: () => void): () => void {
  const op = signalOp(view, name, scope);
  if (scope.length === 0) {
    const h = (): void => handler();
    view.addSignalListener(name, h);
    return () => view.removeSignalListener(name, h);
  }
  return listenOperator(view, op, handler);
}

/** Calls `handler` whenever the dataset changes; returns the unsubscribe function. */
export function listenData(view: View, name: string, scope: Scope, handler: () => void): () => void {
  const ref = datasetRef(view, name, scope);
  if (scope.length === 0) {
    const h = (): void => handler();
    view.addDataListener(name, h);
    return () => view.removeDataListener(name, h);
  }
  return listenOperator(view, ref.values, handler);
}

/**
 * Makes the view's runs wait as they wait for a data file still loading, until the
 * returned function is called (once is enough; later calls do nothing). Vega's first run
 * waits for every URL dataset, so signals initialised from data (`init`) see it; values
 * the runtime computes stand for such datasets and must be waited for the same way.
 */
export function holdRuns(view: View): () => void {
  const df = internals(view);
  let pending = df._pending;
  if (!pending) {
    let accept: (value: unknown) => void = () => undefined;
    const created = new Promise((resolve) => { accept = resolve; }) as PendingLoads;
    created.requests = 0;
    created.done = () => {
      if (--created.requests === 0) {
        df._pending = null;
        accept(df);
      }
    };
    df._pending = created;
    pending = created;
  }
  const held = pending;
  held.requests += 1;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    held.done();
  };
}
