/**
 * A notice shown inside the chart's element for errors the chart cannot work around and
 * the user should see (an uploaded dataset the runtime no longer holds), rather than a
 * chart silently left empty. It goes away once the runtime answers again.
 */

export interface ErrorNotice {
  /** Shows (or replaces) the notice's text. */
  show(text: string): void;
  /** Hides the notice (it can be shown again). */
  hide(): void;
  /** The text shown, or null when hidden. */
  readonly text: string | null;
}

/** The class of the notice element, for styling by the host page. */
export const ERROR_NOTICE_CLASS = 'vegafusion-error';

/** A notice in `element`: a `div.vegafusion-error` with `role="alert"`, added on first show. */
export function createErrorNotice(element: HTMLElement): ErrorNotice {
  let box: HTMLDivElement | null = null;
  let shown: string | null = null;
  return {
    get text() {
      return shown;
    },
    show(text) {
      if (!box) {
        box = element.ownerDocument.createElement('div');
        box.className = ERROR_NOTICE_CLASS;
        box.setAttribute('role', 'alert');
        box.style.cssText = 'margin:4px 0;padding:6px 10px;border:1px solid #d93025;border-radius:4px;'
          + 'background:#fce8e6;color:#a50e0e;font:12px/1.4 sans-serif;max-width:40em;';
      }
      box.textContent = text;
      // vega-embed may have replaced the element's children since: put it back.
      if (box.parentNode !== element) element.appendChild(box);
      shown = text;
    },
    hide() {
      box?.remove();
      shown = null;
    },
  };
}

/** The notice's text for a dataset the runtime no longer holds. */
export function missingDatasetText(hash: string | undefined): string {
  const which = hash ? ` (dataset ${hash.slice(0, 12)}…)` : '';
  return `This chart's data is no longer on the runtime${which}: it was evicted or deleted. `
    + 'The chart updates once the app uploads it again.';
}
