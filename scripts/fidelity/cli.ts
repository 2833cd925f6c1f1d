/**
 * `npm run fidelity -- <spec files or folders> [--tz Zone] [--json out.json]`
 *
 * Renders every spec with plain Vega and through the runtime, compares the SVGs (after
 * each interaction step too), prints one line per spec and ends with `N passed, M failed`.
 * Exits non-zero when a spec differs.
 */
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { runFidelity, type SpecOutcome } from './run.js';

function specFiles(paths: string[]): string[] {
  const out: string[] = [];
  for (const p of paths) {
    if (statSync(p).isDirectory()) {
      const all = readdirSync(p).filter((f) => f.endsWith('.json')).sort();
      // A folder holding both NAME.vl.json and NAME.vg.json: the Vega-Lite source is the spec.
      const vl = new Set(all.filter((f) => f.endsWith('.vl.json')).map((f) => f.slice(0, -8)));
      out.push(...all.filter((f) => !(f.endsWith('.vg.json') && vl.has(f.slice(0, -8)))).map((f) => join(p, f)));
    } else out.push(p);
  }
  return out;
}

async function main(argv: string[]): Promise<number> {
  const paths: string[] = [];
  let json: string | undefined;
  let tz = process.env.TZ && process.env.TZ !== 'UTC' ? process.env.TZ : 'America/New_York';
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--json') json = argv[++i];
    else if (argv[i] === '--tz') tz = argv[++i];
    else paths.push(argv[i]);
  }
  if (paths.length === 0) {
    console.error('usage: npm run fidelity -- <spec files or folders> [--tz Zone] [--json out.json]');
    return 2;
  }
  process.env.TZ = tz;
  const files = specFiles(paths);
  const outcomes: SpecOutcome[] = await runFidelity(files, {
    onOutcome: (o) => console.log(`${o.status.padEnd(4)} ${basename(o.file)}  moved ${o.datasetsMoved}/${o.datasetsTotal}`
      + `${o.fallbacks ? `  fell back: ${o.fallbacks.length}` : ''}${o.detail ? `  ${o.detail}` : ''}`),
  });
  const passed = outcomes.filter((o) => o.status === 'ok').length;
  const random = outcomes.filter((o) => o.status === 'rand').length;
  const failed = outcomes.length - passed - random;
  const moved = outcomes.reduce((n, o) => n + o.datasetsMoved, 0);
  const total = outcomes.reduce((n, o) => n + o.datasetsTotal, 0);
  console.log(`datasets moved to the runtime: ${moved}/${total}`);
  const fellBack = outcomes.filter((o) => o.fallbacks).length;
  if (fellBack > 0) console.log(`${fellBack} specs had datasets fall back to the browser after a runtime error`);
  if (json) writeFileSync(json, JSON.stringify(outcomes, null, 2));
  if (random > 0) console.log(`${random} skipped: plain Vega's own output is random`);
  console.log(`${passed} passed, ${failed} failed${random > 0 ? `, ${random} skipped` : ''}`);
  return failed === 0 ? 0 : 1;
}

main(process.argv.slice(2)).then((code) => process.exit(code), (error: unknown) => {
  console.error(error);
  process.exit(2);
});
