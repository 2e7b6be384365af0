"""Recadastro's Chalice app: registers the blueprints, the middleware and the event handlers."""

from __future__ import annotations

import os
from typing import Any

from chalice import Chalice, CORSConfig

from chalicelib.api.dev import dev_routes
from chalicelib.api.errors import finish_response
from chalicelib.api.professional import professional_routes
from chalicelib.api.public import public_routes
from chalicelib.api.staff import staff_routes
from chalicelib.api.vendor import vendor_routes
from chalicelib.events.schedules import schedules
from chalicelib.events.streams import stream_handlers

app = Chalice(app_name="recadastro")


class SiteOrigin(CORSConfig):
    """CORS for the site's origin, read from WEB_ORIGIN each time it is asked: in Lambda the
    function's environment, when `chalice package` writes the preflight answers the stage's
    (infra/ sets it), locally the stack's, whatever was set when this module was imported."""

    @property  # type: ignore[override]
    def allow_origin(self) -> str:
        return os.environ.get("WEB_ORIGIN", "http://127.0.0.1:8080")

    @allow_origin.setter
    def allow_origin(self, value: str) -> None:
        """CORSConfig's constructor sets it; the environment decides."""


# Routes take their CORS settings when registered, so this comes before the blueprints.
app.api.cors = SiteOrigin(
    allow_headers=["Authorization", "Content-Type"],
    # The pages tell how long to wait after a 429.
    expose_headers=["Retry-After"],
    max_age=600,
)
app.register_blueprint(public_routes)
app.register_blueprint(professional_routes)
app.register_blueprint(staff_routes)
app.register_blueprint(dev_routes)
app.register_blueprint(vendor_routes)
app.register_blueprint(stream_handlers)
app.register_blueprint(schedules)


@app.middleware("http")
def every_response(event: Any, get_response: Any) -> Any:
    return finish_response(get_response(event))
