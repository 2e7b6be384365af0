"""The vendor client retries 5xx answers, timeouts and broken connections with backoff and
jitter, always with the same Idempotency-Key, and nothing else."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from chalicelib.adapters.vendor import HttpVendor, RetryPolicy
from chalicelib.services.ports import VendorError
from local.dynamodb_local import free_port

ACCEPTED = {"cardholder_id": "c1", "enrollment_url": "https://v/e/c1", "status": "ok"}


class Script:
    """Answers in turn: an int status (with ACCEPTED on 2xx) or "slow" (sleeps past timeouts)."""

    def __init__(self) -> None:
        self.answers: list[int | str] = []
        self.received: list[dict[str, Any]] = []


@pytest.fixture
def vendor_server() -> Iterator[tuple[str, Script]]:
    script = Script()

    class Handler(BaseHTTPRequestHandler):
        def do_PUT(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            script.received.append(
                {
                    "path": self.path,
                    "key": self.headers.get("Idempotency-Key"),
                    "auth": self.headers.get("Authorization"),
                    "body": json.loads(self.rfile.read(length)),
                }
            )
            answer = script.answers.pop(0) if script.answers else 200
            if answer == "slow":
                time.sleep(0.5)
                answer = 200
            body = json.dumps(ACCEPTED if int(answer) < 300 else {"error": "x"}).encode()
            self.send_response(int(answer))
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}", script
    server.shutdown()
    server.server_close()


def client(url: str, sleeps: list[float], **options: Any) -> HttpVendor:
    return HttpVendor(
        url,
        lambda: b"key",
        RetryPolicy(**options),
        sleep=sleeps.append,
        jitter=lambda low, high: high,
    )


def test_5xx_answers_are_retried_with_the_same_key_and_growing_backoff(vendor_server) -> None:
    url, script = vendor_server
    script.answers = [503, 500, 502, 201]
    sleeps: list[float] = []

    answer = client(url, sleeps).order_card("52998224725", "52998224725-3", {"name": "Ana"})

    assert answer["enrollment_url"] == "https://v/e/c1"
    assert [item["key"] for item in script.received] == ["52998224725-3"] * 4
    assert script.received[0]["auth"] == "Bearer key"
    assert script.received[0]["path"] == "/v1/cardholders/52998224725"
    assert script.received[0]["body"] == {"name": "Ana"}
    assert sleeps == [0.5, 1.0, 2.0]


def test_timeouts_are_retried(vendor_server) -> None:
    url, script = vendor_server
    script.answers = ["slow", 200]

    answer = client(url, [], read_timeout=0.1).order_card("1", "k", {})

    assert answer["cardholder_id"] == "c1" and len(script.received) == 2


def test_after_the_attempts_the_last_error_is_raised_as_transient(vendor_server) -> None:
    url, script = vendor_server
    script.answers = [503] * 4

    with pytest.raises(VendorError) as raised:
        client(url, []).order_card("1", "k", {})

    assert raised.value.transient and "HTTP 503" in str(raised.value)
    assert len(script.received) == 4


@pytest.mark.parametrize(("status", "transient"), [(400, False), (401, False), (429, True)])
def test_4xx_answers_are_not_retried(vendor_server, status: int, transient: bool) -> None:
    url, script = vendor_server
    script.answers = [status]

    with pytest.raises(VendorError) as raised:
        client(url, []).order_card("1", "k", {})

    assert raised.value.transient is transient and len(script.received) == 1


def test_a_vendor_that_is_not_there_is_a_transient_failure() -> None:
    sleeps: list[float] = []

    with pytest.raises(VendorError) as raised:
        client(f"http://127.0.0.1:{free_port()}", sleeps, attempts=2).order_card("1", "k", {})

    assert raised.value.transient and len(sleeps) == 1
