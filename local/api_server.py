"""The Chalice app on Chalice's own local server, in a thread of the stack's process."""

from __future__ import annotations

import json
import os
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
    """The gateway's own answers in the API's error shape, as API Gateway's gateway responses
    are configured to give them in AWS (infra/): an unknown route is a 404 (not a bare 403 for
    a "missing authentication token"), a request with no Authorization header a 401."""

    def _send_error_response(self, error: LocalGatewayException) -> None:
        body = error.body or b""
        if error.CODE == 403 and b"Missing Authentication Token" in body:
            return self._send_ours(404, "route_not_found")
        if error.CODE == 401:
            return self._send_ours(401, "unauthorized")
        super()._send_error_response(error)

    def _send_ours(self, status: int, code: str) -> None:
        body = json.dumps(error_body(code, message(code))).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        # As the app's own answers: the web page must be able to read this one too.
        self.send_header("Access-Control-Allow-Origin", os.environ.get("WEB_ORIGIN", "*"))
        self.end_headers()
        self.wfile.write(body)

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
