"""Domain errors to HTTP, in one table, in the error shape of API.md."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from typing import Any

from chalice.app import Response

from chalicelib.domain.errors import (
    Conflict,
    DomainError,
    Forbidden,
    InvalidInput,
    NotFound,
    RateLimited,
    RejectedAttachment,
    Unauthorized,
    Unavailable,
)
from chalicelib.domain.messages import message
from chalicelib.observability import logger

STATUS: dict[type[DomainError], int] = {
    InvalidInput: 400,
    Unauthorized: 401,
    Forbidden: 403,
    NotFound: 404,
    Conflict: 409,
    RejectedAttachment: 422,
    RateLimited: 429,
    Unavailable: 503,
}

# Chalice answers some errors itself, in its own shape; these become ours.
_CHALICE_CODES = {
    400: "malformed_json",
    403: "forbidden",
    404: "route_not_found",
    405: "method_not_allowed",
    415: "unsupported_media_type",
    500: "internal_error",
}


def error_body(code: str, text: str, fields: dict[str, str] | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"code": code, "message": text}
    if fields:
        body["fields"] = fields
    return body


def error_response(error: DomainError) -> Response:
    headers: dict[str, str | list[str]] = {}
    if isinstance(error, RateLimited):
        headers["Retry-After"] = str(error.retry_after)
    return Response(
        error_body(error.key, error.message, error.fields),
        status_code=STATUS[type(error)],
        headers=headers,
    )


def maps_errors(view: Callable[..., Any]) -> Callable[..., Any]:
    """Chalice middleware never sees exceptions raised in views, so each view maps its own."""

    @functools.wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        try:
            return view(*args, **kwargs)
        except DomainError as error:
            return error_response(error)

    return wrapped


def normalize_chalice_error(response: Response) -> Response:
    """Chalice's own errors ({"Code", "Message"}) rewritten in our shape, in pt-BR."""
    body = response.body
    if isinstance(body, str | bytes):
        try:
            body = json.loads(body)
        except ValueError:
            return response
    if response.status_code < 400 or not isinstance(body, dict) or "Code" not in body:
        return response
    code = _CHALICE_CODES.get(response.status_code, "internal_error")
    if response.status_code >= 500:
        logger.error("unhandled error", chalice_code=body.get("Code"))
    response.body = error_body(code, message(code))
    response.headers["Content-Type"] = "application/json"
    return response
