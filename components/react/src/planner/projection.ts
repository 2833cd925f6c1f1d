/**
 * Projection pushdown: the columns the client spec reads from each dataset. Marks read
 * their `from` data through encodings, expressions, sort and key; groups pass their datum
 * to nested marks as `parent`; facets read their groupby and aggregate fields; scales read
 * domain fields; lookups read key and value fields; client pipelines pass what their
 * consumers read back to their source. A use that cannot be listed (a field chosen by a
 * signal, a datum passed whole, `data("x")`, the items of a named mark that another mark
 * or a lookup reads as data) needs every column.
 */
import { analyzeExpression } from './expression-refs.js';
import { GROUP_OUTER_KEYS } from './spec-references.js';
import { asArray, isObject, objectEntries, pointer, type JsonObject } from './json.js';
import type { DataDef, ScopeInfo, SpecModel } from './spec-model.js';
import { accessPath, columnsBefore, fieldColumn, unionColumns, type Columns } from './transform-columns.js';

/** Where a datum's columns come from: a dataset, optionally only some of its columns. */
interface DatumSource {
  key: string;
  /** Facet group datum: only these columns come from the dataset (the rest are aggregates). */
  only?: Set<string>;
}

/** Columns used per dataset key of `model` (the client spec's model). */
export function columnUsage(model: SpecModel): Map<string, Columns> {
  const usage = new Map<string, Columns>();
  const use = (key: string | undefined, cols: Columns): void => {
    if (!key) return;
    const current = usage.get(key);
    usage.set(key, current === undefined ? (cols === 'all' ? 'all' : new Set(cols)) : unionColumns(current, cols));
  };
  const baseKey = (name: unknown, scope: ScopeInfo): string | undefined => {
    if (typeof name !== 'string') return undefined;
    const r = model.resolveData(name, scope);
    if (!r) return undefined;
    if (r.kind === 'data') return r.key;
    return baseKey(r.data, r.scope.parent ?? r.scope);
  };
  const useDatum = (src: DatumSource | undefined, cols: Columns): void => {
    if (!src) return;
    if (cols === 'all') use(src.key, src.only ? src.only : 'all');
    else use(src.key, src.only ? new Set([...cols].filter((c) => src.only?.has(c))) : cols);
  };

  /** Every expression below `value`: data reads need all columns; datum/parent fields go to their sources. */
  const walkExprs = (value: unknown, scope: ScopeInfo, datum?: DatumSource, parent?: DatumSource): void => {
    const onExpr = (source: string): void => {
      const refs = analyzeExpression(source);
      for (const d of refs.data) use(baseKey(d, scope), 'all');
      if (refs.error !== undefined || refs.opaqueDatum) useDatum(datum, 'all');
      else useDatum(datum, refs.fields);
      if (refs.opaqueParent) useDatum(parent, 'all');
      else useDatum(parent, refs.parentFields);
    };
    const walk = (v: unknown, key: string): void => {
      if (typeof v === 'string') {
        if (['signal', 'update', 'test', 'expr', 'init', 'filter'].includes(key)) onExpr(v);
        return;
      }
      if (Array.isArray(v)) {
        v.forEach((x) => walk(x, key === 'filter' ? 'filter' : ''));
        return;
      }
      if (!isObject(v)) return;
      for (const [k, x] of Object.entries(v)) walk(x, k);
    };
    walk(value, '');
  };

  /** Field references in a mark's encode blocks. */
  const walkEncode = (encode: unknown, datum?: DatumSource, parent?: DatumSource): void => {
    const visit = (v: unknown): void => {
      if (Array.isArray(v)) return v.forEach(visit);
      if (!isObject(v)) return;
      if ('field' in v) {
        const f = v.field;
        if (typeof f === 'string') {
          const col = fieldColumn(f);
          useDatum(datum, col === undefined ? 'all' : new Set([col]));
        } else if (isObject(f)) {
          if (typeof f.parent === 'string') {
            const col = fieldColumn(f.parent);
            useDatum(parent, col === undefined ? 'all' : new Set([col]));
          } else if (!('group' in f)) {
            useDatum(datum, 'all');
          }
        }
      }
      for (const x of Object.values(v)) if (isObject(x) || Array.isArray(x)) visit(x);
    };
    visit(encode);
  };

  const children = new Map(model.scopes.map((s) => [s.pointer, s]));
  const readAsData = namesReadAsData(model.root.spec);

  const walkMarks = (marks: unknown, at: string, scope: ScopeInfo, parent?: DatumSource): void => {
    for (const [i, m] of objectEntries(marks)) {
      const mp = pointer(at, i);
      const from = isObject(m.from) ? m.from : {};
      const facet = isObject(from.facet) ? from.facet : undefined;
      let datum: DatumSource | undefined;
      if (facet) {
        const key = baseKey(facet.data, scope);
        const groupby = new Set<string>();
        let listable = true;
        // Vega takes one groupby field as a string too.
        const groupbys = typeof facet.groupby === 'string' ? [facet.groupby] : asArray(facet.groupby);
        for (const g of [...groupbys, facet.field]) {
          if (g === undefined) continue;
          const col = typeof g === 'string' ? fieldColumn(g) : undefined;
          if (col === undefined) listable = false;
          else groupby.add(col);
        }
        const agg = isObject(facet.aggregate) ? facet.aggregate : {};
        const aggCols = new Set(groupby);
        for (const f of asArray(agg.fields)) {
          const col = typeof f === 'string' ? fieldColumn(f) : f === null ? null : undefined;
          if (col === undefined) listable = false;
          else if (col !== null) aggCols.add(col);
        }
        use(key, listable ? aggCols : 'all');
        if (key) datum = { key, only: groupby };
      } else {
        const key = baseKey(from.data, scope);
        if (key) datum = { key };
      }
      // Reactive geometry: marks and lookups reading this mark's items read their `datum`.
      if (typeof m.name === 'string' && readAsData.has(m.name)) useDatum(datum, 'all');
      else if (m.transform !== undefined) useDatum(datum, markTransformColumns(m.transform));
      if (isObject(m.sort) && m.sort.field !== undefined) {
        // Mark sort fields name item properties: "datum.a" / 'datum["a"]' read column a.
        for (const f of Array.isArray(m.sort.field) ? m.sort.field : [m.sort.field]) {
          const path = typeof f === 'string' ? accessPath(f) : undefined;
          if (path === undefined) useDatum(datum, 'all');
          else if (path[0] === 'datum' && path.length > 1) useDatum(datum, new Set([path[1]]));
        }
      }
      if (typeof m.key === 'string') {
        const col = fieldColumn(m.key);
        useDatum(datum, col === undefined ? 'all' : new Set([col]));
      }
      if (datum) useDatum(datum, new Set());
      walkEncode(m.encode, datum, parent);
      walkExprs({ encode: m.encode, sort: m.sort, transform: m.transform }, scope, datum, parent);
      const child = m.type === 'group' ? children.get(mp) : undefined;
      if (child) walkScope(child, datum);
    }
  };

  const walkScales = (scales: unknown, scope: ScopeInfo): void => {
    for (const [, s] of objectEntries(scales)) {
      for (const ref of [s.domain, s.range]) {
        if (!isObject(ref)) continue;
        const refs: JsonObject[] = typeof ref.data === 'string' ? [ref] : asArray(ref.fields).filter(isObject);
        for (const r of refs) {
          const key = baseKey(r.data, scope);
          const cols = new Set<string>();
          let listable = true;
          const fields = r === ref && Array.isArray(ref.fields) ? ref.fields : [r.field];
          for (const f of fields) {
            const col = typeof f === 'string' ? fieldColumn(f) : undefined;
            if (col === undefined) listable = false;
            else cols.add(col);
          }
          const sort = ref.sort;
          if (isObject(sort) && sort.field !== undefined) {
            const col = typeof sort.field === 'string' ? fieldColumn(sort.field) : undefined;
            if (col === undefined) listable = false;
            else cols.add(col);
          }
          use(key, listable ? cols : 'all');
        }
      }
    }
  };

  const walkScope = (scope: ScopeInfo, parent?: DatumSource): void => {
    const obj = scope.spec;
    walkScales(obj.scales, scope);
    for (const [, d] of objectEntries(obj.data)) {
      for (const [, t] of objectEntries(d.transform)) {
        if (t.type !== 'lookup') continue;
        const values = Array.isArray(t.values) ? t.values : undefined;
        const cols = new Set<string>();
        let listable = values !== undefined;
        for (const f of [...asArray(t.key === undefined ? [] : [t.key]), ...(values ?? [])]) {
          const col = typeof f === 'string' ? fieldColumn(f) : undefined;
          if (col === undefined) listable = false;
          else cols.add(col);
        }
        use(baseKey(t.from, scope), listable ? cols : 'all');
      }
    }
    walkMarks(obj.marks, pointer(scope.pointer, 'marks'), scope, parent);
    // Expressions outside marks (signals, axes, legends, titles, projections, data): their
    // `datum` is not a row of our datasets, but `data("x")` reads x whole.
    // Inside a group, `parent` is the group's datum (titles and axes of facet headers).
    const rest: JsonObject = {};
    for (const [k, v] of Object.entries(obj)) {
      if (k === 'marks' || k === 'config' || k === 'usermeta' || (scope.parent && GROUP_OUTER_KEYS.has(k))) continue;
      rest[k] = v;
    }
    walkExprs(rest, scope, undefined, parent);
  };

  walkScope(model.root);
  propagateThroughPipelines(model, usage, use, baseKey);
  return usage;
}

