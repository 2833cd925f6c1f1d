/**
 * Every Vega-Lite spec of the shared corpus, planned through the real runtime, must render
 * what plain Vega renders (initially and after each brush step), or be random in plain
 * Vega itself. The exceptions are listed, with their reason, in known-differences.json;
 * a listed spec that starts passing fails too, so that the list stays true.
 * Run alone: `npx vitest run scripts/fidelity/test` (a few minutes).
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listSpecFiles, runFidelity, verdict, type SpecOutcome } from '../run.js';

const CORPUS = fileURLToPath(new URL('../../../../shared/corpus/vega-lite', import.meta.url));
const KNOWN_FILE = new URL('../known-differences.json', import.meta.url);
const KNOWN = JSON.parse(readFileSync(KNOWN_FILE, 'utf8')) as Record<string, string>;
const present = existsSync(CORPUS);
const files = present ? listSpecFiles([CORPUS]) : [];
const names = new Set(files.map((f) => basename(f)));

describe.skipIf(!present)(`fidelity of the Vega-Lite corpus (${present ? CORPUS : `skipped: ${CORPUS} is absent`})`, () => {
  const outcomes = new Map<string, SpecOutcome>();
  const zone = process.env.TZ;

  beforeAll(async () => {
    // A zone with daylight saving makes local-time bugs visible.
    process.env.TZ = 'America/New_York';
    for (const o of await runFidelity(files, { timeoutMs: 30_000 })) outcomes.set(basename(o.file), o);
  }, 8 * 60_000);

  afterAll(() => {
    process.env.TZ = zone;
  });

  it('lists only specs of the corpus as known differences', () => {
    expect(Object.keys(KNOWN).filter((name) => !names.has(name))).toEqual([]);
  });

  it.each([...names])('%s', (name) => {
    expect(verdict(name, outcomes.get(name), KNOWN[name])).toBeNull();
  });
});
