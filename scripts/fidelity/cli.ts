/**
 * `npm run fidelity -- <spec files or folders> [--tz Zone] [--json out.json]`
 *
 * Renders every spec with plain Vega and through the runtime, compares the SVGs (after
 * each interaction step too), prints one line per spec and ends with `N passed, M failed`.
 * Exits non-zero when a spec differs.
 */
import { writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { listSpecFiles, runFidelity, type SpecOutcome } from './run.js';

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
  const files = listSpecFiles(paths);
  const outcomes: SpecOutcome[] = await runFidelity(files, {
    onOutcome: (o) => console.log(`${o.status.padEnd(4)} ${basename(o.file)}  moved ${o.datasetsMoved}/${o.datasetsTotal}`
      + `${o.fallbacks ? `  fell back: ${o.fallbacks.length}` : ''}${o.detail ? `  ${o.detail}` : ''}`),
    onStray: (message) => console.log(`stray error ${message}`),
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
