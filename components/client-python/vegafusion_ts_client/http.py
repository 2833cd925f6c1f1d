"""Minimal HTTP over the standard library, so the client has no HTTP dependency."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any

from .errors import RuntimeUnreachableError


@dataclass(frozen=True)
class Response:
    status: int
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body.decode("utf-8"))

    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


def request(
    method: str,
    url: str,
    *,
    body: bytes | None = None,
    token: str | None = None,
    content_type: str | None = None,
    timeout: float = 30.0,
) -> Response:
    """Sends one request; HTTP error statuses come back as a Response, not an exception.

    Raises RuntimeUnreachableError when no HTTP answer arrives (refused, timed out, DNS).
    """
    headers = {"Accept": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    if content_type:
        headers["Content-Type"] = content_type
    req = urllib.request.Request(url, data=body, method=method, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as res:
            return Response(res.status, res.read())
    except urllib.error.HTTPError as error:
        return Response(error.code, error.read() or b"")
    except (urllib.error.URLError, OSError, ValueError) as error:
        reason = getattr(error, "reason", error)
        raise RuntimeUnreachableError(
            f"The VegaFusion runtime at {url} did not answer ({reason}). Check that it is running and "
            "that the URL (VEGAFUSION_RUNTIME_URL or runtime_url=) is right, or leave both unset to "
            "start the embedded runtime."
        ) from error
