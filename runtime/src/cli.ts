/**
 * `npm run runtime -- [options]`: starts the runtime alone. `--demo` also serves the
 * React demo page (built by `npm run build:web`) at /. Without a token (VEGAFUSION_TOKEN)
 * it makes one up and prints it once: a runtime is never open to anyone by default.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { configHelp, parseConfig } from './config.js';
import { createConsoleLogger } from './logger.js';
import { watchParent } from './parent-watch.js';
import { startRuntime } from './runtime.js';

// The process works in UTC; a request's time zone travels with the request.
process.env.TZ = 'UTC';

async function main(argv: string[]): Promise<void> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(`Usage: npm run runtime -- [options]\n\nOptions (flag, or environment variable in brackets):\n${configHelp()}\n  --demo                           serve the demo page at / (examples/react)\n`);
    return;
  }
  const demo = argv.includes('--demo');
  const config = parseConfig(argv.filter((a) => a !== '--demo'), process.env);
  if (demo && !config.staticDir) {
    const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
    const page = join(root, 'examples', 'react', 'dist');
    if (!existsSync(join(page, 'index.html'))) {
      throw new Error(`The demo page is not built (${page}); run "npm run build:web" first, or "npm start"`);
    }
    config.staticDir = page;
  }
  const generated = config.token === undefined;
  if (generated) config.token = randomBytes(24).toString('base64url');
  const logger = createConsoleLogger(config.logLevel);
  const runtime = await startRuntime({ ...config, logger });
  // One machine-readable line on stdout, for wrappers that start the runtime as a child process.
  console.log(`vegafusion-runtime listening on ${runtime.url}`);
  if (generated) console.log(`vegafusion-runtime token: ${config.token} (generated; set VEGAFUSION_TOKEN to choose one)`);
  if (demo) console.log(`Demo dashboard: ${runtime.url}/`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info('shutting down', { signal });
    runtime.close().then(() => process.exit(0), () => process.exit(1));
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  if (config.parentPid > 0) {
    watchParent(config.parentPid, () => {
      // Nobody is left to wait for answers: a short grace, and out even if close() hangs.
      setTimeout(() => process.exit(0), 3000).unref();
      stop('parent gone');
    });
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(`vegafusion-runtime: ${(error as Error).message}`);
  process.exit(1);
});
