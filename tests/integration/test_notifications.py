"""E-mails from the requests stream: reviewers of each region once per batch, professionals of
rejections and returns with the reason; a replayed batch sends nothing twice."""

from __future__ import annotations

from pathlib import Path

import boto3

from app import app
from chalicelib import dependencies
from chalicelib.adapters.mail import read_local_outbox
from chalicelib.domain.audit import professional_subject
from local.pump import Pump
from tests.integration.api import Api
from tests.integration.conftest import ANA, BRUNO, BRUNO_EMAIL
from tests.integration.test_staff_api import submit_address_change


def pump(state_dir: Path) -> Pump:
    clients = {
        "dynamodb": boto3.client("dynamodb"),
        "dynamodbstreams": boto3.client("dynamodbstreams"),
        "sqs": None,
    }
    return Pump(app, dependencies.settings().tables, clients, state_dir)


def staff_mail(api: Api) -> list[dict]:
    return [
        m
        for m in read_local_outbox(api.moto_endpoint)
        if m["subject"].startswith("Novas solicitações")
    ]


def test_reviewers_get_one_email_per_region_and_a_replay_sends_nothing_again(
    api: Api, tmp_path
) -> None:
    ana = submit_address_change(api)
    bruno = submit_address_change(api, BRUNO, BRUNO_EMAIL)

    pump(tmp_path / "first").drain()
    pump(tmp_path / "replay").drain()  # no checkpoints: the same records again

    mail = staff_mail(api)
    assert sorted(message["to"][0] for message in mail) == [
        "revisor.rj@example.org",
        "revisor.sp@example.org",
    ]
    to_sp = next(message for message in mail if message["to"] == ["revisor.sp@example.org"])
    assert ana["protocol"] in to_sp["text"] and bruno["protocol"] not in to_sp["text"]
    assert "Região São Paulo" in to_sp["subject"]
    logged = dependencies.deliveries().of("region#SP")
    assert [(entry.to, entry.template, entry.status) for entry in logged] == [
        ("revisor.sp@example.org", "new_requests", "sent")
    ]
    assert logged[0].message_id


def test_a_returned_request_emails_the_reason_to_the_professional(api: Api, tmp_path) -> None:
    request = submit_address_change(api)
    sp = api.staff_sign_in("revisor.sp")
    api.call(
        "POST", f"/staff/requests/{request['id']}/decision",
        {"decision": "return", "reason": "Envie a conta de luz inteira.", "version": request["version"]}, sp,
    )  # fmt: skip

    pump(tmp_path).drain()

    [message] = [
        m for m in read_local_outbox(api.moto_endpoint) if "complementação" in m["subject"]
    ]
    assert message["to"] == ["ana.souza@example.org"]
    assert request["protocol"] in message["subject"]
    assert "Envie a conta de luz inteira." in message["text"]
    assert dependencies.deliveries().of(professional_subject(ANA))[0].status == "sent"
