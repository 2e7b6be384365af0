"""API Gateway's own answers (an unknown route, a call without credentials, throttling, its
own failures) in the API's error shape and words, as the app answers everything else. The
local stack's server does the same (local/api_server.py)."""

from __future__ import annotations

import json
from typing import Any

from chalicelib.api.errors import RESPONSE_HEADERS
from chalicelib.domain.messages import message

# Gateway response type -> (HTTP status, the API's error code).
RESPONSES = {
    "MISSING_AUTHENTICATION_TOKEN": (404, "route_not_found"),  # how REST APIs answer no route
    "UNAUTHORIZED": (401, "unauthorized"),
    "ACCESS_DENIED": (403, "forbidden"),
    "THROTTLED": (429, "rate_limited"),
    "REQUEST_TOO_LARGE": (413, "invalid_input"),
    "DEFAULT_5XX": (500, "internal_error"),
}


def gateway_responses(web_origin: str) -> dict[str, Any]:
    """The `GatewayResponses` of the SAM API: our shape, and CORS so the pages can read it."""
    return {
        kind: {
            "StatusCode": str(status),
            "ResponseParameters": {
                "Headers": {"Access-Control-Allow-Origin": f"'{web_origin}'"}
                | {name: f"'{value}'" for name, value in RESPONSE_HEADERS.items()}
            },
            "ResponseTemplates": {
                "application/json": json.dumps(
                    {"code": code, "message": message(code), "fields": {}}, ensure_ascii=False
                )
            },
        }
        for kind, (status, code) in RESPONSES.items()
    }
