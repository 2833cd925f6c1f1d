/**
 * Hand-written Vega (`../shared/corpus/vega`: Vega's own test specs) through the runtime
 * against plain Vega; see corpus-suite.ts. Run alone:
 * `npx vitest run scripts/fidelity/test/vega-corpus.test.ts` (about a minute).
 */
import { fileURLToPath } from 'node:url';
import { describeCorpus } from './corpus-suite.js';

describeCorpus({
  title: 'Vega corpus',
  folder: fileURLToPath(new URL('../../../../shared/corpus/vega', import.meta.url)),
  suffix: '.vg.json',
  budgetMs: 5 * 60_000,
});
