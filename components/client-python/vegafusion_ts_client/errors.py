"""Exceptions of the VegaFusion TS client.

Every error says what went wrong and what to do about it. Each class carries a
``code`` (the same spirit as the runtime's structured errors) so callers can branch
on the kind of failure without parsing messages.
"""

from __future__ import annotations


class VegaFusionError(Exception):
    """Base class of every error raised by ``vegafusion_ts_client``."""

    code = "vegafusion_error"


class NodeNotFoundError(VegaFusionError):
    """Node.js is needed to start the embedded runtime and was not found."""

    code = "node_not_found"


class RepositoryNotFoundError(VegaFusionError):
    """The VegaFusion TS checkout (which holds the runtime) could not be located."""

    code = "repository_not_found"


class RepositoryNotInstalledError(VegaFusionError):
    """The checkout was found but its npm dependencies are not installed."""

    code = "repository_not_installed"


class RuntimeStartError(VegaFusionError):
    """The runtime process exited or did not announce itself in time."""

    code = "runtime_start_failed"


class RuntimeUnreachableError(VegaFusionError):
    """The runtime did not answer over HTTP."""

    code = "runtime_unreachable"


class UploadError(VegaFusionError):
    """The runtime refused a dataset upload."""

    code = "upload_refused"

    def __init__(self, message: str, *, status: int | None = None, server_code: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.server_code = server_code


class SpecError(VegaFusionError, ValueError):
    """A chart spec, or an argument describing it, cannot be used."""

    code = "bad_spec"
