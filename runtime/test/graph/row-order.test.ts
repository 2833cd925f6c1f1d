/**
 * Rows read straight from a Parquet file and only projected or filtered come out in file
 * order without a sort (DuckDB keeps the scan's order); anything that regroups rows is
 * sorted by the order column as before. Either way the rows are Vega's order.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { arrowToRows, decodeArrow, Namespace, type ITaskGraph } from '@vegafusion-ts/proto';
import { createServices, defaultConfig, evaluateQuery, type EvaluateServices } from '../../src/index.js';
import type { SqlEngine } from '../../src/engine/duckdb.js';
import { defaultDataRoot } from '../../src/config.js';

const data = (name: string) => ({ name, namespace: Namespace.NAMESPACE_DATA });

function graph(pipeline: unknown[]): ITaskGraph {
  return {
    nodes: [{
      variable: data('flights'),
      task: { url: { url: 'data/flights-3m.parquet', formatJson: '{"type":"parquet"}', pipelineJson: JSON.stringify(pipeline) } },
    }],
  };
}

let services: EvaluateServices;
let engine: SqlEngine;
const statements: string[] = [];

beforeAll(async () => {
  const made = await createServices(defaultConfig());
  services = made.services;
  engine = made.engine;
  const columns = engine.queryColumns!.bind(engine);
  engine.queryColumns = async (sql, signal) => { statements.push(sql); return columns(sql, signal); };
});
afterAll(async () => engine?.close());

async function rowsAndSql(pipeline: unknown[]) {
  const before = statements.length;
  const r = await evaluateQuery({ timeZone: 'UTC', graph: graph(pipeline), items: [{ node: 0, columns: ['delay', 'distance', 'd2'] }] }, services);
  return { rows: arrowToRows(decodeArrow(r.values![0].value!.arrow!)), sql: statements.slice(before).join('\n') };
}

describe('row order of file scans', () => {
  it('keeps file order without sorting through filters, formulas and bins', async () => {
    const pipeline = [
      { type: 'filter', expr: 'datum.delay > 240' },
      { type: 'formula', expr: 'datum.distance * 2', as: 'd2' },
      { type: 'bin', field: 'delay', extent: [0, 2000], maxbins: 10 },
    ];
    const { rows, sql } = await rowsAndSql(pipeline);
    expect(sql).not.toContain('ORDER BY');
    expect(rows.length).toBeGreaterThan(5_000);
    // The same rows sorted explicitly by their position in the file.
    const sorted = await engine.queryRows(
      `SELECT delay::DOUBLE AS delay, distance::DOUBLE AS distance, distance::DOUBLE * 2 AS d2 FROM read_parquet('${defaultDataRoot()}/data/flights-3m.parquet', file_row_number = true) WHERE delay > 240 ORDER BY file_row_number`,
    );
    expect(rows).toEqual(sorted);
  });

  it('sorts by the order column after a transform that regroups rows', async () => {
    const { rows, sql } = await rowsAndSql([
      { type: 'filter', expr: 'datum.delay > 240' },
      { type: 'collect', sort: { field: 'distance' } },
      { type: 'formula', expr: 'datum.distance * 2', as: 'd2' },
    ]);
    expect(sql).toContain('ORDER BY');
    const distances = rows.map((r) => r.distance as number);
    expect(distances).toEqual([...distances].sort((a, b) => a - b));
  });
});

describe('row order of tables filled from rows', () => {
  it('keeps the rows\' order without sorting, across the table\'s row groups', async () => {
    // More rows than a DuckDB row group (122,880), so the scan runs in parallel.
    const values = Array.from({ length: 300_000 }, (_, i) => ({ k: (i * 7919) % 300_007, v: i % 97 }));
    const before = statements.length;
    const r = await evaluateQuery({
      timeZone: 'UTC',
      graph: { nodes: [{ variable: data('rows'), task: { values: { valuesJson: JSON.stringify(values), pipelineJson: JSON.stringify([{ type: 'filter', expr: 'datum.v < 50' }, { type: 'formula', expr: 'datum.k + 1', as: 'k1' }]) } } }] },
      items: [{ node: 0, columns: ['k', 'k1'] }],
    }, services);
    expect(statements.slice(before).join('\n')).not.toContain('ORDER BY');
    const rows = arrowToRows(decodeArrow(r.values![0].value!.arrow!));
    expect(rows).toEqual(values.filter((x) => x.v < 50).map((x) => ({ k: x.k, k1: x.k + 1 })));
  });
});


describe('the row guard', () => {
  // The LIMIT that keeps a result over the row limit from filling memory is left out
  // where the source's row count already keeps it under.
  const limitOf = (sql: string) => /LIMIT \d+/.test(sql);

  it('is left out for a file within the limit, through transforms that never add rows', async () => {
    const { rows, sql } = await rowsAndSql([{ type: 'filter', expr: 'datum.delay > 600' }, { type: 'formula', expr: 'datum.distance * 2', as: 'd2' }]);
    expect(rows.length).toBeGreaterThan(100);
    expect(limitOf(sql)).toBe(false);
  });

  it('stays after a transform that may add rows', async () => {
    const { sql } = await rowsAndSql([{ type: 'filter', expr: 'datum.delay > 600' }, { type: 'fold', fields: ['delay', 'distance'] }]);
    expect(limitOf(sql)).toBe(true);
  });

  it('stays, and refuses the result, where the source holds more rows than the limit', async () => {
    const limit = services.maxResultRows;
    services.maxResultRows = 1000;
    try {
      const few = await rowsAndSql([{ type: 'filter', expr: 'datum.delay > 1400' }]);
      expect(few.rows.length).toBeLessThanOrEqual(1000);
      expect(limitOf(few.sql)).toBe(true);
      await expect(rowsAndSql([{ type: 'filter', expr: 'datum.delay > 0' }])).rejects.toMatchObject({ code: 'limit_exceeded' });
    } finally {
      services.maxResultRows = limit;
    }
  });
});
