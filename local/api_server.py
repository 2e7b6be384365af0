"""The Chalice app on Chalice's own local server, in a thread of the stack's process."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from typing import Any

from chalice import Chalice
from chalice.config import Config
from chalice.local import (
    ChaliceRequestHandler,
    CustomLocalChalice,
    LocalChalice,
    LocalDevServer,
    LocalGatewayException,
)

from chalicelib.api.errors import error_body
from chalicelib.domain.messages import message


class _Handler(ChaliceRequestHandler):
    """An unknown route gets our 404, as the API Gateway "missing authentication token"
    response is configured to answer in AWS (infra/), instead of a bare 403."""

    def _send_error_response(self, error: LocalGatewayException) -> None:
        if error.CODE == 403 and b"Missing Authentication Token" in (error.body or b""):
            body = json.dumps(error_body("route_not_found", message("route_not_found"))).encode()
            self.send_response(404)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super()._send_error_response(error)

    def log_message(self, format: str, *args: Any) -> None:
        pass


def start_api(app: Chalice, host: str, port: int) -> Callable[[], None]:
    """Serves `app` until the returned function is called."""
    CustomLocalChalice.__bases__ = (LocalChalice, app.__class__)
    app.__class__ = CustomLocalChalice
    config = Config.create(chalice_stage="local", app_name=app.app_name)
    server = LocalDevServer(app, config, host, port, handler_cls=_Handler)
    thread = threading.Thread(target=server.serve_forever, name="api", daemon=True)
    thread.start()

    def stop() -> None:
        server.shutdown()
        server.server.server_close()

    return stop
