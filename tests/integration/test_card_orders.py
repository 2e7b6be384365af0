"""Card orders from the professionals stream, against the vendor simulator: the professional's
confirmation ("no change"), once nothing is left open, orders the card once, whatever fails or
is delivered again (an approved change alone orders nothing); orders that keep failing are
marked for an admin, who sends them again."""

from __future__ import annotations

import functools
import json
import time
import urllib.request
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import boto3
import pytest

from app import app
from chalicelib import dependencies
from chalicelib.adapters.mail import read_local_outbox
from chalicelib.adapters.vendor import HttpVendor, RetryPolicy
from chalicelib.domain.audit import professional_subject
from chalicelib.domain.campaign import CampaignSettings
from chalicelib.domain.registry import professional_from_row
from local.demo import registry_rows
from local.dynamodb_local import free_port
from local.moto_state import MotoState
from local.pump import Pump
from local.vendor_sim import VendorSimulator
from tests.integration.api import PDF, Api
from tests.integration.conftest import ANA, ANA_EMAIL, BRUNO, BRUNO_EMAIL
from tests.integration.test_staff_api import submit_address_change

CONCLUDED = "Sua atualização cadastral foi concluída!"


class CountingVendor:
    """The real HTTP client, counting the orders it is asked to place."""

    def __init__(self, vendor: HttpVendor) -> None:
        self.vendor = vendor
        self.calls: list[str] = []

    def order_card(self, document: str, order_id: str, card: dict[str, Any]) -> dict[str, Any]:
        self.calls.append(order_id)
        return self.vendor.order_card(document, order_id, card)


