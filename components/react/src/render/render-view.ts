/**
 * vega-embed glue: renders a Vega spec into an element and hands back the live view with
 * one `finalize()` that releases it (timers, event listeners, tooltips).
 */
import vegaEmbed, { type EmbedOptions as VegaEmbedOptions } from 'vega-embed';
import type { Spec, View } from 'vega';

/** vega-embed's options (actions, renderer, theme, tooltip, config, ...); `mode` is always `vega`. */
export type RenderOptions = Omit<VegaEmbedOptions, 'mode'>;

export interface RenderedView {
  view: View;
  /** The spec as rendered (after width/height overrides). */
  spec: Spec;
  /** Releases the view; safe to call more than once. */
  finalize(): void;
}

export interface SizeOptions {
  width?: number;
  height?: number;
}

/** The spec with the given width and height, leaving everything else as it is. */
export function sizedSpec(spec: Spec, size: SizeOptions = {}): Spec {
  if (size.width === undefined && size.height === undefined) return spec;
  return {
    ...spec,
    ...(size.width !== undefined ? { width: size.width } : {}),
    ...(size.height !== undefined ? { height: size.height } : {}),
  };
}

/** Renders `spec` (Vega) into `element` with vega-embed. */
export async function renderVega(
  element: HTMLElement, spec: Spec, options: RenderOptions = {}, size: SizeOptions = {},
): Promise<RenderedView> {
  const rendered = sizedSpec(spec, size);
  // A host of its own per render: vega-embed clears its element, and an overlapping
  // render (a spec replaced while the old one is still loading) must not wipe the other.
  const host = element.ownerDocument.createElement('div');
  element.appendChild(host);
  let result;
  try {
    result = await vegaEmbed(host, rendered, { ...options, mode: 'vega' });
  } catch (error) {
    host.remove();
    throw error;
  }
  const embedded = result;
  let finalized = false;
  return {
    view: embedded.view,
    spec: rendered,
    finalize() {
      if (finalized) return;
      finalized = true;
      embedded.finalize();
      host.remove();
    },
  };
}

/** Resizes a rendered view in place (no re-embed). */
export async function resizeView(view: View, size: SizeOptions): Promise<void> {
  if (size.width !== undefined) view.width(size.width);
  if (size.height !== undefined) view.height(size.height);
  await view.runAsync();
}
