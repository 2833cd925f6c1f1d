/**
 * What a Vega expression refers to: the functions it calls, the signals (free
 * identifiers), datasets and scales it names, and the datum fields it reads. Parsed with
 * vega-expression so that the planner sees the same syntax tree Vega compiles.
 */
import { parseExpression } from 'vega-expression';
import type { Node as EsNode } from 'estree';

export interface ExpressionRefs {
  /** Names of the functions called. */
  functions: Set<string>;
  /** Free identifiers: signal names. */
  signals: Set<string>;
  /** Datasets read by name (`data("x")`, `indata("x", ...)`, selection tests). */
  data: Set<string>;
  /** Datasets written by `modify("x", ...)`. */
  modified: Set<string>;
  /** Scales or projections named (`scale("x", ...)`, `geoShape("p")`...). */
  scales: Set<string>;
  /** Top-level columns read as `datum.x` / `datum["x"]`. */
  fields: Set<string>;
  /** Top-level columns read as `parent.x` (the enclosing group's datum). */
  parentFields: Set<string>;
  /** `datum` used whole or with a computed key: its columns cannot be listed. */
  opaqueDatum: boolean;
  opaqueParent: boolean;
  /** A dataset or scale named by a non-literal argument: references cannot be listed. */
  dynamicNames: boolean;
  usesEvent: boolean;
  usesItem: boolean;
  /** Why the expression could not be parsed, if it could not. */
  error?: string;
}

/** Functions whose first argument names a dataset they read. */
const DATA_READERS = new Set([
  'data', 'indata', 'vlSelectionTest', 'vlSelectionIdTest', 'vlSelectionResolve', 'vlSelectionTuples',
]);
/** Functions whose first argument names a scale or projection. */
const SCALE_READERS = new Set([
  'scale', 'invert', 'domain', 'range', 'bandwidth', 'copy', 'gradient',
  'geoArea', 'geoBounds', 'geoCentroid', 'geoShape',
]);
/** Identifiers vega-expression treats as constants rather than signals. */
const CONSTANTS = new Set(['NaN', 'E', 'LN2', 'LN10', 'LOG2E', 'LOG10E', 'PI', 'SQRT1_2', 'SQRT2', 'MIN_VALUE', 'MAX_VALUE']);

function emptyRefs(): ExpressionRefs {
  return {
    functions: new Set(), signals: new Set(), data: new Set(), modified: new Set(), scales: new Set(),
    fields: new Set(), parentFields: new Set(), opaqueDatum: false, opaqueParent: false,
    dynamicNames: false, usesEvent: false, usesItem: false,
  };
}

const cache = new Map<string, ExpressionRefs>();

/**
 * Analyzes `source`; never throws (a parse failure is reported in `error`). Results are
 * memoized by source text, so callers must not mutate them.
 */
export function analyzeExpression(source: string): ExpressionRefs {
  const hit = cache.get(source);
  if (hit) return hit;
  const refs = emptyRefs();
  try {
    visit(parseExpression(source) as EsNode, refs);
  } catch (error) {
    refs.error = (error as Error).message;
  }
  if (cache.size > 5000) cache.clear();
  cache.set(source, refs);
  return refs;
}

function literalName(node: EsNode | undefined): string | undefined {
  if (node && node.type === 'Literal' && (typeof node.value === 'string' || typeof node.value === 'number')) {
    return String(node.value);
  }
  return undefined;
}

function visitMember(node: EsNode & { type: 'MemberExpression' }, refs: ExpressionRefs): void {
  const object = node.object as EsNode;
  if (object.type === 'Identifier' && (object.name === 'datum' || object.name === 'parent')) {
    const key = node.computed ? literalName(node.property as EsNode) : (node.property as { name?: string }).name;
    const isDatum = object.name === 'datum';
    if (key === undefined) {
      if (isDatum) refs.opaqueDatum = true;
      else refs.opaqueParent = true;
      visit(node.property as EsNode, refs);
    } else if (isDatum) {
      refs.fields.add(key);
    } else {
      refs.parentFields.add(key);
    }
    return;
  }
  visit(object, refs);
  if (node.computed) visit(node.property as EsNode, refs);
}

function visitCall(node: EsNode & { type: 'CallExpression' }, refs: ExpressionRefs): void {
  const callee = node.callee as EsNode;
  const name = callee.type === 'Identifier' ? callee.name : '<computed>';
  refs.functions.add(name);
  const args = node.arguments as EsNode[];
  const first = literalName(args[0]);
  if (DATA_READERS.has(name) || name === 'modify') {
    if (first === undefined) refs.dynamicNames = true;
    else if (name === 'modify') refs.modified.add(first);
    else refs.data.add(first);
  } else if (SCALE_READERS.has(name)) {
    if (first === undefined) refs.dynamicNames = true;
    else refs.scales.add(first);
  }
  if (callee.type !== 'Identifier') visit(callee, refs);
  for (const arg of args) visit(arg, refs);
}

function visit(node: EsNode, refs: ExpressionRefs): void {
  switch (node.type) {
    case 'Literal':
      return;
    case 'Identifier':
      if (node.name === 'datum') refs.opaqueDatum = true;
      else if (node.name === 'parent') refs.opaqueParent = true;
      else if (node.name === 'event') refs.usesEvent = true;
      else if (node.name === 'item') refs.usesItem = true;
      else if (!CONSTANTS.has(node.name)) refs.signals.add(node.name);
      return;
    case 'MemberExpression':
      return visitMember(node, refs);
    case 'CallExpression':
      return visitCall(node, refs);
    case 'ObjectExpression':
      for (const prop of node.properties) {
        if (prop.type !== 'Property') continue;
        if (prop.computed) visit(prop.key as EsNode, refs);
        visit(prop.value as EsNode, refs);
      }
      return;
    default:
      // Every other node kind vega-expression produces (unary, binary, logical,
      // conditional, array, sequence) only nests expressions: visit its children.
      for (const child of childNodes(node)) visit(child, refs);
  }
}

function childNodes(node: EsNode): EsNode[] {
  const out: EsNode[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (key === 'type' || key === 'loc' || key === 'range') continue;
    if (Array.isArray(value)) {
      for (const v of value) if (isNode(v)) out.push(v);
    } else if (isNode(value)) {
      out.push(value);
    }
  }
  return out;
}

function isNode(value: unknown): value is EsNode {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}