@pytest.fixture
def vendor(api: Api, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[VendorSimulator]:
    """The simulator, holding the API key the api fixture put in Secrets Manager (moto); the app
    calls it through the real client, with short backoffs."""
    settings = dependencies.settings()
    secrets = MotoState(tmp_path / "aws")
    simulator = VendorSimulator(
        "127.0.0.1", free_port(), secrets.secret_value(settings.vendor_api_key_secret_name),
        tmp_path / "vendor.json", seed=7,
    )  # fmt: skip
    simulator.start()
    key = secrets.secret_value(settings.vendor_api_key_secret_name).encode()
    counting = CountingVendor(
        HttpVendor(simulator.base_url, lambda: key, RetryPolicy(backoff=0.01))
    )
    monkeypatch.setattr(dependencies, "vendor", functools.cache(lambda: counting))
    simulator.counting = counting  # type: ignore[attr-defined]
    yield simulator
    simulator.stop()


def pump(state_dir: Path, dlq_url: str | None = None) -> Pump:
    clients = {
        "dynamodb": boto3.client("dynamodb"),
        "dynamodbstreams": boto3.client("dynamodbstreams"),
        "sqs": boto3.client("sqs"),
        "dlq_url": dlq_url,
    }
    return Pump(app, dependencies.settings().tables, clients, state_dir)


def run_until(stream_pump: Pump, done: Callable[[], bool], seconds: float = 60) -> None:
    """Polls the streams (failed records come round again) until `done` or time is up."""
    deadline = time.monotonic() + seconds
    while not done():
        assert time.monotonic() < deadline, "the streams did not settle in time"
        stream_pump.run_once()


def cardholders(simulator: VendorSimulator) -> list[dict[str, Any]]:
    request = urllib.request.Request(
        f"{simulator.base_url}/v1/cardholders",
        headers={"Authorization": f"Bearer {simulator.api_key}"},
    )
    with urllib.request.urlopen(request, timeout=10) as answer:
        return list(json.load(answer)["items"])


def approve(api: Api, request: dict[str, Any], reviewer: str = "revisor.sp") -> None:
    token = api.staff_sign_in(reviewer)
    answer = api.call(
        "POST",
        f"/staff/requests/{request['id']}/decision",
        {"decision": "approve", "version": request["version"]},
        token,
    )
    assert answer.status_code == 200, answer.body


def declare_no_change(api: Api, document: str, email: str) -> None:
    token = api.sign_in(document, email)
    body = {"kind": "no_change", "upload_ids": [api.upload(token, PDF)]}
    answer = api.call("POST", "/me/requests", body, token)
    assert answer.status_code == 201, answer.body


def status_of(document: str) -> str:
    professional = dependencies.professionals().get(document)
    assert professional is not None
    return professional.status.value


def test_an_approval_without_the_confirmation_orders_nothing_and_the_confirmation_does(
    api: Api, vendor: VendorSimulator, tmp_path: Path
) -> None:
    # Given Ana's address change approved, without her confirmation
    approve(api, submit_address_change(api))
    stream_pump = pump(tmp_path)
    stream_pump.drain()

    # Then her new address is on file, but nothing is concluded: no card, no e-mail
    token = api.sign_in(ANA, ANA_EMAIL)
    me = api.call("GET", "/me", token=token).json_body
    assert (me["status"], me["confirmed"], me["card"]) == ("in_progress", False, None)
    assert me["data"]["address"]["street"] == "Rua Augusta"
    assert cardholders(vendor) == []
    assert not [m for m in read_local_outbox(api.moto_endpoint) if m["subject"] == CONCLUDED]

    # When she confirms her data (her address was just proven: no proof is asked again)
    body = {"kind": "no_change", "upload_ids": []}
    assert api.call("POST", "/me/requests", body, token).status_code == 201
    stream_pump.drain()

    # Then the card is ordered, and the enrollment link e-mailed
    me = api.call("GET", "/me", token=token).json_body
    [holder] = cardholders(vendor)
    assert me["status"] == "card_requested" and me["fee_required"] is False
    assert me["card"] == {"status": "requested", "enrollment_url": holder["enrollment_url"]}
    assert holder["document"] == ANA
    assert holder["data"]["registration_number"] == "12345-T"
    assert holder["data"]["name"] == "Ana Maria Souza" and "street" not in holder["data"]
    [mail] = [m for m in read_local_outbox(api.moto_endpoint) if m["subject"] == CONCLUDED]
    assert mail["to"] == [ANA_EMAIL] and holder["enrollment_url"] in mail["text"]
    assert "card_requested" in [
        entry.template for entry in dependencies.deliveries().of(professional_subject(ANA))
    ]


def test_a_no_change_declaration_orders_the_card_with_the_fee_after_the_deadline(
    api: Api, vendor: VendorSimulator, tmp_path: Path
) -> None:
    # The campaign ended (an admin cannot set a past deadline: the campaign reached it).
    ended = CampaignSettings(deadline=date(2026, 1, 31), fee_after_deadline=True)
    dependencies.campaigns().save_settings(ended, "admin")
    declare_no_change(api, BRUNO, BRUNO_EMAIL)

    pump(tmp_path).drain()

    professional = dependencies.professionals().get(BRUNO)
    assert professional is not None and professional.status.value == "card_requested"
    assert professional.fee_required is True
    [holder] = cardholders(vendor)
    assert holder["data"]["fee_required"] is True
    mail = [m for m in read_local_outbox(api.moto_endpoint) if m["subject"] == CONCLUDED]
    assert "taxa" in mail[0]["text"]


def test_a_replayed_batch_sends_one_order_and_one_email(
    api: Api, vendor: VendorSimulator, tmp_path: Path
) -> None:
    declare_no_change(api, ANA, ANA_EMAIL)
    pump(tmp_path / "first").drain()

    pump(tmp_path / "replay").drain()  # no checkpoints: every record again

    assert len(vendor.counting.calls) == 1  # type: ignore[attr-defined]
    assert len(cardholders(vendor)) == 1
    mail = [m for m in read_local_outbox(api.moto_endpoint) if m["subject"] == CONCLUDED]
    assert len(mail) == 1


def test_with_half_the_vendor_calls_failing_every_approved_professional_gets_one_card(
    api: Api, vendor: VendorSimulator, tmp_path: Path, council
) -> None:
    rows = [row for row in registry_rows(8, council) if row["document"] not in (ANA, BRUNO)][:6]
    dependencies.professionals().add_new([professional_from_row(row, council) for row in rows])
    vendor.fail_rate = 0.5
    for row in rows:
        declare_no_change(api, row["document"], row["email"])
    approve(api, submit_address_change(api))
    approve(api, submit_address_change(api, BRUNO, BRUNO_EMAIL), "revisor.rj")
    declare_no_change(api, ANA, ANA_EMAIL)
    declare_no_change(api, BRUNO, BRUNO_EMAIL)
    documents = [row["document"] for row in rows] + [ANA, BRUNO]
    stream_pump = pump(tmp_path)

    run_until(stream_pump, lambda: all(status_of(d) == "card_requested" for d in documents))

    holders = cardholders(vendor)
    assert sorted(holder["document"] for holder in holders) == sorted(documents)
    # Some calls failed before the vendor did anything, some after (the answer was lost).
    assert vendor.failures["before"] > 0 and vendor.failures["after"] > 0


def test_an_order_that_keeps_failing_is_failed_for_admins_who_send_it_again(
    api: Api, vendor: VendorSimulator, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    vendor.fail_rate = 1.0
    declare_no_change(api, ANA, ANA_EMAIL)
    stream_pump = pump(tmp_path)

    run_until(stream_pump, lambda: _card_status(ANA) == "failed")

    # The metric the admins' alarm watches went out (CloudWatch's embedded metric format).
    emitted = [json.loads(line) for line in capsys.readouterr().out.splitlines() if "_aws" in line]
    assert any(record.get("CardOrdersFailed") == [1.0] for record in emitted), emitted

    admin, reviewer = api.staff_sign_in("admin"), api.staff_sign_in("revisor.sp")
    listed = api.call("GET", "/staff/card-orders/failed", token=admin).json_body["items"]
    assert [item["document"] for item in listed] == [ANA]
    assert listed[0]["card_order"]["attempts"] == 3 and "503" in listed[0]["card_order"]["error"]
    assert api.call("GET", "/staff/card-orders/failed", token=reviewer).status_code == 403
    path = f"/staff/professionals/{ANA}/card-order/retry"
    assert api.call("POST", path, token=reviewer).status_code == 403
    me = api.call("GET", "/me", token=api.sign_in(ANA, ANA_EMAIL)).json_body
    assert me["card"]["status"] == "pending"  # the professional is not told of our failure

    vendor.fail_rate = 0.0
    retried = api.call("POST", path, token=admin)
    assert retried.status_code == 202, retried.body
    run_until(stream_pump, lambda: status_of(ANA) == "card_requested")

    assert len(cardholders(vendor)) == 1
    assert api.call("GET", "/staff/card-orders/failed", token=admin).json_body["items"] == []
    again = api.call("POST", path, token=admin)
    assert (again.status_code, again.json_body["code"]) == (409, "card_order_not_failed")
    trail = dependencies.audit_log().trail(professional_subject(ANA))
    assert "card_order_retried" in [event.action for event in trail]


def test_a_poison_record_does_not_block_the_others(
    api: Api, vendor: VendorSimulator, tmp_path: Path
) -> None:
    dlq_url = boto3.client("sqs").create_queue(QueueName="card-test-dlq")["QueueUrl"]
    table = dependencies.settings().table_name("professionals")
    # An item no code writes: its data is not JSON, so every delivery of its record fails.
    boto3.client("dynamodb").put_item(
        TableName=table,
        Item={
            "document": {"S": "11144477735"}, "registration_number": {"S": "9-T"},
            "region": {"S": "SP"}, "status": {"S": "updated"}, "version": {"N": "1"},
            "data": {"S": "{not json"}, "registry_hash": {"S": "x"}, "confirmed": {"BOOL": True},
            "created_at": {"S": "2026-11-21T00:00:00Z"}, "updated_at": {"S": "2026-11-21T00:00:00Z"},
        },
    )  # fmt: skip
    declare_no_change(api, ANA, ANA_EMAIL)
    stream_pump = pump(tmp_path, dlq_url)

    run_until(stream_pump, lambda: status_of(ANA) == "card_requested")
    for _ in range(10):
        stream_pump.run_once()

    set_aside = boto3.client("sqs").receive_message(QueueUrl=dlq_url, MaxNumberOfMessages=10)
    bodies = [json.loads(message["Body"]) for message in set_aside.get("Messages", [])]
    assert "order_cards" in [body["requestContext"]["functionArn"] for body in bodies]
    assert [holder["document"] for holder in cardholders(vendor)] == [ANA]


def _card_status(document: str) -> str | None:
    professional = dependencies.professionals().get(document)
    return professional.card.status.value if professional and professional.card else None
