/**
 * Browser files of the Dash component, written to components/dash/vegafusion_dash/dist/
 * (served by Dash from the installed package, never committed):
 * - vegafusion_dash.js: registers `window.vegafusion_dash.VegaFusionChart`; React and
 *   `@vegafusion-ts/react` are the page's globals `React` and `VegaFusion`;
 * - a copy of components/react/dist/vegafusion-react.umd.js (the global `VegaFusion`),
 *   since Dash serves a component's scripts from inside its Python package.
 *
 * `createDashConfigs(mode, dependencies)` is for the root webpack.config.js, with
 * `['umd']` so that the copy is taken after the UMD build; run alone (`npx webpack
 * --config components/dash/webpack.config.js`) it copies the UMD bundle already built.
 */
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { EsbuildPlugin } from 'esbuild-loader';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const outDir = path.join(here, 'vegafusion_dash', 'dist');
const umdDir = path.join(root, 'components/react/dist');
const UMD_FILES = ['vegafusion-react.umd.js', 'vegafusion-react.umd.js.map', 'vegafusion-react.umd.js.LICENSE.txt'];

/** Copies the UMD bundle into the package after each build; an error when it is not built. */
class CopyUmdPlugin {
  apply(compiler) {
    compiler.hooks.afterEmit.tap('CopyUmdPlugin', (compilation) => {
      if (!existsSync(path.join(umdDir, UMD_FILES[0]))) {
        compilation.errors.push(new compiler.webpack.WebpackError(
          `${path.join(umdDir, UMD_FILES[0])} is missing: run \`npm run build:web\` (the umd bundle) first`));
        return;
      }
      mkdirSync(outDir, { recursive: true });
      for (const name of UMD_FILES) {
        const from = path.join(umdDir, name);
        if (existsSync(from)) copyFileSync(from, path.join(outDir, name));
      }
    });
  }
}

/**
 * @param {'production' | 'development'} mode
 * @param {string[]} dependencies names of configs to build first (the root config's `umd`)
 */
export function createDashConfigs(mode, dependencies = []) {
  return [
    {
      name: 'dash',
      dependencies,
      mode,
      entry: path.join(here, 'src/index.ts'),
      devtool: 'source-map',
      resolve: {
        extensions: ['.ts', '.js'],
        extensionAlias: { '.js': ['.ts', '.js'] },
      },
      module: {
        rules: [{ test: /\.ts$/, loader: 'esbuild-loader', options: { target: 'es2022' } }],
      },
      // The page's globals: Dash loads React, this package loads the UMD bundle before this file.
      externals: { react: 'React', '@vegafusion-ts/react': 'VegaFusion' },
      output: { path: outDir, filename: 'vegafusion_dash.js', clean: false },
      optimization: { minimizer: [new EsbuildPlugin({ target: 'es2022' })] },
      plugins: [new CopyUmdPlugin()],
      performance: { hints: false },
    },
  ];
}

export default (_env, argv) => createDashConfigs(argv.mode === 'development' ? 'development' : 'production');
