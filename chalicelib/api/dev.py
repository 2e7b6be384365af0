"""Routes of the local stack only (stage `local`); every other stage answers 404."""

from __future__ import annotations

from typing import Any

from chalice import Blueprint

from chalicelib import dependencies
from chalicelib.adapters.mail import read_local_outbox
from chalicelib.api.errors import maps_errors
from chalicelib.domain.errors import NotFound

dev_routes = Blueprint(__name__)


@dev_routes.route("/_dev/outbox", methods=["GET"])
@maps_errors
def outbox() -> list[dict[str, Any]]:
    settings = dependencies.settings()
    if not settings.is_local or not settings.local_aws_endpoint:
        raise NotFound("route_not_found")
    return read_local_outbox(settings.local_aws_endpoint)
