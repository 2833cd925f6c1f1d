#!/usr/bin/env node
/**
 * `npm run build:npm`: the three npm packages, compiled and packed, installable into any
 * npm project:
 *
 *   @vegafusion-ts/proto     the wire (ES modules with types)
 *   @vegafusion-ts/runtime   the runtime (ES modules with types) and its `vegafusion-runtime` bin
 *   @vegafusion-ts/react     the chart component, `embed` and the planner (ES modules with
 *                            types; React as a peer dependency)
 *
 * Each is compiled by tsc from its sources into a staging folder with a package.json made
 * for publishing (the workspace's own package.json files point at the TypeScript sources),
 * then `npm pack`ed. Output: `<out>/<name>-<version>.tgz` (default dist/npm).
 *
 * Options: `--out DIR`.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const args = process.argv.slice(2);
const outIndex = args.indexOf('--out');
const out = outIndex >= 0 ? resolve(args[outIndex + 1]) : join(root, 'dist', 'npm');
const stageRoot = join(out, 'stage');
const tsc = createRequire(join(root, 'package.json')).resolve('typescript/bin/tsc');

/** The packages in build order (each may depend on the ones before). */
const PACKAGES = [
  { dir: 'proto', copy: [['src/generated/vegafusion.js', 'dist/generated/vegafusion.js'], ['src/generated/vegafusion.d.ts', 'dist/generated/vegafusion.d.ts']] },
  { dir: 'runtime', bin: { 'vegafusion-runtime': 'bin/vegafusion-runtime.mjs' } },
  { dir: 'components/react', peers: ['react', 'react-dom'] },
];

const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));

/** Compiles `pkg`'s src/ into `stage`/dist with declarations, resolving the workspace's
 * packages to their staged declarations (so they are referenced, not compiled again). */
function compile(pkg, stage, staged) {
  const paths = {};
  for (const [name, folder] of Object.entries(staged)) paths[name] = [join(folder, 'dist', 'index.d.ts')];
  const config = {
    compilerOptions: {
      target: 'ES2022',
      module: 'ESNext',
      moduleResolution: 'Bundler',
      lib: ['ES2023', 'DOM', 'DOM.Iterable'],
      jsx: 'react-jsx',
      strict: true,
      noImplicitOverride: true,
      esModuleInterop: true,
      skipLibCheck: true,
      resolveJsonModule: true,
      isolatedModules: true,
      types: ['node'],
      typeRoots: [join(root, 'node_modules', '@types')],
      declaration: true,
      // The sources are type-checked by `npm run typecheck`; here they are only emitted.
      noCheck: true,
      sourceMap: false,
      rootDir: join(root, pkg.dir, 'src'),
      outDir: join(stage, 'dist'),
      baseUrl: root,
      paths,
    },
    include: [join(root, pkg.dir, 'src')],
  };
  const file = join(stage, 'tsconfig.build.json');
  writeFileSync(file, JSON.stringify(config, null, 2));
  execFileSync(process.execPath, [tsc, '-p', file], { cwd: root, stdio: 'inherit' });
  rmSync(file);
}

/** The package.json to publish: the workspace's, pointed at the compiled files. */
function manifest(pkg, source) {
  const peers = pkg.peers ?? [];
  const dependencies = { ...source.dependencies };
  const peerDependencies = { ...source.peerDependencies };
  for (const name of peers) {
    const lock = readJson(join(root, 'node_modules', name, 'package.json'));
    // react-dom follows react's range; another peer: from the installed major on.
    peerDependencies[name] = peerDependencies[name] ?? peerDependencies.react ?? `>=${lock.version.split('.')[0]}`;
    delete dependencies[name];
  }
  const out = {
    name: source.name,
    version: source.version,
    description: source.description,
    license: readJson(join(root, 'package.json')).license,
    type: 'module',
    main: './dist/index.js',
    types: './dist/index.d.ts',
    exports: { '.': { types: './dist/index.d.ts', import: './dist/index.js' } },
    files: ['dist', ...(pkg.bin ? ['bin'] : []), 'README.md'],
    engines: { node: '>=20' },
    dependencies,
  };
  if (Object.keys(peerDependencies).length) out.peerDependencies = peerDependencies;
  if (pkg.bin) out.bin = pkg.bin;
  return out;
}

function main() {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(stageRoot, { recursive: true });
  const staged = {};
  const tarballs = [];
  for (const pkg of PACKAGES) {
    const source = readJson(join(root, pkg.dir, 'package.json'));
    const stage = join(stageRoot, pkg.dir.split('/').pop());
    mkdirSync(stage, { recursive: true });
    compile(pkg, stage, staged);
    for (const [from, to] of pkg.copy ?? []) cpSync(join(root, pkg.dir, from), join(stage, to));
    if (existsSync(join(root, pkg.dir, 'README.md'))) cpSync(join(root, pkg.dir, 'README.md'), join(stage, 'README.md'));
    if (pkg.bin) {
      mkdirSync(join(stage, 'bin'), { recursive: true });
      writeFileSync(join(stage, 'bin', 'vegafusion-runtime.mjs'), "#!/usr/bin/env node\n// Starts the runtime (see the README for options).\nimport '../dist/cli.js';\n", { mode: 0o755 });
    }
    writeFileSync(join(stage, 'package.json'), `${JSON.stringify(manifest(pkg, source), null, 2)}\n`);
    const packed = execFileSync('npm', ['pack', '--silent', '--pack-destination', out], { cwd: stage, encoding: 'utf8' }).trim().split('\n').pop();
    tarballs.push(join(out, packed));
    staged[source.name] = stage;
  }
  for (const tarball of tarballs) {
    console.log(`${relative(process.cwd(), tarball)}  ${(statSync(tarball).size / 1024).toFixed(0)} kB`);
  }
}

try {
  main();
} catch (error) {
  console.error(`build-npm: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
