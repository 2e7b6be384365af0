"""The card-vendor simulator speaks the vendor API of API.md, reports back, and fails on demand."""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from local.dynamodb_local import free_port
from local.vendor_sim import VendorSimulator

CARD = {"registration_number": "12345-T"}


@pytest.fixture
def vendor(tmp_path: Path):
    simulators: list[VendorSimulator] = []

    def start(**options: Any) -> VendorSimulator:
        simulator = VendorSimulator(
            "127.0.0.1", free_port(), "chave", tmp_path / "vendor.json", **options
        )
        simulator.start()
        simulators.append(simulator)
        return simulator

    yield start
    for simulator in simulators:
        simulator.stop()


class Receiver:
    """Our API's /vendor/events as the vendor sees it: answers from a script, then 204."""

    def __init__(self) -> None:
        self.answers: list[int] = []
        self.calls: list[tuple[str, bytes]] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.calls.append((self.headers["X-Signature"], body))
                self.send_response(receiver.answers.pop(0) if receiver.answers else 204)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/vendor/events"

    def events(self) -> list[dict[str, Any]]:
        return [json.loads(body) for _, body in self.calls]


@pytest.fixture
def receiver():
    receiver = Receiver()
    serve = threading.Thread(target=receiver.server.serve_forever, args=(0.05,), daemon=True)
    serve.start()
    yield receiver
    receiver.server.shutdown()
    receiver.server.server_close()


