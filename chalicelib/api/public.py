"""Routes anyone may call."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from chalice import Blueprint

from chalicelib import dependencies
from chalicelib.api.common import limit_per_minute
from chalicelib.api.errors import maps_errors
from chalicelib.domain.campaign import brasilia_day
from chalicelib.services.campaign import describe_campaign
from chalicelib.services.change_requests import protocol_status

# Made from openapi.yaml by `make openapi`: the functions need no YAML parser.
OPENAPI_FILE = Path(__file__).resolve().parent.parent / "openapi.json"

public_routes = Blueprint(__name__)


@lru_cache(maxsize=1)
def _openapi() -> dict[str, Any]:
    document: dict[str, Any] = json.loads(OPENAPI_FILE.read_text(encoding="utf-8"))
    return document


@public_routes.route("/health", methods=["GET"])
def health() -> dict[str, str]:
    return {"status": "ok"}


@public_routes.route("/campaign", methods=["GET"])
@maps_errors
def campaign() -> dict[str, Any]:
    today = brasilia_day(datetime.now(UTC))
    campaign = describe_campaign(dependencies.council(), dependencies.campaign_settings(), today)
    # The site shows "Entrar com gov.br" only where the stage has a gov.br client.
    return campaign | {"govbr_sign_in": bool(dependencies.settings().govbr_client_id)}


# Per client IP: plenty for a person checking their protocols, too few to enumerate them.
PROTOCOL_LOOKUPS_PER_MINUTE = 30


@public_routes.route("/protocols/{protocol}", methods=["GET"])
@maps_errors
def protocol(protocol: str) -> dict[str, Any]:
    limit_per_minute(
        public_routes.current_request, "protocols", PROTOCOL_LOOKUPS_PER_MINUTE, datetime.now(UTC)
    )
    return protocol_status(protocol, dependencies.requests())


@public_routes.route("/openapi.json", methods=["GET"])
def openapi() -> dict[str, Any]:
    return _openapi()
