/**
 * The shared spec corpus, which sits beside the repository (`../shared/corpus`), as in
 * every checkout and CI run.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Folder of the Vega-Lite gallery specs. */
export const CORPUS = fileURLToPath(new URL('../../../../../shared/corpus/vega-lite', import.meta.url));

/** Whether the corpus is there (tests that need it skip, saying why, when it is not). */
export const HAS_CORPUS = existsSync(CORPUS);