def call(
    simulator: VendorSimulator,
    method: str,
    path: str,
    key: str | None = "k1",
    token: str = "chave",
    card: dict[str, str] = CARD,
):
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    if key:
        headers["Idempotency-Key"] = key
    body = json.dumps(card).encode() if method == "PUT" else None
    request = urllib.request.Request(
        simulator.base_url + path, data=body, method=method, headers=headers
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status, json.load(answer)
    except urllib.error.HTTPError as error:
        with error:
            return error.code, json.load(error)


def browse(url: str, method: str = "GET") -> tuple[int, str, str]:
    """What the professional's browser gets: status, content type and page."""
    request = urllib.request.Request(url, data=b"" if method == "POST" else None, method=method)
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status, answer.headers["Content-Type"], answer.read().decode()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.headers["Content-Type"], error.read().decode()


def eventually(condition: Callable[[], bool], timeout_s: float = 3.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        assert time.monotonic() < deadline, "the condition never held"
        time.sleep(0.01)


def cardholders(simulator: VendorSimulator) -> list[dict[str, Any]]:
    return call(simulator, "GET", "/v1/cardholders", key=None)[1]["items"]


def signed(signature: str, body: bytes, secret: str) -> bool:
    expected = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(signature, expected)


def test_the_same_idempotency_key_twice_creates_one_cardholder(vendor) -> None:
    simulator = vendor()

    first = call(simulator, "PUT", "/v1/cardholders/52998224725")
    second = call(simulator, "PUT", "/v1/cardholders/52998224725")
    status, listing = call(simulator, "GET", "/v1/cardholders", key=None)

    assert first[0] == 201 and second[0] == 200
    assert first[1] == second[1]
    assert first[1]["status"] == "awaiting_enrollment"
    assert first[1]["enrollment_url"].startswith(simulator.base_url)
    assert status == 200 and len(listing["items"]) == 1
    assert listing["items"][0]["data"] == CARD
    assert listing["items"][0]["idempotency_keys"] == ["k1"]
    assert listing["items"][0]["updates"] == 0


def test_a_new_key_for_a_known_document_updates_the_one_cardholder(vendor) -> None:
    simulator = vendor()
    first = call(simulator, "PUT", "/v1/cardholders/52998224725")

    second = call(simulator, "PUT", "/v1/cardholders/52998224725", key="k2", card={"x": "y"})

    assert second == (200, first[1])
    [cardholder] = cardholders(simulator)
    assert cardholder["data"] == {"x": "y"}
    assert cardholder["idempotency_keys"] == ["k1", "k2"]
    assert cardholder["updates"] == 1
    assert cardholder["status"] == "awaiting_enrollment"


def test_a_wrong_key_or_a_missing_idempotency_key_is_refused(vendor) -> None:
    simulator = vendor()

    assert call(simulator, "PUT", "/v1/cardholders/52998224725", token="outra")[0] == 401
    assert call(simulator, "PUT", "/v1/cardholders/52998224725", key=None)[0] == 400


def test_fault_injection_fails_every_put_but_never_a_get(vendor) -> None:
    simulator = vendor(fail_rate=1.0, seed=1)

    assert call(simulator, "PUT", "/v1/cardholders/52998224725")[0] == 503
    assert call(simulator, "GET", "/v1/cardholders", key=None)[0] == 200
    simulator.fail_rate = 0
    assert call(simulator, "PUT", "/v1/cardholders/52998224725")[0] in (200, 201)
    assert len(cardholders(simulator)) == 1


def test_retrying_with_the_same_key_through_faults_yields_one_cardholder_each(vendor) -> None:
    simulator = vendor(fail_rate=0.5, seed=42)
    documents = [f"{number:011d}" for number in range(1, 13)]
    failures = 0
    first_success: dict[str, int] = {}

    for document in documents:
        while (
            status := call(simulator, "PUT", f"/v1/cardholders/{document}", f"o-{document}")[0]
        ) == 503:
            failures += 1
        first_success[document] = status

    listing = cardholders(simulator)
    assert failures > 0
    assert sorted(cardholder["document"] for cardholder in listing) == documents
    assert all(
        cardholder["idempotency_keys"] == [f"o-{cardholder['document']}"] for cardholder in listing
    )
    # A first success that replays (200) means an earlier 503 came after the work was done.
    assert 200 in first_success.values() and 201 in first_success.values()


def test_the_enrollment_page_is_html_and_needs_no_key(vendor) -> None:
    simulator = vendor()
    _, cardholder = call(simulator, "PUT", "/v1/cardholders/52998224725")

    status, content_type, page = browse(cardholder["enrollment_url"])

    assert status == 200 and content_type.startswith("text/html")
    assert "Cadastro biométrico (simulação)" in page
    assert f'<form method="post" action="/enroll/{cardholder["cardholder_id"]}"' in page
    assert browse(f"{simulator.base_url}/enroll/desconhecido")[0] == 404


def test_enrolling_reports_signed_events_in_order(vendor, receiver) -> None:
    simulator = vendor(webhook_url=receiver.url, webhook_secret="segredo", event_delay_s=0.05)
    _, cardholder = call(simulator, "PUT", "/v1/cardholders/52998224725")

    status, _, page = browse(cardholder["enrollment_url"], "POST")
    eventually(lambda: len(receiver.calls) == 3)

    assert status == 200 and "Cadastro concluído" in page
    assert [event["status"] for event in receiver.events()] == [
        "enrollment_completed",
        "in_production",
        "shipped",
    ]
    assert all(signed(signature, body, "segredo") for signature, body in receiver.calls)
    assert all(event["document"] == "52998224725" for event in receiver.events())
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", e["at"]) for e in receiver.events())
    assert cardholders(simulator)[0]["status"] == "shipped"
    # Enrolling again changes nothing.
    assert "Cadastro concluído" in browse(cardholder["enrollment_url"], "POST")[2]
    assert cardholders(simulator)[0]["status"] == "shipped"


def test_a_failed_delivery_is_retried_with_the_same_body_and_a_409_ends_it(
    vendor, receiver
) -> None:
    receiver.answers = [500, 409, 400]
    simulator = vendor(webhook_url=receiver.url, webhook_secret="segredo", event_delay_s=0.01)
    _, cardholder = call(simulator, "PUT", "/v1/cardholders/52998224725")

    browse(cardholder["enrollment_url"], "POST")
    eventually(lambda: len(call(simulator, "GET", "/v1/events", key=None)[1]["items"]) == 4)

    events = call(simulator, "GET", "/v1/events", key=None)[1]["items"]
    assert [(event["status"], event["answer"]) for event in events] == [
        ("enrollment_completed", 500),
        ("enrollment_completed", 409),
        ("in_production", 400),  # a refusal is final
        ("shipped", 204),
    ]
    assert receiver.calls[0] == receiver.calls[1]


def test_auto_enrollment_starts_the_journey_by_itself(vendor) -> None:
    simulator = vendor(auto_enroll_s=0.01, event_delay_s=0.01)

    call(simulator, "PUT", "/v1/cardholders/52998224725")

    eventually(lambda: cardholders(simulator)[0]["status"] == "shipped")


def test_what_the_vendor_received_survives_a_restart(vendor) -> None:
    first = vendor()
    _, cardholder = call(first, "PUT", "/v1/cardholders/52998224725")
    first.stop()

    again = vendor()

    assert len(cardholders(again)) == 1
    assert call(again, "PUT", "/v1/cardholders/52998224725", key="k2") == (200, cardholder)
