import { it } from 'vitest';
import { runEngine } from '../support/engine.js';
import { runVega } from '../support/vega-oracle.js';
import { diffValues } from '../support/compare.js';
const UNITS = [['year'], ['quarter'], ['month'], ['week'], ['isoweek'], ['date'], ['day'], ['dayofyear'], ['hours'], ['year','week','day'], ['year','isoweek','day'], ['year','dayofyear'], ['month','date','hours'], ['year','quarter','month']];
it('scan', async () => {
  const values = []; for (let t = Date.UTC(1850, 0, 1); t < Date.UTC(2035, 0, 1); t += 86400000 * 2 + 3600000 * 7 + 60000 * 17) values.push({ d: new Date(t) });
  for (const tz of (process.env.ZONES ?? '').split(',')) for (const units of UNITS) {
    const c = { values, timeZone: tz, transform: [{ type: 'timeunit', field: 'd', units }] };
    const [a, v] = await Promise.all([runEngine(c), runVega(c)]);
    let n = 0;
    for (let i = 0; i < values.length && n < 2; i++) {
      const d = diffValues(a.rows[i], v.rows[i]);
      if (d) { n++; console.warn('MISMATCH', tz, units.join(), (values[i].d as Date).toISOString(), d); }
    }
  }
}, 600000);
