"""Domain errors to HTTP, in one table, in the error shape of API.md."""

from __future__ import annotations

import functools
import json
import traceback
from collections.abc import Callable
from pathlib import Path
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

# On every answer: no cache keeps a copy of someone's data (browsers, proxies), and no browser
# guesses a type other than the one declared.
RESPONSE_HEADERS = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}
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
    """Chalice middleware never sees exceptions raised in views, so each view maps its own.
    Anything else is a bug: Chalice would log it with the exception's text, which may quote
    what was submitted (a pydantic error quotes its input), so it is logged here by type and
    place only, and answered in the API's shape."""

    @functools.wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        try:
            return view(*args, **kwargs)
        except DomainError as error:
            return error_response(error)
        except Exception as error:
            logger.error("unhandled error", error_type=type(error).__name__, where=_where(error))
            return Response(
                error_body("internal_error", message("internal_error")), status_code=500
            )

    return wrapped


def _where(error: BaseException) -> list[str]:
    """The innermost frames of the traceback, without a word of the error's message."""
    frames = traceback.extract_tb(error.__traceback__)[-5:]
    return [f"{Path(frame.filename).name}:{frame.lineno}:{frame.name}" for frame in frames]


def finish_response(response: Response) -> Response:
    """Every answer leaves through here (the app's HTTP middleware)."""
    response = normalize_chalice_error(response)
    for name, value in RESPONSE_HEADERS.items():
        response.headers.setdefault(name, value)
    return response


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
