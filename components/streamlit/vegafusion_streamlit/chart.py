"""`vegafusion_chart`: `st.altair_chart` for large data, computed on a VegaFusion runtime."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Literal

from vegafusion_ts_client import (
    SpecError,
    get_runtime,
    resolve_selection_mode,
    spec_kind,
    to_spec,
    to_streamlit_event,
)

from .component import get_renderer

logger = logging.getLogger(__name__)

OnSelect = Literal["ignore", "rerun"] | Callable[..., Any]
Width = Literal["stretch", "content"] | int
Height = Literal["stretch", "content"] | int
Theme = Literal["streamlit"] | None


def _api_error(message: str) -> Exception:
    from streamlit.errors import StreamlitAPIException

    return StreamlitAPIException(message)


def parse_on_select(on_select: Any) -> tuple[bool, Callable[..., Any] | None]:
    """(report selections?, callback). "rerun" gets a no-op callback: the rerun is the point."""
    if on_select == "ignore" or on_select is None:
        return False, None
    if on_select == "rerun":
        return True, _no_op
    if callable(on_select):
        return True, on_select
    raise _api_error(f'on_select must be "ignore", "rerun" or a callable, not {on_select!r}.')


def _no_op() -> None:
    return None


def is_multi_view(spec: Mapping[str, Any]) -> bool:
    """Charts that Streamlit sizes to their content by default: facets, repeats, horizontal
    concatenations and nested compositions."""
    if any(k in spec for k in ("facet", "repeat", "hconcat")):
        return True
    encoding = spec.get("encoding")
    if isinstance(encoding, Mapping) and any(k in encoding for k in ("row", "column", "facet")):
        return True
    vconcat = spec.get("vconcat")
    if isinstance(vconcat, list):
        return any(isinstance(v, Mapping) and any(k in v for k in ("hconcat", "vconcat", "concat", "layer")) for v in vconcat)
    return False


def resolve_width(spec: Mapping[str, Any], width: Any, use_container_width: bool | None) -> Width:
    """Streamlit's rules: `use_container_width` (deprecated) wins when given; None is
    "stretch" except for multi-view charts."""
    if width is not None and width not in ("stretch", "content") and not (isinstance(width, int) and not isinstance(width, bool) and width > 0):
        raise _api_error(f'width must be "stretch", "content" or a positive int, not {width!r}.')
    if use_container_width is not None:
        if use_container_width:
            return "stretch"
        return width if isinstance(width, int) else "content"
    if width is None:
        return "content" if is_multi_view(spec) else "stretch"
    return width


def check_height(height: Any) -> Height:
    if height in ("stretch", "content") or (isinstance(height, int) and not isinstance(height, bool) and height > 0):
        return height
    raise _api_error(f'height must be "content", "stretch" or a positive int, not {height!r}.')


def fit_container(spec: dict[str, Any], width: Width) -> dict[str, Any]:
    """A stretched single-view Vega-Lite chart without its own width takes the container's."""
    if width != "stretch" or spec_kind(spec) != "vega-lite" or "width" in spec or is_multi_view(spec):
        return spec
    if any(k in spec for k in ("concat", "vconcat")):
        return spec
    return {**spec, "width": "container"}


def check_theme(theme: Any) -> Theme:
    """`st.altair_chart`'s rule: "streamlit" or None, nothing else."""
    if theme == "streamlit" or theme is None:
        return theme
    raise _api_error(f'You set theme={theme!r} while Streamlit charts only support theme="streamlit" or theme=None '
                     "to fall back to the chart's own look.")


def build_component_data(
    spec: dict[str, Any], browser_url: str, token: str | None, params: list[str], height: Height, theme: Theme = "streamlit"
) -> dict[str, Any]:
    """What the browser receives: the spec (datasets by URL), where the runtime is, which
    selections to report, whether to apply the app's theme. Never rows."""
    return {
        "spec": spec,
        "runtime": browser_url,
        "token": token,
        "selectionParams": params,
        "height": height if isinstance(height, int) else None,
        "theme": theme,
    }


def _event(event: dict[str, Any]) -> Any:
    """Streamlit's own event type (attribute access: `event.selection.brush`) when available."""
    try:
        from streamlit.typing import VegaLiteState
        from streamlit.util import ReadOnlyAttributeDictionary
    except ImportError:
        return event
    return VegaLiteState({"selection": ReadOnlyAttributeDictionary(event["selection"])})


def vegafusion_chart(
    chart: Any,
    data: Any = None,
    *,
    on_select: OnSelect = "ignore",
    selection_mode: str | Iterable[str] | None = None,
    key: str | int | None = None,
    width: Width | None = None,
    height: Height = "content",
    use_container_width: bool | None = None,
    theme: Theme = "streamlit",
    runtime_url: str | None = None,
    token: str | None = None,
) -> Any:
    """Displays an Altair chart, Vega-Lite or Vega spec whose data work runs on the
    VegaFusion runtime; the same arguments and return value as `st.altair_chart`.

    Tables (the chart's data, `data=`) are uploaded to the runtime once per content; the
    browser receives the spec with dataset URLs, the runtime's URL and its token. The
    runtime is `runtime_url`/`token`, else $VEGAFUSION_RUNTIME_URL/$VEGAFUSION_TOKEN, else
    one started for this process.

    `theme="streamlit"` draws the chart in the app's theme (its fonts and colors, light or
    dark, as `st.altair_chart` does; the spec's own `config` wins); None keeps Vega's look.

    Returns the selection event `{"selection": {param: value}}` (points: a list of
    records; intervals: `{field: [lo, hi]}`; `{}` when empty). With on_select="ignore"
    every parameter reads as empty.
    """
    report, callback = parse_on_select(on_select)
    resolved_width = resolve_width(chart if isinstance(chart, Mapping) else {}, width, use_container_width)
    resolved_height = check_height(height)
    resolved_theme = check_theme(theme)
    runtime = get_runtime(runtime_url, token)
    spec = to_spec(chart, data, runtime=runtime)
    if width is None and use_container_width is None:
        resolved_width = resolve_width(spec, None, None)
    params: list[str] = []
    if report:
        try:
            params = resolve_selection_mode(spec, selection_mode)
        except SpecError as error:
            raise _api_error(str(error)) from error
    spec = fit_container(spec, resolved_width)
    renderer = get_renderer()
    payload = build_component_data(spec, runtime.browser_url, runtime.token, params, resolved_height, resolved_theme)
    kwargs: dict[str, Any] = {}
    if callback is not None:
        kwargs["on_selection_change"] = callback
        kwargs["default"] = {"selection": {}}
    result = renderer(key=key, data=payload, width=resolved_width, height=resolved_height, **kwargs)
    selection = getattr(result, "selection", None) if report else None
    return _event(to_streamlit_event(selection, params))