/** Every name that a `from` reads as data: mark `from.data` and lookup `from` (datasets or marks). */
function namesReadAsData(spec: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(spec)) {
    for (const v of spec) namesReadAsData(v, out);
  } else if (isObject(spec)) {
    for (const [k, v] of Object.entries(spec)) {
      if (k === 'from' && typeof v === 'string') out.add(v);
      else if (k === 'from' && isObject(v) && typeof v.data === 'string') out.add(v.data);
      namesReadAsData(v, out);
    }
  }
  return out;
}

/** Pushes each client dataset's usage through its pipeline to its source, children first. */
function propagateThroughPipelines(
  model: SpecModel, usage: Map<string, Columns>,
  use: (key: string | undefined, cols: Columns) => void,
  baseKey: (name: unknown, scope: ScopeInfo) => string | undefined,
): void {
  const defs: DataDef[] = [...model.data].reverse();
  for (const def of defs) {
    const sources = typeof def.spec.source === 'string' ? [def.spec.source] : asArray(def.spec.source);
    if (sources.length === 0) continue;
    let needed: Columns = usage.get(def.key) ?? new Set<string>();
    const transforms = asArray(def.spec.transform);
    for (let i = transforms.length - 1; i >= 0; i--) {
      const t = transforms[i];
      needed = isObject(t) ? columnsBefore(t, needed) : 'all';
    }
    for (const s of sources) use(baseKey(s, def.scope), sources.length > 1 ? 'all' : needed);
  }
}

/** Mark transforms that only read their `field` (a path from `datum`) and add a property to the item. */
const FIELD_READING_MARK_TRANSFORMS = new Set(['geopath', 'geoshape']);
const FIELD_READING_KEYS = new Set(['type', 'field', 'projection', 'as']);

/**
 * Columns a mark's transforms read of its data: a geopath or geoshape of `datum.<column>`
 * (contour polygons) reads that column; any other mark transform may read any column.
 */
function markTransformColumns(transforms: unknown): Columns {
  const cols = new Set<string>();
  for (const t of Array.isArray(transforms) ? transforms : [transforms]) {
    if (!isObject(t) || typeof t.type !== 'string' || !FIELD_READING_MARK_TRANSFORMS.has(t.type)) return 'all';
    if (Object.keys(t).some((k) => !FIELD_READING_KEYS.has(k)) || typeof t.field !== 'string' || typeof t.projection === 'object') return 'all';
    const path = accessPath(t.field);
    if (path === undefined || path[0] !== 'datum' || path.length < 2) return 'all';
    cols.add(path[1]);
  }
  return cols;
}
