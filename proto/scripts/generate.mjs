// Regenerates proto/src/generated/ from vegafusion.proto (static code + type declarations).
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, '..', 'node_modules', '.bin');
const out = join(root, 'src', 'generated');
const proto = join(root, 'vegafusion.proto');

execFileSync(join(bin, 'pbjs'), ['-t', 'static-module', '-w', 'es6', '--es6', '--no-beautify', '--force-number',
  '--no-verify', '--no-delimited', '--no-convert', '-o', join(out, 'vegafusion.js'), proto], { stdio: 'inherit' });
// ESM needs the explicit file extension.
const js = join(out, 'vegafusion.js');
writeFileSync(js, readFileSync(js, 'utf8').replace('"protobufjs/minimal"', '"protobufjs/minimal.js"'));
execFileSync(join(bin, 'pbts'), ['-o', join(out, 'vegafusion.d.ts'), js], { stdio: 'inherit' });
