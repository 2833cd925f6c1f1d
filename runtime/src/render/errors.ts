/** Errors of the render task: a malformed or unsupported mark, or an image out of bounds. */
import { RuntimeError } from '../errors.js';

/** A render task that cannot be drawn; `path` points into its mark JSON. */
export class RenderError extends RuntimeError {}
