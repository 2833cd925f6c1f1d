/**
 * Checks one Vega transform (or expression) against what the runtime announced, and
 * lists the signals and datasets it reads so that the partitioner can check that they
 * are available on the server. Pure capability checks: availability is not decided here.
 */
import type { RuntimeCapabilities } from './types.js';
import { analyzeExpression } from './expression-refs.js';
import { isObject, pointer, type JsonObject } from './json.js';

export interface Requirements {
  /** Why it cannot run on the server (first problem found), if it cannot. */
  reason?: string;
  /** Signal names read (resolved by the caller in the dataset's scope). */
  signals: Set<string>;
  /** Dataset names read (lookup `from`, `data("x")`, selection stores). */
  data: Set<string>;
}

export function emptyRequirements(): Requirements {
  return { signals: new Set(), data: new Set() };
}

/** Capability sets, built once per plan. */
export interface CapabilitySets {
  transforms: Set<string>;
  params: Map<string, Set<string>>;
  aggregateOps: Set<string>;
  windowOps: Set<string>;
  functions: Set<string>;
  formats: Set<string>;
}

export function capabilitySets(c: RuntimeCapabilities): CapabilitySets {
  return {
    transforms: new Set(c.transforms),
    params: new Map(Object.entries(c.transformParams).map(([k, v]) => [k, new Set(v)])),
    aggregateOps: new Set(c.aggregateOps),
    windowOps: new Set(c.windowOps),
    functions: new Set(c.expressionFunctions),
    formats: new Set(c.dataFormats),
  };
}

/**
 * Checks an expression for the server. `rowContext`: `datum` is a row (filter, formula);
 * otherwise it is a signal expression, where `datum` means nothing the runtime has.
 */
export function checkExpression(
  source: string, path: string, rowContext: boolean, caps: CapabilitySets, into: Requirements,
): Requirements {
  if (into.reason) return into;
  const refs = analyzeExpression(source);
  const fail = (reason: string): Requirements => {
    into.reason = reason;
    return into;
  };
  if (refs.error !== undefined) return fail(`Cannot parse expression at ${path}: ${refs.error}`);
  for (const fn of refs.functions) {
    if (!caps.functions.has(fn)) return fail(`Unsupported function "${fn}" in expression at ${path}`);
  }
  if (refs.modified.size > 0) return fail(`Expression at ${path} modifies a dataset`);
  if (refs.dynamicNames) return fail(`Expression at ${path} names a dataset or scale by a computed value`);
  if (refs.scales.size > 0) return fail(`Expression at ${path} reads scale or projection "${[...refs.scales][0]}"`);
  if (refs.usesEvent || refs.usesItem) return fail(`Expression at ${path} reads the view's ${refs.usesEvent ? 'event' : 'item'}`);
  if (refs.opaqueParent || refs.parentFields.size > 0) return fail(`Expression at ${path} reads the enclosing group's datum`);
  if (!rowContext && (refs.opaqueDatum || refs.fields.size > 0)) {
    return fail(`Expression at ${path} reads datum outside a row context`);
  }
  for (const s of refs.signals) into.signals.add(s);
  for (const d of refs.data) into.data.add(d);
  return into;
}

/** Aggregate operation parameters, by transform type, and which op list they draw on. */
const OP_PARAMS: Record<string, { param: string; list: 'aggregateOps' | 'windowOps'; fallback?: string }> = {
  aggregate: { param: 'ops', list: 'aggregateOps', fallback: 'count' },
  joinaggregate: { param: 'ops', list: 'aggregateOps', fallback: 'count' },
  window: { param: 'ops', list: 'windowOps' },
  pivot: { param: 'op', list: 'aggregateOps', fallback: 'sum' },
};

/** Parameters whose string value is an expression over the row. */
const ROW_EXPR_PARAMS: Record<string, string[]> = { filter: ['expr'], formula: ['expr'] };

/**
 * Accessor parameters of the density grid transforms. An accessor expression over a scale
 * (`scale('x', datum.a)`: pixel space, as hand-written Vega usually writes them) stays in
 * the browser: the scale's domain, nice, zero and rounding and its range from the view
 * size are the view's, and the runtime does not compute them.
 */
const ACCESSOR_PARAMS: Record<string, string[]> = { kde2d: ['x', 'y', 'weight'], contour: ['x', 'y', 'weight'] };

/** Raster grid parameters the runtime takes only as numbers (not per-datum expressions). */
const NUMBER_ONLY_PARAMS: Record<string, string[]> = { isocontour: ['scale', 'translate'] };

