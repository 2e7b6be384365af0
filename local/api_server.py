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
    ThreadedHTTPServer,
)

from chalicelib.api.errors import RESPONSE_HEADERS, error_body
from chalicelib.domain.messages import message


class _Handler(ChaliceRequestHandler):
    """The gateway's own answers in the API's error shape, as API Gateway's gateway responses
    are configured to give them in AWS (infra/): an unknown route is a 404 (not a bare 403 for
    a "missing authentication token"), a request with no Authorization header a 401."""

    def setup(self) -> None:
        super().setup()
        # Chalice's local gateway says every caller is 127.0.0.1; API Gateway gives the client's
        # own address, which the API's limits per client address count.
        self.local_gateway.event_converter.LOCAL_SOURCE_IP = self.client_address[0]

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
        for name, value in RESPONSE_HEADERS.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


class _Server(ThreadedHTTPServer):
    # socketserver's default backlog is 5: a crowd arriving at once (a deadline rush, a load
    # test) would have its connections reset, where API Gateway takes them all.
    request_queue_size = 128


def start_api(app: Chalice, host: str, port: int) -> Callable[[], None]:
    """Serves `app` until the returned function is called."""
    CustomLocalChalice.__bases__ = (LocalChalice, app.__class__)
    app.__class__ = CustomLocalChalice
    config = Config.create(chalice_stage="local", app_name=app.app_name)
    server = LocalDevServer(app, config, host, port, handler_cls=_Handler, server_cls=_Server)
    thread = threading.Thread(target=server.serve_forever, name="api", daemon=True)
    thread.start()

    def stop() -> None:
        server.shutdown()
        server.server.server_close()

    return stop
