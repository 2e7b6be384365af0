"""The card vendor's reports (API.md): signed with the shared secret, not with a token."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from chalice import Blueprint

from chalicelib import dependencies
from chalicelib.api.errors import maps_errors
from chalicelib.services.cards import vendor_event

vendor_routes = Blueprint(__name__)


@vendor_routes.route("/vendor/events", methods=["POST"])
@maps_errors
def vendor_events() -> dict[str, Any]:
    request = vendor_routes.current_request
    raw = request.raw_body
    body = raw.encode() if isinstance(raw, str) else raw
    signature = request.headers.get("x-signature")
    return vendor_event(body, signature, dependencies.vendor_reports(), datetime.now(UTC))
