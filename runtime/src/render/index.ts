/**
 * Server-side rendering of large marks: a render task draws a mark's rows into a PNG
 * (see render-node.ts), so the browser receives an image instead of the rows.
 */
export { IMAGE_SCHEMA, renderTask, fieldsOf, type RenderedImage } from './render-node.js';
export { parseRenderSpec, type RenderSpec, type ScaleSpec, type ChannelSpec } from './render-spec.js';
export { encodePng } from './png.js';
export { RenderError } from './errors.js';
