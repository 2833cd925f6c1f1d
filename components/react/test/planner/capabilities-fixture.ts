/**
 * A realistic runtime announcement for planner tests (the runtime's own list is wired in
 * later): the transforms, ops and functions a DuckDB engine computes exactly.
 */
import type { RuntimeCapabilities } from '../../src/planner/index.js';

const AGGREGATE_OPS = [
  'count', 'valid', 'missing', 'distinct', 'sum', 'mean', 'average', 'variance', 'variancep', 'stdev', 'stdevp',
  'median', 'q1', 'q3', 'min', 'max',
];

export const TEST_CAPABILITIES: RuntimeCapabilities = {
  protocolVersion: 1,
  runtimeVersion: 'test',
  transforms: [
    'filter', 'formula', 'project', 'collect', 'extent', 'bin', 'aggregate', 'joinaggregate', 'window', 'timeunit',
    'stack', 'impute', 'pivot', 'fold', 'flatten', 'lookup', 'sequence', 'identifier',
  ],
  aggregateOps: AGGREGATE_OPS,
  windowOps: [
    'row_number', 'rank', 'dense_rank', 'percent_rank', 'cume_dist', 'ntile', 'lag', 'lead', 'first_value',
    'last_value', 'nth_value', ...AGGREGATE_OPS,
  ],
  expressionFunctions: [
    'isValid', 'isFinite', 'isNaN', 'isDate', 'isNumber', 'isString', 'isBoolean', 'isArray', 'isObject',
    'toNumber', 'toString', 'toBoolean', 'toDate', 'abs', 'ceil', 'floor', 'round', 'sqrt', 'pow', 'exp', 'log',
    'min', 'max', 'clamp', 'length', 'indexof', 'lastindexof', 'substring', 'slice', 'upper', 'lower', 'trim',
    'replace', 'pad', 'datetime', 'utc', 'now', 'time', 'year', 'quarter', 'month', 'date', 'day', 'hours',
    'minutes', 'seconds', 'milliseconds', 'utcyear', 'utcquarter', 'utcmonth', 'utcdate', 'utcday', 'utchours',
    'utcminutes', 'utcseconds', 'utcmilliseconds', 'if', 'inrange', 'span', 'data', 'indata', 'vlSelectionTest',
    'vlSelectionIdTest',
  ],
  dataFormats: ['json', 'csv', 'tsv', 'dsv', 'arrow', 'parquet'],
  transformParams: {
    filter: ['expr'],
    formula: ['expr', 'as', 'initonly'],
    project: ['fields', 'as'],
    collect: ['sort'],
    extent: ['field', 'signal'],
    bin: ['field', 'interval', 'anchor', 'maxbins', 'base', 'divide', 'extent', 'span', 'step', 'steps', 'minstep',
      'nice', 'name', 'as', 'signal'],
    aggregate: ['groupby', 'fields', 'ops', 'as', 'cross', 'drop', 'key'],
    joinaggregate: ['groupby', 'fields', 'ops', 'as', 'key'],
    window: ['sort', 'groupby', 'ops', 'params', 'fields', 'as', 'frame', 'ignorePeers'],
    timeunit: ['field', 'interval', 'units', 'step', 'timezone', 'extent', 'maxbins', 'signal', 'as'],
    stack: ['field', 'groupby', 'sort', 'offset', 'as'],
    impute: ['field', 'key', 'keyvals', 'groupby', 'method', 'value'],
    pivot: ['groupby', 'field', 'value', 'limit', 'op', 'key'],
    fold: ['fields', 'as'],
    flatten: ['fields', 'index', 'as'],
    lookup: ['from', 'key', 'fields', 'values', 'as', 'default'],
    sequence: ['start', 'stop', 'step', 'as'],
    identifier: ['as'],
  },
};
