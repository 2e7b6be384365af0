"""A card vendor that speaks the vendor API of API.md, for the local stack and the tests.

`PUT /v1/cardholders/{document}` (Bearer key, Idempotency-Key) creates a cardholder once per
key and answers with an enrollment link; `GET /v1/cardholders` lists what it received.
Faults on demand: VENDOR_SIM_FAIL_RATE (0-1) answers that share of calls with 503 before doing
anything, VENDOR_SIM_LATENCY_MS delays every answer. What it received is kept in a JSON file."""

from __future__ import annotations

import json
import random
import re
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

_CARDHOLDER = re.compile(r"^/v1/cardholders/([0-9A-Za-z]{11,14})$")


class VendorState:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.lock = threading.Lock()
        saved = json.loads(path.read_text()) if path.exists() else {}
        self.cardholders: dict[str, dict[str, Any]] = saved.get("cardholders", {})
        self.by_key: dict[str, str] = saved.get("by_key", {})

    def save(self) -> None:
        temporary = self.path.with_suffix(".tmp")
        temporary.write_text(json.dumps({"cardholders": self.cardholders, "by_key": self.by_key}))
        temporary.replace(self.path)


class VendorSimulator:
    def __init__(
        self,
        host: str,
        port: int,
        api_key: str,
        state_file: Path,
        fail_rate: float = 0.0,
        latency_ms: int = 0,
    ) -> None:
        self.api_key = api_key
        self.fail_rate = fail_rate
        self.latency_ms = latency_ms
        self.state = VendorState(state_file)
        self.base_url = f"http://{host}:{port}"
        simulator = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                simulator.handle(self, "GET")

            def do_PUT(self) -> None:
                simulator.handle(self, "PUT")

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer((host, port), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def handle(self, request: BaseHTTPRequestHandler, method: str) -> None:
        if self.latency_ms:
            time.sleep(self.latency_ms / 1000)
        if request.headers.get("Authorization") != f"Bearer {self.api_key}":
            return _answer(request, 401, {"error": "invalid api key"})
        if self.fail_rate and random.random() < self.fail_rate:
            return _answer(request, 503, {"error": "simulated failure"})
        path = request.path.split("?", 1)[0]
        if method == "GET" and path == "/v1/cardholders":
            with self.state.lock:
                return _answer(request, 200, {"items": list(self.state.cardholders.values())})
        match = _CARDHOLDER.match(path)
        if method == "PUT" and match:
            return self._enroll(request, match.group(1))
        return _answer(request, 404, {"error": "not found"})

    def _enroll(self, request: BaseHTTPRequestHandler, document: str) -> None:
        key = request.headers.get("Idempotency-Key")
        if not key:
            return _answer(request, 400, {"error": "Idempotency-Key is required"})
        try:
            length = int(request.headers.get("Content-Length") or 0)
            card_data = json.loads(request.rfile.read(length) or b"{}")
        except ValueError:
            return _answer(request, 400, {"error": "body is not JSON"})
        with self.state.lock:
            known = self.state.by_key.get(key)
            if known:
                return _answer(request, 200, _public(self.state.cardholders[known]))
            cardholder_id = uuid.uuid4().hex
            cardholder = {
                "cardholder_id": cardholder_id,
                "document": document,
                "idempotency_key": key,
                "enrollment_url": f"{self.base_url}/enroll/{cardholder_id}",
                "status": "awaiting_enrollment",
                "data": card_data,
                "received_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            }
            self.state.cardholders[cardholder_id] = cardholder
            self.state.by_key[key] = cardholder_id
            self.state.save()
        return _answer(request, 201, _public(cardholder))


def _public(cardholder: dict[str, Any]) -> dict[str, Any]:
    return {
        "cardholder_id": cardholder["cardholder_id"],
        "enrollment_url": cardholder["enrollment_url"],
        "status": cardholder["status"],
    }


def _answer(request: BaseHTTPRequestHandler, status: int, body: dict[str, Any]) -> None:
    encoded = json.dumps(body).encode()
    request.send_response(status)
    request.send_header("Content-Type", "application/json")
    request.send_header("Content-Length", str(len(encoded)))
    request.end_headers()
    request.wfile.write(encoded)
