/**
 * Scale domains computed on the server. Vega derives a data-driven domain from every row
 * of the dataset it names: the distinct values of a field (sorted by an aggregate of
 * another, by value, or in first-seen order) for a discrete scale, the extent for a
 * continuous one. Left as they are, such a domain over a server dataset makes the browser
 * need that dataset's rows. Here each one reads a small server dataset instead:
 *
 * - discrete, `{data: D, field: F, sort: {op, field: G, order}}`: a dataset `D` aggregated
 *   by `F` with `op(G)`, one row per distinct value in first-seen order (as Vega's own
 *   domain aggregate). The domain sorts it by `max` of that value: over one row per value,
 *   `max` is the value itself (an invalid one is undefined, as Vega's op gives), and ties
 *   fall back to first-seen order, exactly Vega's order. Without `op`, the sort is kept.
 * - discrete, several fields (`fields: [{data, field}, ...]`): one such dataset per field,
 *   with its counts and `min`/`max`, and the domain reads their union in the browser,
 *   summing counts (or taking min/max) as Vega does across fields.
 * - continuous: an `extent` transform's signal per field; the domain reads the signal
 *   (several fields: Vega's own multi-field extent of each field's `[min, max]`).
 *
 * Quantile domains (every value) and domains over browser data are left alone. A rewrite
 * is kept only where the dataset's rows then stay on the server (see planScaleDomains).
 */
import { resolvePointer } from './client-spec.js';
import { cloneJson, isObject, objectEntries, pointer, type JsonObject } from './json.js';
import { isFullyOnServer, type DataPlan } from './partition.js';
import type { DataDef, ScopeInfo, SpecModel } from './spec-model.js';
import { accessPath } from './transform-columns.js';
import type { PlanReportEntry } from './types.js';

const DISCRETE = new Set(['ordinal', 'band', 'point', 'bin-ordinal']);
/** Sort ops whose value orders as Vega orders it once taken back by `max` over one row. */
const SORT_OPS = new Set(['count', 'valid', 'missing', 'distinct', 'sum', 'product', 'mean', 'average', 'variance',
  'variancep', 'stdev', 'stdevp', 'stderr', 'median', 'q1', 'q3', 'ci0', 'ci1', 'min', 'max']);
/** Vega's ops across the fields of a multi-field discrete domain (count sums the counts). */
const MULTI_SORT_OPS: Record<string, string> = { min: 'min', max: 'max', count: 'sum' };

const KEY = '__vf_key';
const COUNT = '__vf_count';
const VALUE = '__vf_sort';

/** One domain that reads a server dataset (or signal) instead of the rows of `data`. */
export interface DomainRewrite {
  /** Scale name and scope, and the JSON pointer of the scale. */
  scale: string;
  scope: ScopeInfo;
  pointer: string;
  /** Keys of the datasets whose rows the original domain read. */
  dataKeys: string[];
  /** The datasets (and signals) added for it. */
  added: string[];
  what: string;
}

interface Ref {
  def: DataDef;
  field: string;
}

interface Context {
  model: SpecModel;
  plans: Map<string, DataPlan>;
  aggregateOps: Set<string>;
  allowed: (key: string) => boolean;
  names: Set<string>;
  /** Data entries to add, per scope pointer. */
  added: Map<string, JsonObject[]>;
  /** Already added, by content: the same domain in two scales shares a dataset. */
  shared: Map<string, string>;
}

/** A name not yet used by a dataset or signal of the spec. */
function uniqueName(ctx: Context, base: string): string {
  let name = base;
  for (let i = 2; ctx.names.has(name); i++) name = `${base}_${i}`;
  ctx.names.add(name);
  return name;
}

/** The dataset `name` resolves to in `scope`, when the runtime computes it whole. */
function serverRef(ctx: Context, data: unknown, field: unknown, scope: ScopeInfo): Ref | undefined {
  if (typeof data !== 'string' || typeof field !== 'string') return undefined;
  const def = ctx.model.resolveData(data, scope);
  if (!def || def.kind !== 'data' || def.scope.perItem) return undefined;
  const plan = ctx.plans.get(def.key);
  if (!plan || !isFullyOnServer(plan) || plan.mirrored || !ctx.allowed(def.key)) return undefined;
  return { def, field };
}

/** Adds a dataset reading `ref.def` in its scope (or reuses an identical one). */
function addDataset(ctx: Context, ref: Ref, base: string, transform: JsonObject[]): string {
  const content = JSON.stringify([ref.def.key, transform]);
  const existing = ctx.shared.get(content);
  if (existing) return existing;
  const name = uniqueName(ctx, base);
  // An extent's signal shares the dataset's name.
  const pipeline = transform.map((t) => (t.type === 'extent' ? { ...t, signal: name } : t));
  const list = ctx.added.get(ref.def.scope.pointer) ?? [];
  list.push({ name, source: ref.def.name, transform: pipeline });
  ctx.added.set(ref.def.scope.pointer, list);
  ctx.shared.set(content, name);
  return name;
}

