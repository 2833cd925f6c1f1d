#!/usr/bin/env node
/**
 * `npm run build:runtime`: compiles the runtime (runtime/src/cli.ts and everything it
 * imports, proto/ included) into one JavaScript file that plain `node` runs, no tsx:
 *
 *   runtime/dist/vegafusion-runtime.mjs            the bundle (node >= 20)
 *   runtime/dist/node_modules/@duckdb/...          DuckDB's native binding, kept external
 *   runtime/dist/node_modules/detect-libc/         what the binding's loader requires
 *   runtime/dist/manifest.json                     files, sizes and the platform they are for
 *
 * The folder is self-contained: copy it anywhere (the Python client's wheel ships it) and run
 * `node vegafusion-runtime.mjs --port 0`. The native binding is the one `npm ci` installed for
 * this machine's platform (`@duckdb/node-bindings-<platform>-<arch>`).
 *
 * Options: `--out DIR` (default runtime/dist), `--no-minify`.
 */
import { build } from 'esbuild';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const outIndex = args.indexOf('--out');
const outDir = outIndex >= 0 ? resolve(args[outIndex + 1]) : join(root, 'runtime', 'dist');
const minify = !args.includes('--no-minify');

/** The native packages copied beside the bundle, with the files each needs at run time. */
function nativePackages() {
  const platformPackage = `@duckdb/node-bindings-${process.platform}-${process.arch}${isMusl() ? '-musl' : ''}`;
  return [
    { name: '@duckdb/node-bindings', files: ['package.json', 'duckdb.js', 'LICENSE'] },
    { name: platformPackage, files: ['package.json', 'duckdb.node', 'LICENSE', ...sharedLibraries(platformPackage)] },
    { name: 'detect-libc', files: ['package.json', 'LICENSE', 'lib'] },
  ];
}

function isMusl() {
  if (process.platform !== 'linux') return false;
  const report = process.report?.getReport();
  const header = report && typeof report === 'object' && 'header' in report ? report.header : undefined;
  return !(header && typeof header === 'object' && 'glibcVersionRuntime' in header);
}

/** The shared libraries a platform package ships beside duckdb.node (libduckdb.so, .dylib, .dll). */
function sharedLibraries(name) {
  const folder = packageFolder(name);
  const candidates = ['libduckdb.so', 'libduckdb.dylib', 'duckdb.dll'];
  return candidates.filter((file) => existsSync(join(folder, file)));
}

function packageFolder(name) {
  const require = createRequire(join(root, 'runtime', 'package.json'));
  try {
    return dirname(require.resolve(`${name}/package.json`));
  } catch (error) {
    throw new Error(`${name} is not installed (run \`npm ci\` at the repository root)`, { cause: error });
  }
}

async function main() {
  const bundle = join(outDir, 'vegafusion-runtime.mjs');
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const version = JSON.parse(readFileSync(join(root, 'runtime', 'package.json'), 'utf8')).version;
  await build({
    entryPoints: [join(root, 'runtime', 'src', 'cli.ts')],
    outfile: bundle,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    minify,
    sourcemap: false,
    legalComments: 'eof',
    external: ['@duckdb/node-bindings'],
    // CommonJS dependencies inside an ES module bundle still call require().
    banner: {
      js: [
        '#!/usr/bin/env node',
        `// VegaFusion TS runtime ${version}: built by scripts/build-runtime.mjs; run with node >= 20.`,
        "import { createRequire as __vfCreateRequire } from 'node:module';",
        'const require = __vfCreateRequire(import.meta.url);',
      ].join('\n'),
    },
    logLevel: 'warning',
  });
  const files = [];
  for (const pkg of nativePackages()) {
    const from = packageFolder(pkg.name);
    const to = join(outDir, 'node_modules', ...pkg.name.split('/'));
    for (const file of pkg.files) {
      if (!existsSync(join(from, file))) continue;
      cpSync(join(from, file), join(to, file), { recursive: true });
      files.push(relative(outDir, join(to, file)));
    }
  }
  const manifest = {
    version,
    node: '>=20',
    platform: process.platform,
    arch: process.arch,
    libc: process.platform === 'linux' ? (isMusl() ? 'musl' : 'glibc') : undefined,
    entry: 'vegafusion-runtime.mjs',
    native: files,
    bytes: statSync(bundle).size,
  };
  writeFileSync(join(outDir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  console.log(`built ${relative(root, bundle)} (${(manifest.bytes / 1024 / 1024).toFixed(1)} MB) and ${files.length} native files for ${process.platform}-${process.arch}`);
}

main().catch((error) => {
  console.error(`build-runtime: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
