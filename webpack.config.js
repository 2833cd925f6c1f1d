/**
 * Browser bundles of components/react (npm run build:web), written to components/react/dist/:
 * - vegafusion-react.umd.js: UMD, global `VegaFusion`, React and ReactDOM external (the
 *   host page's, as Dash provides them as the globals `React` / `ReactDOM`);
 * - vegafusion-react.esm.js: an ES module with React bundled (Streamlit, Panel, plain pages).
 * JSX compiles to React.createElement so that the UMD build works with the host's React
 * whatever its major version (the automatic runtime's elements are version-specific).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { EsbuildPlugin } from 'esbuild-loader';
import { createDashConfigs } from './components/dash/webpack.config.js';

const root = path.dirname(fileURLToPath(import.meta.url));
const entry = path.join(root, 'components/react/src/index.ts');
const outDir = path.join(root, 'components/react/dist');

/**
 * @param {string} mode
 * @param {'esm' | undefined} format for the minifier: ESM keeps its exports; the UMD script
 *   must stay as it is (given explicitly: by default esbuild-loader wraps it as an IIFE with
 *   CommonJS shims, and the UMD wrapper then takes the `require` branch in a browser)
 */
function base(mode, format) {
  return {
    mode,
    entry,
    devtool: 'source-map',
    resolve: {
      extensions: ['.ts', '.tsx', '.js', '.mjs'],
      // Sources import './x.js' for './x.ts' (ESM with TypeScript).
      extensionAlias: { '.js': ['.ts', '.tsx', '.js'] },
    },
    module: {
      rules: [
        {
          test: /\.tsx?$/,
          loader: 'esbuild-loader',
          options: {
            target: 'es2022',
            // Given inline, so the repository tsconfig's automatic JSX runtime does not apply.
            tsconfigRaw: {
              compilerOptions: {
                jsx: 'react',
                jsxFactory: 'React.createElement',
                jsxFragmentFactory: 'React.Fragment',
                useDefineForClassFields: true,
              },
            },
          },
        },
      ],
    },
    // esbuild minifies in seconds what terser takes minutes for; at es2022 it adds no
    // helpers outside the UMD wrapper (they would be page globals).
    optimization: { minimizer: [new EsbuildPlugin({ target: 'es2022', format })] },
    performance: { hints: false },
  };
}

export default (_env, argv) => {
  const mode = argv.mode === 'development' ? 'development' : 'production';
  return [
    {
      ...base(mode, undefined),
      name: 'umd',
      output: {
        path: outDir,
        filename: 'vegafusion-react.umd.js',
        library: { name: 'VegaFusion', type: 'umd' },
        globalObject: 'globalThis',
      },
      externals: {
        react: { root: 'React', commonjs: 'react', commonjs2: 'react', amd: 'react' },
        'react-dom': { root: 'ReactDOM', commonjs: 'react-dom', commonjs2: 'react-dom', amd: 'react-dom' },
      },
    },
    {
      ...base(mode, 'esm'),
      name: 'esm',
      experiments: { outputModule: true },
      output: {
        path: outDir,
        filename: 'vegafusion-react.esm.js',
        library: { type: 'module' },
        module: true,
      },
    },
    {
      // The Streamlit component's browser side, shipped inside the Python package.
      ...base(mode, 'esm'),
      name: 'streamlit',
      entry: path.join(root, 'components/streamlit/frontend/index.ts'),
      experiments: { outputModule: true },
      output: {
        path: path.join(root, 'components/streamlit/vegafusion_streamlit/frontend'),
        filename: 'index.js',
        library: { type: 'module' },
        module: true,
        chunkFormat: 'module',
      },
    },
    {
      // The Panel component's browser side (an ESM bundle Panel imports), shipped inside
      // the Python package.
      ...base(mode, 'esm'),
      name: 'panel',
      entry: path.join(root, 'components/panel/frontend/index.ts'),
      experiments: { outputModule: true },
      output: {
        path: path.join(root, 'components/panel/vegafusion_panel/dist'),
        filename: 'vegafusion-panel.bundle.js',
        library: { type: 'module' },
        module: true,
        chunkFormat: 'module',
      },
    },
    // The Dash component's browser files, copied into its Python package after the UMD build.
    ...createDashConfigs(mode, ['umd']),
    {
      // The demo dashboard (examples/react), served by `npm start`.
      ...base(mode, undefined),
      name: 'demo',
      entry: path.join(root, 'examples/react/src/main.tsx'),
      output: { path: path.join(root, 'examples/react/dist'), filename: 'main.js' },
      plugins: [new CopyIndexPlugin(path.join(root, 'examples/react/index.html'))],
    },
  ];
};

/** Copies the demo's index.html beside its bundle. */
class CopyIndexPlugin {
  constructor(file) {
    this.file = file;
  }

  apply(compiler) {
    compiler.hooks.thisCompilation.tap('CopyIndexPlugin', (compilation) => {
      compilation.hooks.processAssets.tap({ name: 'CopyIndexPlugin', stage: compiler.webpack.Compilation.PROCESS_ASSETS_STAGE_ADDITIONAL }, () => {
        compilation.emitAsset('index.html', new compiler.webpack.sources.RawSource(readFileSync(this.file, 'utf8')));
      });
    });
  }
}
