/**
 * `npx tsx scripts/index-coverage.ts [folder]`: which interactive Vega-Lite specs get their
 * selection-filtered aggregates answered from an index. Each spec with selections (params
 * with `select`) is planned as the React component plans it; every server dataset that
 * aggregates rows filtered by a selection store is classified by its index plan: servable
 * (every aggregate op decomposes exactly: count, valid, missing, min, max, and sum of
 * integers; or Vega folds it row by row: mean, the variance family, product, sums of
 * fractions, which a bucketed index folds over the kept rows in Vega's order), or the
 * reason it is not (quartiles, median, distinct and argmin/argmax need the values; a bin
 * or extent computed after the selection filter moves with every brush). Prints a summary
 * and a line per spec. Static: a fold over strings is refused at run time.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { planChart } from '../components/react/src/planner/index.js';
import { describeCapabilities } from '../runtime/src/index.js';
import { DEFAULT_TRANSFORMS } from '../runtime/src/engine/transforms/index.js';
import { findIndexPlan } from '../runtime/src/graph/preaggregate/find-plan.js';
import { FOLD_OPS } from '../runtime/src/engine/transforms/vega-folds.js';

/** Ops an index answers: those that decompose into partials, and those Vega folds row by row (the index folds the kept rows in Vega's order). */
const SERVABLE = new Set(['count', 'valid', 'missing', 'min', 'max', 'sum', ...FOLD_OPS]);

interface SpecResult {
  spec: string;
  servable: number;
  not: string[];
}

function classify(file: string, capabilities: ReturnType<typeof describeCapabilities>): SpecResult | undefined {
  const spec = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  if (!JSON.stringify(spec).includes('"select"')) return undefined;
  const out: SpecResult = { spec: file.split('/').pop()!, servable: 0, not: [] };
  let plan;
  try {
    plan = planChart(spec, { capabilities });
  } catch (error) {
    out.not.push(`planning failed: ${(error as Error).message}`);
    return out;
  }
  const graph = plan.serverGraph;
  (graph.nodes ?? []).forEach((_, i) => {
    const outcome = findIndexPlan(graph, i);
    if (!outcome) return;
    if ('reason' in outcome) {
      out.not.push(outcome.reason);
      return;
    }
    const ops = (outcome.plan.aggregate.ops as unknown[] | undefined) ?? ['count'];
    const bad = ops.filter((op) => !SERVABLE.has(String(op)));
    if (bad.length > 0) out.not.push(`aggregate op ${bad.map((b) => `"${String(b)}"`).join(', ')} needs the values themselves`);
    else out.servable++;
  });
  return out;
}

function main(): void {
  const folder = process.argv[2] ?? join(process.cwd(), '..', 'shared', 'corpus', 'vega-lite');
  const capabilities = describeCapabilities(DEFAULT_TRANSFORMS);
  const results = readdirSync(folder).filter((f) => f.endsWith('.vl.json')).sort()
    .map((f) => classify(join(folder, f), capabilities)).filter((r): r is SpecResult => r !== undefined);
  const withFiltered = results.filter((r) => r.servable + r.not.length > 0);
  const allServed = withFiltered.filter((r) => r.not.length === 0);
  const reasons = new Map<string, number>();
  for (const r of results) for (const n of r.not) reasons.set(n, (reasons.get(n) ?? 0) + 1);
  console.log(`interactive specs: ${results.length}`);
  console.log(`  with selection-filtered aggregates: ${withFiltered.length}`);
  console.log(`  every such aggregate servable from an index: ${allServed.length}`);
  console.log(`  datasets servable: ${results.reduce((n, r) => n + r.servable, 0)}, not: ${results.reduce((n, r) => n + r.not.length, 0)}`);
  console.log('reasons:');
  for (const [reason, n] of [...reasons].sort((a, b) => b[1] - a[1])) console.log(`  ${n} x ${reason}`);
  console.log('specs:');
  for (const r of withFiltered) console.log(`  ${r.spec}: ${r.servable} servable${r.not.length ? `; not: ${r.not.join('; ')}` : ''}`);
}

main();
