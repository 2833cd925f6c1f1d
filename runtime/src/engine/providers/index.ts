/**
 * External data providers: named database sources (PostgreSQL first), the dialects SQL
 * pushed to them is written in, and what of a pipeline they compute. See
 * docs/sql-dialects.md for the interface a next engine implements.
 */
export { DIALECTS, DUCKDB_DIALECT, POSTGRES_DIALECT, type Dialect, type DialectName } from './dialect.js';
export { compileFilter, pushablePrefix, type PushedPrefix } from './pushdown.js';
export { createPostgresSource, type PostgresSource, type SourceColumn, type SourceTable } from './postgres-source.js';
export { checkSourceEntries, readSources, secretPrefix, SourceConfigError, tableAllowed, type SourceDefinition } from './source-config.js';
export { createSqlSources, withSqlSources, type PushedLoad, type SourcePlanReport, type SqlSources } from './sql-sources.js';
export { renderSourceMetrics, type SourceStats } from './metrics.js';
export { isSqlUrl, parseSqlUrl, SQL_SCHEME, sqlUrl, type SqlTableRef } from './sql-url.js';
