import { describe, it } from 'vitest';
import { ROWS, expectFilters, expectFormulas } from './harness.js';

/** Expressions in the shapes Vega-Lite compiles filters, sorts, time units and calculates into. */
describe('Vega-Lite expression patterns', () => {
  for (const timeZone of ['America/New_York', 'Asia/Kolkata']) {
    it(`filters in ${timeZone}`, () => expectFilters([
      'isValid(datum["n"]) && isFinite(+datum["n"])', 'datum["s"] !== null && !isNaN(datum["m"])',
      'indexof(["abc", "", "0"], datum["s"]) !== -1', 'inrange(datum["m"], [0, 5])', 'datum["m"] >= 1 && datum["m"] <= 5',
      '(datum["t"]===\'a\')', 'time(datetime(year(datum["d"]), 0, 1)) === time(datetime(2020, 0, 1))',
      'datum["d"] >= time(datetime("2020-03-01"))', 'toDate(datum["d"]) < toDate(1600000000000)',
      'inrange(time(datum["d"]), [time(datetime(2020, 2, 8)), time(datetime(2020, 10, 2))])',
      '!(datum["b"])', 'isDate(datum["d"]) && isValid(datum["d"])',
    ], ROWS, { timeZone }));
    it(`calculates in ${timeZone}`, () => expectFormulas([
      'datetime(year(datum["d"]), month(datum["d"]), date(datum["d"]), hours(datum["d"]), 0, 0, 0)',
      'datetime(utcyear(datum["d"]), 0, 1)', 'isValid(datum["s"]) ? datum["s"] : "null"',
      'datum["m"] + " – " + datum["n"]', 'indexof(["z", "a", "b"], datum["t"])',
      'datum["m"] === null || isNaN(datum["m"]) ? null : datum["m"] * 2', 'toNumber(datum["t"])',
      '"Q" + quarter(datum["d"])', 'timeFormat(datum["d"], "%b %d, %Y")', 'utcFormat(datum["d"], "%Y")',
    ], ROWS, { timeZone }));
  }
});
