"""The static web front-end and admin page, with the API's address as configuration."""

from __future__ import annotations

import functools
import json
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

WEB_ROOT = Path(__file__).resolve().parent.parent / "web"


class _Handler(SimpleHTTPRequestHandler):
    config_js = b""

    def do_GET(self) -> None:
        if self.path.split("?", 1)[0] == "/config.js":
            self.send_response(200)
            self.send_header("Content-Type", "text/javascript; charset=utf-8")
            self.send_header("Cache-Control", "no-store")
            self.send_header("Content-Length", str(len(self.config_js)))
            self.end_headers()
            self.wfile.write(self.config_js)
            return
        super().do_GET()

    def log_message(self, format: str, *args: Any) -> None:
        pass


class StaticWeb:
    def __init__(self, host: str, port: int, config: dict[str, str]) -> None:
        config_js = f"window.RECADASTRO_CONFIG = {json.dumps(config)};\n".encode()
        handler = type("Handler", (_Handler,), {"config_js": config_js})
        self._server = ThreadingHTTPServer(
            (host, port), functools.partial(handler, directory=str(WEB_ROOT))
        )
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
