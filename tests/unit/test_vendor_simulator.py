"""The card-vendor simulator speaks the vendor API of API.md, and fails on demand."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from local.dynamodb_local import free_port
from local.vendor_sim import VendorSimulator


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


def call(
    simulator: VendorSimulator, method: str, path: str, key: str | None = "k1", token: str = "chave"
):
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    if key:
        headers["Idempotency-Key"] = key
    body = json.dumps({"registration_number": "12345-T"}).encode() if method == "PUT" else None
    request = urllib.request.Request(
        simulator.base_url + path, data=body, method=method, headers=headers
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status, json.load(answer)
    except urllib.error.HTTPError as error:
        return error.code, json.load(error)


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
    assert listing["items"][0]["data"] == {"registration_number": "12345-T"}


def test_a_wrong_key_or_a_missing_idempotency_key_is_refused(vendor) -> None:
    simulator = vendor()

    assert call(simulator, "PUT", "/v1/cardholders/52998224725", token="outra")[0] == 401
    assert call(simulator, "PUT", "/v1/cardholders/52998224725", key=None)[0] == 400


def test_fault_injection_fails_calls_before_doing_anything(vendor) -> None:
    simulator = vendor(fail_rate=1.0)

    assert call(simulator, "PUT", "/v1/cardholders/52998224725")[0] == 503
    simulator.fail_rate = 0
    assert call(simulator, "GET", "/v1/cardholders", key=None)[1]["items"] == []


def test_what_the_vendor_received_survives_a_restart(vendor) -> None:
    first = vendor()
    call(first, "PUT", "/v1/cardholders/52998224725")
    first.stop()

    again = vendor()

    assert len(call(again, "GET", "/v1/cardholders", key=None)[1]["items"]) == 1
