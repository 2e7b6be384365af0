"""E-mails from the requests stream: reviewers of each region once per batch, professionals the
receipt of each submission and of rejections and returns with the reason; a replayed batch
sends nothing twice."""

from __future__ import annotations

from pathlib import Path

import boto3

from app import app
from chalicelib import dependencies
from chalicelib.adapters.mail import read_local_outbox
from chalicelib.domain.audit import professional_subject
from chalicelib.domain.campaign import BRASILIA
from chalicelib.domain.clock import from_iso
from local.pump import Pump
from tests.integration.api import PDF, Api
from tests.integration.conftest import ANA, ANA_EMAIL, BRUNO, BRUNO_EMAIL
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


def receipts_to(api: Api, address: str) -> list[dict]:
    return [
        m
        for m in read_local_outbox(api.moto_endpoint)
        if m["to"] == [address] and m["subject"].startswith("Recebemos")
    ]


def test_each_submission_is_receipted_once_with_its_protocol_and_date(api: Api, tmp_path) -> None:
    change = submit_address_change(api)
    sp = api.staff_sign_in("revisor.sp")
    api.call(
        "POST", f"/staff/requests/{change['id']}/decision",
        {"decision": "return", "reason": "Envie a conta inteira.", "version": change["version"]}, sp,
    )  # fmt: skip
    resubmitted = api.call("POST", f"/me/requests/{change['id']}/resubmit", {}, change["token"])
    bruno = api.sign_in(BRUNO, BRUNO_EMAIL)
    confirmation = api.call(
        "POST", "/me/requests", {"kind": "no_change", "upload_ids": [api.upload(bruno, PDF)]}, bruno
    )
    assert resubmitted.status_code == 200 and confirmation.status_code == 201

    for run in ("first", "replay"):  # the replay has no checkpoints: the same records again
        (tmp_path / run).mkdir()
        pump(tmp_path / run).drain()

    protocol, day = change["protocol"], brasilia_day(change["created_at"])
    ana_receipts = receipts_to(api, ANA_EMAIL)
    assert [m["subject"] for m in ana_receipts] == [
        f"Recebemos sua solicitação {protocol}",
        f"Recebemos o reenvio da sua solicitação {protocol}",
    ]
    for receipt in ana_receipts:
        assert protocol in receipt["text"] and day in receipt["text"]
        assert "alteração de endereço" in receipt["text"]
        assert f"/#/solicitacoes/{change['id']}" in receipt["text"]
    [bruno_receipt] = receipts_to(api, BRUNO_EMAIL)
    assert bruno_receipt["subject"] == (
        f"Recebemos sua confirmação dos dados — protocolo {confirmation.json_body['protocol']}"
    )
    assert "confirmação dos dados" in bruno_receipt["text"]
    logged = dependencies.deliveries().of(professional_subject(ANA))
    assert [entry.template for entry in logged].count("request_received") == 2


def brasilia_day(at: str) -> str:
    return from_iso(at).astimezone(BRASILIA).strftime("%d/%m/%Y")
