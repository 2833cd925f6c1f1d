/**
 * A corpus as a test suite: every spec of `folder` (files ending in `suffix`), planned
 * through the real runtime, must render what plain Vega renders (initially and after each
 * interaction step), or be random in plain Vega itself. The exceptions are listed, with
 * their reason, in known-differences.json (keyed by file name; the suffix tells the
 * corpus); a listed spec that starts passing fails too, so that the list stays true. The
 * suite is skipped, saying why, when the corpus is not beside the repository.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listSpecFiles, runFidelity, verdict, type SpecOutcome } from '../run.js';

const KNOWN_FILE = new URL('../known-differences.json', import.meta.url);

export interface CorpusSuite {
  title: string;
  folder: string;
  suffix: '.vl.json' | '.vg.json';
  /** Time for the whole run, in milliseconds. */
  budgetMs: number;
}

export function describeCorpus({ title, folder, suffix, budgetMs }: CorpusSuite): void {
  const known = JSON.parse(readFileSync(KNOWN_FILE, 'utf8')) as Record<string, string>;
  const present = existsSync(folder);
  const files = present ? listSpecFiles([folder]) : [];
  const names = new Set(files.map((f) => basename(f)));

  describe.skipIf(!present)(`fidelity of the ${title} (${present ? folder : `skipped: ${folder} is absent`})`, () => {
    const outcomes = new Map<string, SpecOutcome>();
    const zone = process.env.TZ;

    beforeAll(async () => {
      // A zone with daylight saving makes local-time bugs visible.
      process.env.TZ = 'America/New_York';
      for (const o of await runFidelity(files, { timeoutMs: 30_000 })) outcomes.set(basename(o.file), o);
    }, budgetMs);

    afterAll(() => {
      process.env.TZ = zone;
    });

    it(`lists only specs of this corpus as known differences (names ending in ${suffix})`, () => {
      expect(Object.keys(known).filter((name) => name.endsWith(suffix) && !names.has(name))).toEqual([]);
    });

    it.each([...names])('%s', (name) => {
      expect(verdict(name, outcomes.get(name), known[name])).toBeNull();
    });
  });
}
