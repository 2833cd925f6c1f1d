/**
 * `npx tsx scripts/moved-share.ts [folder] [--list]`: the share of the Vega-Lite gallery's
 * datasets the planner moves to the runtime (entirely or in part), planned against what
 * this runtime announces, and what stays in the browser, by reason and count. Static:
 * a dataset a runtime error sends back to the browser at run time counts as moved here
 * (the fidelity harness, `npm run fidelity`, reports those).
 *
 * Reasons are grouped by their wording with the spec-specific parts (paths, names,
 * quoted values) masked, so "Unsupported transform "kde" at /data/1/transform/0" and the
 * same at another path count as one reason.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { planChart } from '../components/react/src/planner/index.js';
import { describeCapabilities } from '../runtime/src/index.js';
import { DEFAULT_TRANSFORMS } from '../runtime/src/engine/transforms/index.js';

const DEFAULT_FOLDER = fileURLToPath(new URL('../../shared/corpus/vega-lite', import.meta.url));

/** A reason with its spec-specific parts masked: JSON pointers and dataset names. */
function reasonKind(reason: string): string {
  return reason
    .replace(/ at \/[^\s,;:)]*/g, ' at <path>')
    .replace(/ (dataset|signal|scale|Source dataset) "[^"]*"/g, ' $1 "…"')
    .replace(/expression "[^"]*"/gi, 'expression "…"')
    .replace(/Expression [^\s]+ /g, 'Expression "…" ')
    .slice(0, 160);
}

/** Reasons of datasets that hold no work for a runtime. */
const NOTHING_TO_DO = ['Inline values with no transforms', 'Modified by triggers in the browser'];

function main(argv: string[]): void {
  const list = argv.includes('--list');
  const folder = argv.find((a) => !a.startsWith('--')) ?? DEFAULT_FOLDER;
  const capabilities = describeCapabilities(DEFAULT_TRANSFORMS);
  const files = readdirSync(folder).filter((f) => f.endsWith('.vl.json')).sort();
  let moved = 0;
  let total = 0;
  const reasons = new Map<string, string[]>();
  for (const file of files) {
    const spec = JSON.parse(readFileSync(join(folder, file), 'utf8')) as unknown;
    const plan = planChart(spec, { capabilities });
    // Datasets the planner adds (a scale's domain values, computed on the server) are not
    // the gallery's: they count neither way.
    const added = plan.report.entries.filter((e) => e.kind === 'data' && e.name.startsWith('vf_values_')).length;
    moved += plan.report.datasetsMoved - added;
    total += plan.report.datasetsTotal - added;
    for (const e of plan.report.entries) {
      if (e.kind !== 'data' || e.status !== 'client') continue;
      const kind = reasonKind(e.reason ?? 'no reason given');
      reasons.set(kind, [...(reasons.get(kind) ?? []), `${file.replace('.vl.json', '')}:${e.name}`]);
    }
  }
  console.log(`${files.length} specs; datasets moved: ${moved}/${total} (${((100 * moved) / total).toFixed(1)}%)`);
  // Datasets with nothing for a runtime to do: inline rows used as they are, and selection
  // stores, which the browser fills (the runtime reads them as values sent with requests).
  const idle = [...reasons].filter(([kind]) => NOTHING_TO_DO.some((r) => kind.startsWith(r))).reduce((n, [, w]) => n + w.length, 0);
  console.log(`of the ${total - idle} datasets with work to move (not counting ${idle} inline datasets without transforms and selection stores): ${moved}/${total - idle} (${((100 * moved) / (total - idle)).toFixed(1)}%)`);
  console.log(`stay in the browser: ${total - moved}, by reason:`);
  for (const [kind, where] of [...reasons].sort((a, b) => b[1].length - a[1].length)) {
    console.log(`${String(where.length).padStart(4)}  ${kind}`);
    if (list) for (const w of where) console.log(`        ${w}`);
  }
}

main(process.argv.slice(2));
