"""A card vendor that speaks the vendor API of API.md, for the local stack and the tests.

`PUT /v1/cardholders/{document}` (Bearer key, Idempotency-Key) keeps one cardholder per
document: a key already seen replays its answer, a new key updates the card data. The
enrollment link opens `/enroll/{cardholder_id}`, the page where the professional would give
photo and fingerprints; confirming it (or `auto_enroll_s` after creation) starts the card's
journey, reported to `webhook_url` as signed events: enrollment_completed, then in_production
and shipped `event_delay_s` apart. Failed deliveries are retried with backoff, as a vendor would.
`GET /v1/cardholders` and `GET /v1/events` list what it received and every delivery attempt.
Faults on demand: `fail_rate` (0-1) answers that share of PUTs with 503, half of them after the
work was done (the answer is lost); `latency_ms` delays every answer. State is kept in a JSON
file so it survives restarts."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import queue
import random
import re
import threading
import time
import urllib.error
import urllib.request
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Literal

_CARDHOLDER = re.compile(r"^/v1/cardholders/([0-9A-Za-z]{11,14})$")
_ENROLL = re.compile(r"^/enroll/([^/]+)$")
# The card's journey; each status after the first is reported with the event beside it.
_JOURNEY = ("awaiting_enrollment", "enrolled", "in_production", "shipped")
_EVENTS = {
    "enrolled": "enrollment_completed",
    "in_production": "in_production",
    "shipped": "shipped",
}
_RETRY_DELAYS_S = (0.5, 1.0, 2.0, 4.0)
_PAGE = """<!doctype html>
<html lang="pt-BR">
<head><meta charset="utf-8"><title>Cadastro biométrico (simulação)</title></head>
<body>
<h1>Cadastro biométrico (simulação)</h1>
{}
</body>
</html>
"""

log = logging.getLogger("recadastro.vendor_sim")


class VendorState:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.lock = threading.Lock()
        saved = json.loads(path.read_text()) if path.exists() else {}
        self.cardholders: dict[str, dict[str, Any]] = saved.get("cardholders", {})
        self.by_key: dict[str, str] = saved.get("by_key", {})
        self.by_document: dict[str, str] = saved.get("by_document", {})
        self.events: list[dict[str, Any]] = saved.get("events", [])

    def save(self) -> None:
        """Writes aside and renames, so a crash never leaves half a file behind."""
        state = {
            "cardholders": self.cardholders,
            "by_key": self.by_key,
            "by_document": self.by_document,
            "events": self.events,
        }
        temporary = self.path.with_suffix(".tmp")
        temporary.write_text(json.dumps(state))
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
        *,
        webhook_url: str | None = None,
        webhook_secret: str = "",
        event_delay_s: float = 2.0,
        auto_enroll_s: float | None = None,
        seed: int | None = None,
    ) -> None:
        self.api_key = api_key
        self.fail_rate = fail_rate
        self.latency_ms = latency_ms
        self.webhook_url = webhook_url
        self.webhook_secret = webhook_secret
        self.event_delay_s = event_delay_s
        self.auto_enroll_s = auto_enroll_s
        self.random = random.Random(seed)
        # PUTs failed on purpose, before or after doing the work (tests read it).
        self.failures = {"before": 0, "after": 0}
        self.state = VendorState(state_file)
        self.base_url = f"http://{host}:{port}"
        self._stopping = threading.Event()
        self._timers: list[threading.Timer] = []
        self._timers_lock = threading.Lock()
        self._deliveries: queue.Queue[dict[str, str] | None] = queue.Queue()
        self._deliverer = threading.Thread(target=self._deliver_events, daemon=True)
        simulator = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                simulator.handle(self, "GET")

            def do_PUT(self) -> None:
                simulator.handle(self, "PUT")

            def do_POST(self) -> None:
                simulator.handle(self, "POST")

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer((host, port), Handler)
        # A short poll makes stop() quick: shutdown() waits for the loop to look.
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def start(self) -> None:
        self._deliverer.start()
        self._thread.start()

    def stop(self) -> None:
        """Cancels what is scheduled and wakes the deliverer, so nothing outlives the simulator."""
        with self._timers_lock:
            self._stopping.set()
            for timer in self._timers:
                timer.cancel()
        self._deliveries.put(None)
        self._server.shutdown()
        self._server.server_close()

    def handle(self, request: BaseHTTPRequestHandler, method: str) -> None:
        if self.latency_ms:
            time.sleep(self.latency_ms / 1000)
        path = request.path.split("?", 1)[0]
        enrollment = _ENROLL.match(path)
        if enrollment and method in ("GET", "POST"):
            # The professional's browser, not our API: no key here.
            return self._enrollment_page(request, method, enrollment.group(1))
        if request.headers.get("Authorization") != f"Bearer {self.api_key}":
            return _answer(request, 401, {"error": "invalid api key"})
        if method == "GET" and path == "/v1/cardholders":
            with self.state.lock:
                return _answer(request, 200, {"items": list(self.state.cardholders.values())})
        if method == "GET" and path == "/v1/events":
            with self.state.lock:
                return _answer(request, 200, {"items": list(self.state.events)})
        cardholder = _CARDHOLDER.match(path)
        if method == "PUT" and cardholder:
            return self._put_cardholder(request, cardholder.group(1))
        return _answer(request, 404, {"error": "not found"})

    def _put_cardholder(self, request: BaseHTTPRequestHandler, document: str) -> None:
        key = request.headers.get("Idempotency-Key")
        if not key:
            return _answer(request, 400, {"error": "Idempotency-Key is required"})
        try:
            card_data = json.loads(_read_body(request) or b"{}")
        except ValueError:
            return _answer(request, 400, {"error": "body is not JSON"})
        failure = self._draw_failure()
        if failure == "before":
            return _answer(request, 503, {"error": "simulated failure"})
        status, answer = self._store(document, key, card_data)
        if failure == "after":
            return _answer(request, 503, {"error": "simulated failure"})
        return _answer(request, status, answer)

    def _draw_failure(self) -> Literal["before", "after"] | None:
        """Whether this PUT fails, and when: a flaky vendor also loses answers to work it did."""
        if not self.fail_rate or self.random.random() >= self.fail_rate:
            return None
        failure: Literal["before", "after"] = "after" if self.random.random() < 0.5 else "before"
        self.failures[failure] += 1
        return failure

    def _store(self, document: str, key: str, card_data: Any) -> tuple[int, dict[str, Any]]:
        """One cardholder per document: a known key replays, a new key updates the data."""
        with self.state.lock:
            known = self.state.by_key.get(key)
            if known:
                return 200, _public(self.state.cardholders[known])
            cardholder_id = self.state.by_document.get(document)
            if cardholder_id:
                cardholder = self.state.cardholders[cardholder_id]
                if cardholder["data"] != card_data:
                    cardholder["data"] = card_data
                    cardholder["updates"] += 1
                status = 200
            else:
                cardholder = self._new_cardholder(document, card_data)
                status = 201
            cardholder["idempotency_keys"].append(key)
            self.state.by_key[key] = cardholder["cardholder_id"]
            self.state.save()
            answer = _public(cardholder)
        if status == 201 and self.auto_enroll_s is not None:
            self._schedule(self.auto_enroll_s, answer["cardholder_id"], "enrolled")
        return status, answer

    def _new_cardholder(self, document: str, card_data: Any) -> dict[str, Any]:
        cardholder_id = uuid.uuid4().hex
        cardholder = {
            "cardholder_id": cardholder_id,
            "document": document,
            "idempotency_keys": [],
            "enrollment_url": f"{self.base_url}/enroll/{cardholder_id}",
            "status": "awaiting_enrollment",
            "data": card_data,
            "received_at": _now(),
            "updates": 0,
        }
        self.state.cardholders[cardholder_id] = cardholder
        self.state.by_document[document] = cardholder_id
        return cardholder

    def _enrollment_page(
        self, request: BaseHTTPRequestHandler, method: str, cardholder_id: str
    ) -> None:
        with self.state.lock:
            cardholder = self.state.cardholders.get(cardholder_id)
            awaiting = cardholder is not None and cardholder["status"] == "awaiting_enrollment"
        if cardholder is None:
            return _page(request, 404, "<p>Cadastro não encontrado.</p>")
        if method == "GET" and awaiting:
            form = (
                "<p>Aqui o profissional registraria foto e digitais para o cartão.</p>\n"
                f'<form method="post" action="/enroll/{cardholder_id}">'
                '<button type="submit">Concluir cadastro</button></form>'
            )
            return _page(request, 200, form)
        if method == "POST":
            _read_body(request)
            self._advance(cardholder_id, "enrolled")
        return _page(request, 200, "<p>Cadastro concluído. O cartão segue para produção.</p>")

    def _advance(self, cardholder_id: str, status: str) -> None:
        """Moves the card one step of its journey, and only from the step before, so enrolling
        twice does nothing; reports the step and schedules the next one."""
        step = _JOURNEY.index(status)
        with self.state.lock:
            cardholder = self.state.cardholders[cardholder_id]
            if cardholder["status"] != _JOURNEY[step - 1]:
                return
            cardholder["status"] = status
            self.state.save()
            document = cardholder["document"]
        self._deliveries.put({"document": document, "status": _EVENTS[status], "at": _now()})
        if step + 1 < len(_JOURNEY):
            self._schedule(self.event_delay_s, cardholder_id, _JOURNEY[step + 1])

    def _schedule(self, delay_s: float, cardholder_id: str, status: str) -> None:
        timer = threading.Timer(delay_s, self._advance, (cardholder_id, status))
        timer.daemon = True
        with self._timers_lock:
            if self._stopping.is_set():
                return
            self._timers = [pending for pending in self._timers if pending.is_alive()]
            self._timers.append(timer)
            timer.start()

    def _deliver_events(self) -> None:
        """One event at a time, in the order they happened, as a vendor's outbox would."""
        while (event := self._deliveries.get()) is not None:
            if self.webhook_url:
                self._deliver(self.webhook_url, event)

    def _deliver(self, url: str, event: dict[str, str]) -> None:
        """Resends the same signed body until our API takes it (2xx) or already had it (409);
        other refusals are final, errors and 5xx are retried with backoff."""
        body = json.dumps(event).encode()
        digest = hmac.new(self.webhook_secret.encode(), body, hashlib.sha256).hexdigest()
        for delay_s in (0.0, *_RETRY_DELAYS_S):
            if self._stopping.wait(delay_s):
                return
            answer = _post_event(url, body, f"sha256={digest}")
            with self.state.lock:
                self.state.events.append({**event, "answer": answer})
                self.state.save()
            if isinstance(answer, int) and answer < 500:
                if not (200 <= answer < 300 or answer == 409):
                    log.warning("the API refused %s with %s", event, answer)
                return
        log.warning("gave up delivering %s", event)


