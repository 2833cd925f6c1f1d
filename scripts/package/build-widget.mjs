#!/usr/bin/env node
/**
 * `npm run build:widget`: the notebook widget's browser module, one ES module that anywidget
 * hosts (Jupyter, VS Code, marimo) import: components/widget/frontend/index.ts and what it
 * uses (the Panel component's chart, @vegafusion-ts/react, Vega) bundled into
 * components/widget/vegafusion_widget/static/widget.js (built, never committed; the
 * vegafusion-widget wheel ships it).
 */
import { build } from 'esbuild';
import { statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const outfile = join(root, 'components', 'widget', 'vegafusion_widget', 'static', 'widget.js');

try {
  await build({
    entryPoints: [join(root, 'components', 'widget', 'frontend', 'index.ts')],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    legalComments: 'none',
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'warning',
  });
  console.log(`built ${relative(root, outfile)} (${(statSync(outfile).size / 1024).toFixed(0)} kB)`);
} catch (error) {
  console.error(`build-widget: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
