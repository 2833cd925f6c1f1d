/**
 * The demo dashboard's charts: a crossfilter over the 3 million flights of
 * vega-datasets, and a few gallery charts. Every data URL resolves in the runtime's data
 * root; the browser only ever receives the aggregated rows it draws.
 */

/** Three linked histograms with interval brushes over data/flights-3m.parquet. */
export const flightsCrossfilter = {
  $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
  description: 'Flights crossfilter: brush any histogram to filter the others (3,000,000 rows).',
  data: { url: 'data/flights-3m.parquet', format: { type: 'parquet' } },
  transform: [{ calculate: 'hours(datum.date) + minutes(datum.date) / 60', as: 'time' }],
  repeat: { column: ['distance', 'delay', 'time'] },
  spec: {
    width: 260,
    height: 140,
    layer: [
      {
        params: [{ name: 'brush', select: { type: 'interval', encodings: ['x'] } }],
        mark: 'bar',
        encoding: {
          x: { field: { repeat: 'column' }, bin: { maxbins: 20 }, type: 'quantitative' },
          y: { aggregate: 'count', type: 'quantitative', title: 'flights' },
        },
      },
      {
        transform: [{ filter: { param: 'brush' } }],
        mark: 'bar',
        encoding: {
          x: { field: { repeat: 'column' }, bin: { maxbins: 20 }, type: 'quantitative' },
          y: { aggregate: 'count', type: 'quantitative' },
          color: { value: 'goldenrod' },
        },
      },
    ],
  },
};

/** Mean delay by origin airport for the 3M flights: a bar chart of a grouped aggregate. */
export const delayByOrigin = {
  $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
  description: 'Mean delay of the 20 busiest origin airports.',
  data: { url: 'data/flights-3m.parquet', format: { type: 'parquet' } },
  transform: [
    { aggregate: [{ op: 'count', as: 'flights' }, { op: 'mean', field: 'delay', as: 'mean_delay' }], groupby: ['origin'] },
    { window: [{ op: 'row_number', as: 'rank' }], sort: [{ field: 'flights', order: 'descending' }] },
    { filter: 'datum.rank <= 20' },
  ],
  mark: 'bar',
  encoding: {
    y: { field: 'origin', type: 'nominal', sort: '-x', title: 'origin' },
    x: { field: 'mean_delay', type: 'quantitative', title: 'mean delay (minutes)' },
    tooltip: [{ field: 'origin' }, { field: 'flights', type: 'quantitative' }, { field: 'mean_delay', type: 'quantitative', format: '.1f' }],
  },
  width: 300,
};

/** Binned heatmap of IMDB against Rotten Tomatoes ratings (gallery: rect_binned_heatmap). */
export const moviesHeatmap = {
  $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
  data: { url: 'data/movies.json' },
  transform: [{ filter: { and: [{ field: 'IMDB Rating', valid: true }, { field: 'Rotten Tomatoes Rating', valid: true }] } }],
  mark: 'rect',
  width: 300,
  height: 200,
  encoding: {
    x: { bin: { maxbins: 60 }, field: 'IMDB Rating', type: 'quantitative' },
    y: { bin: { maxbins: 40 }, field: 'Rotten Tomatoes Rating', type: 'quantitative' },
    color: { aggregate: 'count', type: 'quantitative' },
  },
  config: { view: { stroke: 'transparent' } },
};

/** Monthly mean precipitation in Seattle (gallery: bar_month). */
export const seattleMonthly = {
  $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
  data: { url: 'data/seattle-weather.csv' },
  mark: 'bar',
  encoding: {
    x: { timeUnit: 'month', field: 'date', type: 'ordinal' },
    y: { aggregate: 'mean', field: 'precipitation', type: 'quantitative' },
  },
};

export const gallery = [
  { title: 'Mean delay by origin (3M flights)', spec: delayByOrigin },
  { title: 'IMDB vs Rotten Tomatoes', spec: moviesHeatmap },
  { title: 'Seattle: mean precipitation by month', spec: seattleMonthly },
];
