/**
 * Error messages leave the runtime without the server's absolute paths: a client learns
 * which data URL failed, not where the data roots or temporary files live.
 */
import { realpathSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';

/** A function that replaces known server folders in a message with placeholders. */
export type Redactor = (message: string) => string;

function variants(dir: string): string[] {
  const out = [path.resolve(dir)];
  try {
    out.push(realpathSync(dir));
  } catch {
    // a folder that does not exist (yet) is only known by its given name
  }
  return out;
}

/**
 * Builds a redactor for the data roots (shown as `<data root>`), the runtime's own folder
 * the upload store and the temp folder (`<runtime>`, `<store>`, `<temp>`), the working directory and home (`<server>`).
 * Longer folders are replaced first, so a root inside the home folder keeps its name.
 */
export function createRedactor(folders: { dataRoots: readonly string[]; runtimeDir?: string; storeDir?: string }): Redactor {
  const pairs: [string, string][] = [];
  for (const root of folders.dataRoots) for (const v of variants(root)) pairs.push([v, '<data root>']);
  if (folders.runtimeDir) for (const v of variants(folders.runtimeDir)) pairs.push([v, '<runtime>']);
  if (folders.storeDir) for (const v of variants(folders.storeDir)) pairs.push([v, '<store>']);
  for (const v of variants(tmpdir())) pairs.push([v, '<temp>']);
  for (const v of [...variants(process.cwd()), ...variants(homedir())]) pairs.push([v, '<server>']);
  const known = pairs.filter(([p]) => p.length > 1).sort((a, b) => b[0].length - a[0].length);
  return (message) => {
    let out = message;
    for (const [dir, label] of known) if (out.includes(dir)) out = out.split(dir).join(label);
    return out;
  };
}