/** A field whose aggregate output column has the same name (no nested path). */
function isPlainField(field: string): boolean {
  const path = accessPath(field);
  return path !== undefined && path.length === 1 && path[0] === field;
}

/** The sort op, when the runtime computes it and Vega's order can be rebuilt from its value. */
function sortOp(ctx: Context, sort: JsonObject): string | undefined {
  const op = sort.op;
  if (typeof op !== 'string' || !SORT_OPS.has(op) || !ctx.aggregateOps.has(op)) return undefined;
  if (sort.field !== undefined && typeof sort.field !== 'string') return undefined;
  if (sort.field === undefined && op !== 'count') return undefined;
  if (op !== 'count' && !ctx.aggregateOps.has('max')) return undefined;
  return op;
}

function discreteDomain(ctx: Context, scale: string, domain: JsonObject, ref: Ref): { domain: JsonObject; added: string; what: string } | undefined {
  if (!isPlainField(ref.field) || ref.field === VALUE || ref.field === COUNT) return undefined;
  const sort = domain.sort;
  const base = `vf_values_${scale}`;
  if (isObject(sort) && sort.op !== undefined) {
    const op = sortOp(ctx, sort);
    if (!op) return undefined;
    const name = addDataset(ctx, ref, base, [{
      type: 'aggregate', groupby: [ref.field], ops: [op], fields: [typeof sort.field === 'string' ? sort.field : null], as: [VALUE],
    }]);
    const out: JsonObject = { op: 'max', field: VALUE };
    if (sort.order !== undefined) out.order = sort.order;
    return { domain: { data: name, field: ref.field, sort: out }, added: name, what: `distinct values of "${ref.field}" sorted by ${op}` };
  }
  if (sort !== undefined && typeof sort !== 'boolean' && !isObject(sort)) return undefined;
  const name = addDataset(ctx, ref, base, [{ type: 'aggregate', groupby: [ref.field], ops: ['count'], fields: [null], as: [COUNT] }]);
  const out: JsonObject = { data: name, field: ref.field };
  if (sort !== undefined) out.sort = cloneJson(sort);
  return { domain: out, added: name, what: `distinct values of "${ref.field}"` };
}

/** Several fields of a discrete domain: their per-field aggregates, unioned in the browser. */
function discreteMultiDomain(
  ctx: Context, scale: string, domain: JsonObject, refs: Ref[],
): { domain: JsonObject; added: string[]; clientData: JsonObject; what: string } | undefined {
  const sort = domain.sort;
  let op: string | undefined;
  if (isObject(sort) && sort.op !== undefined) {
    if (typeof sort.op !== 'string' || !(sort.op in MULTI_SORT_OPS)) return undefined;
    if (sort.op !== 'count' && typeof sort.field !== 'string') return undefined;
    op = sort.op;
  } else if (sort !== undefined && typeof sort !== 'boolean' && !isObject(sort)) {
    return undefined;
  }
  if (!['count', 'sum', 'min', 'max'].every((o) => ctx.aggregateOps.has(o))) return undefined;
  // Checked before any dataset is added: a domain left as it is adds none.
  if (refs.some((ref) => !isPlainField(ref.field) || [KEY, COUNT, VALUE].includes(ref.field))) return undefined;
  if (new Set(refs.map((ref) => `${ref.def.key}|${ref.field}`)).size !== refs.length) return undefined;
  const added: string[] = [];
  for (const ref of refs) {
    const ops: (string | null)[] = ['count'];
    const fields: (string | null)[] = [null];
    const as = [COUNT];
    if (op && op !== 'count') {
      ops.push(op);
      fields.push(sort && isObject(sort) ? (sort.field as string) : null);
      as.push(VALUE);
    }
    added.push(addDataset(ctx, ref, `vf_values_${scale}`, [
      { type: 'aggregate', groupby: [ref.field], ops, fields, as },
      { type: 'formula', expr: `datum[${JSON.stringify(ref.field)}]`, as: KEY },
    ]));
  }
  const union = uniqueName(ctx, `vf_values_${scale}_union`);
  const out: JsonObject = { data: union, field: KEY };
  if (op) {
    const o: JsonObject = { op: MULTI_SORT_OPS[op], field: op === 'count' ? COUNT : VALUE };
    if (isObject(sort) && sort.order !== undefined) o.order = sort.order;
    out.sort = o;
  } else if (sort !== undefined) {
    out.sort = cloneJson(sort);
  }
  return { domain: out, added, clientData: { name: union, source: added }, what: `distinct values of ${refs.length} fields${op ? ` sorted by ${op}` : ''}` };
}

/**
 * The spec with its data-driven domains over server datasets rewritten (see the module
 * comment); `allowed` limits the datasets whose domains are rewritten. Does not modify `spec`.
 */
