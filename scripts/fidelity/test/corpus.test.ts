/**
 * The Vega-Lite gallery (`../shared/corpus/vega-lite`) through the runtime against plain
 * Vega; see corpus-suite.ts. Run alone: `npx vitest run scripts/fidelity/test/corpus.test.ts`
 * (a few minutes).
 */
import { fileURLToPath } from 'node:url';
import { describeCorpus } from './corpus-suite.js';

describeCorpus({
  title: 'Vega-Lite corpus',
  folder: fileURLToPath(new URL('../../../../shared/corpus/vega-lite', import.meta.url)),
  suffix: '.vl.json',
  budgetMs: 12 * 60_000,
});
