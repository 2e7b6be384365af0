"""`POST /vendor/events`: the vendor's signed reports move the card along; anything unsigned,
stale or replayed changes nothing."""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from chalicelib import dependencies
from chalicelib.domain.audit import professional_subject
from chalicelib.domain.professional import CardOrder, CardStatus, ProfessionalStatus
from local.moto_state import MotoState
from tests.integration.api import PDF, Api
from tests.integration.conftest import ANA, ANA_EMAIL, BRUNO


@pytest.fixture
def secret(api: Api, tmp_path: Path) -> bytes:
    name = dependencies.settings().vendor_webhook_secret_name
    return MotoState(tmp_path / "aws").secret_value(name).encode()


@pytest.fixture
def ordered(api: Api) -> None:
    """Ana's card was ordered and accepted by the vendor."""
    professionals = dependencies.professionals()
    ana = professionals.get(ANA)
    assert ana is not None
    card = CardOrder(
        status=CardStatus.REQUESTED, order_id=f"{ANA}-2", data_hash="h",
        enrollment_url="https://vendor.example/enroll/1", cardholder_id="1",
    )  # fmt: skip
    professionals.save_card(
        ana.model_copy(
            update={"card": card, "status": ProfessionalStatus.CARD_REQUESTED, "confirmed": True}
        ),
        ana.version,
    )


def report(
    api: Api, secret: bytes, status: str, document: str = ANA, at: datetime | None = None,
    signature: str | None = "good",
) -> Any:  # fmt: skip
    moment = (at or datetime.now(UTC)).strftime("%Y-%m-%dT%H:%M:%SZ")
    body = json.dumps({"document": document, "status": status, "at": moment}).encode()
    return send(api, body, secret, signature)


def send(api: Api, body: bytes, secret: bytes, signature: str | None = "good") -> Any:
    headers = {"Content-Type": "application/json"}
    if signature == "good":
        headers["X-Signature"] = "sha256=" + hmac.new(secret, body, hashlib.sha256).hexdigest()
    elif signature is not None:
        headers["X-Signature"] = signature
    return api.client.http.post("/vendor/events", body=body, headers=headers)


def test_signed_reports_move_the_card_and_production_locks_the_council_groups(
    api: Api, secret: bytes, ordered: None
) -> None:
    token = api.sign_in(ANA, ANA_EMAIL)

    enrolled = report(api, secret, "enrollment_completed")
    in_production = report(api, secret, "in_production")
    me = api.call("GET", "/me", token=token).json_body
    personal = api.call(
        "POST", "/me/requests",
        {"kind": "change", "group": "personal", "changes": {"name": "Ana Maria Lima"},
         "upload_ids": [api.upload(token, PDF, kind="identity_document")]},
        token,
    )  # fmt: skip
    shipped = report(api, secret, "shipped")

    assert enrolled.status_code == 200 and in_production.status_code == 200
    assert me["status"] == "card_in_production" and me["card"]["status"] == "in_production"
    assert me["locked_groups"] == ["personal", "filiation", "birthplace", "documents"]
    assert (personal.status_code, personal.json_body["code"]) == (409, "group_locked")
    assert shipped.json_body == {"document": ANA, "status": "card_shipped"}
    trail = [e.action for e in dependencies.audit_log().trail(professional_subject(ANA))]
    assert {"card_enrollment_completed", "card_in_production", "card_shipped"} <= set(trail)


@pytest.mark.parametrize("signature", [None, "sha256=" + "0" * 64, "md5=abc", ""])
def test_an_unsigned_or_badly_signed_report_is_refused_and_changes_nothing(
    api: Api, secret: bytes, ordered: None, signature: str | None
) -> None:
    answer = report(api, secret, "in_production", signature=signature)

    assert (answer.status_code, answer.json_body["code"]) == (401, "invalid_signature")
    assert dependencies.professionals().get(ANA).status.value == "card_requested"  # type: ignore[union-attr]


def test_a_report_signed_with_another_secret_is_refused(
    api: Api, secret: bytes, ordered: None
) -> None:
    answer = report(api, b"not-the-shared-secret", "in_production")

    assert answer.status_code == 401


def test_a_stale_report_and_a_replayed_one_are_refused(
    api: Api, secret: bytes, ordered: None
) -> None:
    stale = report(api, secret, "in_production", at=datetime.now(UTC) - timedelta(minutes=10))
    body = json.dumps(
        {"document": ANA, "status": "enrollment_completed",
         "at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")}
    ).encode()  # fmt: skip
    first, replay = send(api, body, secret), send(api, body, secret)

    assert (stale.status_code, list(stale.json_body["fields"])) == (400, ["at"])
    assert first.status_code == 200
    assert (replay.status_code, replay.json_body["code"]) == (409, "event_replayed")
    professional = dependencies.professionals().get(ANA)
    assert professional is not None and professional.card is not None
    assert professional.card.status == CardStatus.ENROLLED


def test_a_late_report_of_an_earlier_step_moves_nothing_back(
    api: Api, secret: bytes, ordered: None
) -> None:
    report(api, secret, "shipped")

    late = report(api, secret, "in_production")

    assert late.status_code == 200 and late.json_body["status"] == "card_shipped"


def test_reports_for_unknown_people_or_cards_not_ordered_are_told_apart(
    api: Api, secret: bytes, ordered: None
) -> None:
    unknown = report(api, secret, "in_production", document="11144477735")
    not_ordered = report(api, secret, "in_production", document=BRUNO)
    invalid = send(api, b'{"document": "123", "status": "lost", "at": "ontem"}', secret)

    assert unknown.status_code == 404
    assert (not_ordered.status_code, not_ordered.json_body["code"]) == (409, "no_card_order")
    assert invalid.status_code == 400
    assert set(invalid.json_body["fields"]) == {"document", "status", "at"}


def test_a_signed_report_whose_fields_are_not_texts_is_a_400(
    api: Api, secret: bytes, ordered: None
) -> None:
    moment = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    body = {"document": int(ANA), "status": ["in_production"], "at": moment}

    answer = send(api, json.dumps(body).encode(), secret)

    assert answer.status_code == 400
    assert set(answer.json_body["fields"]) == {"document", "status"}