/** Why a grid transform stays in the browser whatever the runtime announces, if it does. */
function gridTransformReason(t: JsonObject, type: string, path: string): string | undefined {
  for (const p of ACCESSOR_PARAMS[type] ?? []) {
    const v = t[p];
    if (!isObject(v) || typeof v.expr !== 'string') continue;
    const [scale] = analyzeExpression(v.expr).scales;
    if (scale !== undefined) {
      return `Accessor "${p}" of transform "${type}" at ${path} reads scale "${scale}" (pixel space): the view computes that scale, so the transform runs in the browser`;
    }
  }
  for (const p of NUMBER_ONLY_PARAMS[type] ?? []) {
    if (isObject(t[p]) && 'expr' in (t[p] as JsonObject)) return `Per-datum expression "${p}" of transform "${type}" at ${path} is computed in the browser`;
  }
  if (type === 'isocontour' && (t.field === undefined || t.field === null)) {
    return `Transform "isocontour" at ${path} reads rows that are grids themselves (no "field"); computed in the browser`;
  }
  return undefined;
}

/** Checks transform `t` at `path`; the first problem found is the reason. */
export function checkTransform(t: JsonObject, path: string, caps: CapabilitySets): Requirements {
  const req = emptyRequirements();
  const type = typeof t.type === 'string' ? t.type : '';
  if (!caps.transforms.has(type)) {
    req.reason = `Unsupported transform "${type}" at ${path}`;
    return req;
  }
  const params = caps.params.get(type) ?? new Set<string>();
  for (const key of Object.keys(t)) {
    if (key !== 'type' && !params.has(key)) {
      req.reason = `Unsupported parameter "${key}" of transform "${type}" at ${path}`;
      return req;
    }
  }
  const gridReason = gridTransformReason(t, type, path);
  if (gridReason) {
    req.reason = gridReason;
    return req;
  }
  const opSpec = OP_PARAMS[type];
  if (opSpec) {
    const raw = t[opSpec.param];
    const ops = raw === undefined ? (opSpec.fallback ? [opSpec.fallback] : []) : Array.isArray(raw) ? raw : [raw];
    const allowed = caps[opSpec.list];
    for (const op of ops) {
      if (typeof op !== 'string') {
        req.reason = `Operation of transform "${type}" at ${path} is not a literal`;
        return req;
      }
      if (!allowed.has(op)) {
        req.reason = `Unsupported ${opSpec.list === 'windowOps' ? 'window' : 'aggregate'} op "${op}" at ${path}`;
        return req;
      }
    }
  }
  if (type === 'impute' && typeof t.method === 'string' && t.method !== 'value' && !caps.aggregateOps.has(t.method)) {
    req.reason = `Unsupported impute method "${t.method}" at ${path}`;
    return req;
  }
  if (type === 'lookup') {
    if (typeof t.from !== 'string') {
      req.reason = `Lookup at ${path} has no literal "from" dataset`;
      return req;
    }
    req.data.add(t.from);
  }
  const rowExprs = ROW_EXPR_PARAMS[type] ?? [];
  for (const [key, value] of Object.entries(t)) {
    if (key === 'type' || (key === 'signal' && typeof value === 'string') || (type === 'lookup' && key === 'from')) continue;
    const at = pointer(path, key);
    if (rowExprs.includes(key) && typeof value === 'string') {
      checkExpression(value, at, true, caps, req);
    } else {
      checkParamValue(value, at, caps, req);
    }
    if (req.reason) return req;
  }
  return req;
}

/** Walks a parameter value for `{signal}` and `{expr}` references and group field refs. */
function checkParamValue(value: unknown, path: string, caps: CapabilitySets, req: Requirements): void {
  if (req.reason) return;
  if (Array.isArray(value)) {
    value.forEach((v, i) => checkParamValue(v, pointer(path, i), caps, req));
    return;
  }
  if (!isObject(value)) return;
  if (typeof value.signal === 'string') {
    checkExpression(value.signal, pointer(path, 'signal'), false, caps, req);
    return;
  }
  if (typeof value.expr === 'string') {
    checkExpression(value.expr, pointer(path, 'expr'), true, caps, req);
    return;
  }
  for (const key of ['datum', 'parent', 'group']) {
    if (key in value) {
      req.reason = `Field reference to the enclosing group at ${path}`;
      return;
    }
  }
  for (const [k, v] of Object.entries(value)) checkParamValue(v, pointer(path, k), caps, req);
}