export function rewriteScaleDomains(
  spec: JsonObject, model: SpecModel, plans: Map<string, DataPlan>, aggregateOps: Set<string>,
  allowed: (key: string) => boolean = () => true,
): { spec: JsonObject; rewrites: DomainRewrite[] } {
  const names = new Set<string>([...model.data.map((d) => d.name), ...model.signals.map((s) => s.name)]);
  const ctx: Context = { model, plans, aggregateOps, allowed, names, added: new Map(), shared: new Map() };
  const out = cloneJson(spec);
  const rewrites: DomainRewrite[] = [];
  const clientAdded = new Map<string, JsonObject[]>();
  for (const scope of model.scopes) {
    const scopeObj = resolvePointer(out, scope.pointer);
    if (!isObject(scopeObj)) continue;
    for (const [i, scale] of objectEntries(scopeObj.scales)) {
      const domain = scale.domain;
      if (!isObject(domain) || typeof scale.name !== 'string') continue;
      const type = typeof scale.type === 'string' ? scale.type : 'linear';
      if (type === 'quantile') continue;
      const at = pointer(scope.pointer, 'scales', i);
      const record = (dataKeys: string[], added: string[], what: string): void => {
        rewrites.push({ scale: String(scale.name), scope, pointer: at, dataKeys, added, what });
      };
      if (typeof domain.data === 'string' && domain.fields === undefined) {
        const ref = serverRef(ctx, domain.data, domain.field, scope);
        if (!ref) continue;
        if (DISCRETE.has(type)) {
          const r = discreteDomain(ctx, scale.name, domain, ref);
          if (!r) continue;
          scale.domain = r.domain;
          record([ref.def.key], [r.added], r.what);
        } else {
          const name = addDataset(ctx, ref, `vf_extent_${scale.name}`, [{ type: 'extent', field: ref.field }]);
          scale.domain = { signal: name };
          record([ref.def.key], [name], `extent of "${ref.field}"`);
        }
        continue;
      }
      if (!Array.isArray(domain.fields)) continue;
      const entries = domain.fields.map((f) => (typeof f === 'string' ? serverRef(ctx, domain.data, f, scope)
        : isObject(f) && !('signal' in f) ? serverRef(ctx, f.data, f.field, scope) : undefined));
      if (DISCRETE.has(type)) {
        if (entries.some((e) => e === undefined)) continue;
        const refs = entries as Ref[];
        const r = discreteMultiDomain(ctx, scale.name, domain, refs);
        if (!r) continue;
        scale.domain = r.domain;
        const list = clientAdded.get(scope.pointer) ?? [];
        list.push(r.clientData);
        clientAdded.set(scope.pointer, list);
        record(refs.map((e) => e.def.key), r.added, r.what);
      } else {
        if (entries.every((e) => e === undefined)) continue;
        const added: string[] = [];
        const fields = domain.fields.map((f, j) => {
          const ref = entries[j];
          if (!ref) return typeof f === 'string' ? { data: domain.data, field: f } : f;
          const name = addDataset(ctx, ref, `vf_extent_${scale.name}`, [{ type: 'extent', field: ref.field }]);
          added.push(name);
          return { signal: name };
        });
        const rest: JsonObject = { ...domain, fields };
        delete rest.data;
        scale.domain = rest;
        record(entries.flatMap((e) => (e ? [e.def.key] : [])), added, 'extents of its fields');
      }
    }
  }
  // Server datasets go after their scope's data (their sources come first); the unions
  // read them, so they follow in the scale's scope.
  for (const [scopePointer, list] of [...ctx.added, ...clientAdded]) {
    const scopeObj = resolvePointer(out, scopePointer);
    if (!isObject(scopeObj)) continue;
    scopeObj.data = [...(Array.isArray(scopeObj.data) ? scopeObj.data : []), ...list];
  }
  return { spec: out, rewrites };
}

/**
 * Rewrites the domains of `spec` (see rewriteScaleDomains) and keeps only those that stop
 * a dataset's rows from travelling: `browserReads(spec)` names the datasets (by key) the
 * browser still reads once `spec` is planned. A dataset the browser reads anyway (a mark
 * draws its rows) keeps its domains as they are.
 */
export function planScaleDomains(
  spec: JsonObject, model: SpecModel, plans: Map<string, DataPlan>, aggregateOps: Set<string>,
  browserReads: (spec: JsonObject) => Set<string>,
): { spec: JsonObject; rewrites: DomainRewrite[] } {
  let result = rewriteScaleDomains(spec, model, plans, aggregateOps);
  if (result.rewrites.length === 0) return { spec, rewrites: [] };
  const read = browserReads(result.spec);
  if (result.rewrites.some((r) => r.dataKeys.some((k) => read.has(k)))) {
    result = rewriteScaleDomains(spec, model, plans, aggregateOps, (key) => !read.has(key));
  }
  return result.rewrites.length === 0 ? { spec, rewrites: [] } : result;
}

/** Report entries: one per domain computed on the server. */
export function domainReport(rewrites: DomainRewrite[]): PlanReportEntry[] {
  return rewrites.map((r) => ({
    kind: 'scale', name: r.scale, scope: r.scope.path, status: 'server', path: r.pointer,
    reason: `Domain computed by the runtime (${r.what}) in ${r.added.map((a) => `"${a}"`).join(', ')}`,
  }));
}