def _post_event(url: str, body: bytes, signature: str) -> int | str:
    """The HTTP status of the answer, or the error when there was none."""
    request = urllib.request.Request(
        url,
        data=body,
        method="POST",
        headers={"Content-Type": "application/json", "X-Signature": signature},
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return int(answer.status)
    except urllib.error.HTTPError as error:
        error.close()
        return error.code
    except OSError as error:
        return str(error)


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def _public(cardholder: dict[str, Any]) -> dict[str, Any]:
    return {
        "cardholder_id": cardholder["cardholder_id"],
        "enrollment_url": cardholder["enrollment_url"],
        "status": cardholder["status"],
    }


def _read_body(request: BaseHTTPRequestHandler) -> bytes:
    """Reads the whole body: one left unread can reset the connection before the answer."""
    return request.rfile.read(int(request.headers.get("Content-Length") or 0))


def _answer(request: BaseHTTPRequestHandler, status: int, body: dict[str, Any]) -> None:
    _send(request, status, "application/json", json.dumps(body).encode())


def _page(request: BaseHTTPRequestHandler, status: int, content: str) -> None:
    _send(request, status, "text/html; charset=utf-8", _PAGE.format(content).encode())


def _send(request: BaseHTTPRequestHandler, status: int, content_type: str, body: bytes) -> None:
    request.send_response(status)
    request.send_header("Content-Type", content_type)
    request.send_header("Content-Length", str(len(body)))
    request.end_headers()
    request.wfile.write(body)
