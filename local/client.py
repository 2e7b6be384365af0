"""A JSON call to the running local stack, as a client makes it: what the e2e tests and the
benchmarks share."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any


def json_call(method: str, url: str, body: Any = None, token: str | None = None) -> tuple[int, Any]:
    """(status, parsed JSON) of a JSON call, errors included."""
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())
