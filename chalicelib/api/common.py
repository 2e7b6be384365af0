"""What every view needs from the request: its JSON body as a typed value, its caller, its page,
and the per-address limits of the open routes."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Mapping
from datetime import datetime
from typing import Any, TypeVar

from chalice.app import Request
from pydantic import BaseModel, ValidationError

from chalicelib import dependencies
from chalicelib.domain.errors import InvalidInput, Unauthorized
from chalicelib.domain.fields import field_errors
from chalicelib.domain.messages import message
from chalicelib.domain.sessions import Session

DEFAULT_LIMIT, MAX_LIMIT = 25, 100
Input = TypeVar("Input", bound=BaseModel)


def json_object(request: Request) -> dict[str, Any]:
    """The body as a JSON object, or a 400 that says so."""
    try:
        body = json.loads(request.raw_body or b"{}")
    except (ValueError, UnicodeDecodeError, RecursionError) as error:
        # RecursionError: nesting deeper than the parser's stack ("[" * 1000).
        raise InvalidInput("malformed_json") from error
    if not isinstance(body, dict):
        raise InvalidInput("malformed_json")
    return body


def parse(model: type[Input], values: Mapping[str, Any]) -> Input:
    """A body or query string as the use case's typed input, or a 400 naming each field at
    fault in pt-BR; a check that raises InvalidInput itself answers as it says."""
    try:
        return model.model_validate(dict(values))
    except ValidationError as error:
        raise InvalidInput(fields=field_errors(error)) from error


def authenticated_session(request: Request) -> Session:
    """The professional's session the authorizer vouched for. The authorizer lets bad tokens
    through with no identity so that this answers 401 in the API's error shape; its answers are
    cached by API Gateway, so the expiry is checked again here. Whether the session was ended
    before its expiry is for the route to check on the record it reads (services/sessions.py)."""
    context = request.context.get("authorizer") or {}
    if not context.get("document") or int(context.get("exp", 0)) <= time.time():
        raise Unauthorized()
    return Session.from_context(context)


def page(request: Request) -> tuple[int, str | None]:
    query: Mapping[str, str] = request.query_params or {}
    raw_limit = query.get("limit", str(DEFAULT_LIMIT))
    if not re.fullmatch(r"[0-9]{1,3}", raw_limit) or not 1 <= int(raw_limit) <= MAX_LIMIT:
        raise InvalidInput(fields={"limit": message("invalid_limit")})
    return int(raw_limit), query.get("cursor") or None


def client_ip(request: Request) -> str:
    return str(request.context.get("identity", {}).get("sourceIp", "unknown"))


def limit_per_minute(request: Request, name: str, per_minute: int, now: datetime) -> None:
    """Counts one call of `name` from the caller's address: RateLimited (429) past
    `per_minute` in a minute."""
    moment = int(now.timestamp())
    dependencies.rate_limiter().hit(name, client_ip(request), per_minute, 60, moment)
