"""Python client of the VegaFusion TS runtime, shared by the Streamlit, Dash and Panel
wrappers: finds or starts the runtime, uploads tables by content hash, turns charts into
specs that reference them, and converts selections."""

from .bundles import BundleNotBuiltError, check_bundle_files
from .errors import (
    NodeNotFoundError,
    RepositoryNotFoundError,
    RepositoryNotInstalledError,
    RuntimeStartError,
    RuntimeUnreachableError,
    SpecError,
    UploadError,
    VegaFusionError,
)
from .runtime import EmbeddedRuntime, Runtime, UploadedDataset, get_runtime, shutdown_embedded_runtime, start_runtime
from .selection import canonical_selection, normalize_selection, resolve_selection_mode, selection_parameters, to_streamlit_event
from .spec import dataset_urls, spec_kind, to_spec
from .sql import SQL_SCHEME, sql_table, sql_table_url
from .tables import encode_table, is_table

__version__ = "0.1.0"

__all__ = [
    "BundleNotBuiltError",
    "EmbeddedRuntime",
    "NodeNotFoundError",
    "RepositoryNotFoundError",
    "RepositoryNotInstalledError",
    "Runtime",
    "RuntimeStartError",
    "RuntimeUnreachableError",
    "SQL_SCHEME",
    "SpecError",
    "UploadError",
    "UploadedDataset",
    "VegaFusionError",
    "canonical_selection",
    "check_bundle_files",
    "dataset_urls",
    "encode_table",
    "get_runtime",
    "is_table",
    "normalize_selection",
    "resolve_selection_mode",
    "selection_parameters",
    "shutdown_embedded_runtime",
    "spec_kind",
    "sql_table",
    "sql_table_url",
    "start_runtime",
    "to_spec",
    "to_streamlit_event",
]
