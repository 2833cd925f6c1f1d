/**
 * @vegafusion-ts/react: the chart component, the framework-free `embed`, the client
 * runtime and the planner.
 */
export { VegaFusionChart, type VegaFusionChartProps } from './Chart.js';
export { embed, type EmbedOptions, type EmbedResult } from './embed.js';
export * from './client/index.js';
export * from './render/index.js';
export * from './planner/index.js';
