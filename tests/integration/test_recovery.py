"""Access recovery for a professional whose e-mail no longer works, on DynamoDB Local and
moto: the same answer for any CPF, a recovery-only token, one open recovery, a reviewer of
the region decides, and approval or refusal deletes the photos."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from chalicelib import dependencies
from chalicelib.services.change_requests import upload_key
from tests.integration.api import PNG, Api
from tests.integration.conftest import ANA, ANA_EMAIL

NEW = "ana.nova@example.org"
NOT_ON_FILE = "11144477735"


def form(document: str = ANA, **update: Any) -> dict[str, Any]:
    """Ana's answers as the registry has them (tests/conftest.py's registry row)."""
    on_file = dependencies.professionals().get(ANA)
    assert on_file is not None
    personal, filiation = on_file.data.personal, on_file.data.filiation
    return {
        "document": document, "registration_number": "12345-t",
        "birth_date": str(personal.birth_date or date(1980, 1, 1)),
        "mother_name": (filiation.mother_name or "").upper(), "new_email": NEW,
    } | update  # fmt: skip


def recovery_token(api: Api, **update: Any) -> str:
    assert api.call("POST", "/auth/recovery", form(**update)).status_code == 202
    code = api.last_code(NEW)
    answer = api.call("POST", "/auth/recovery/session", {"document": ANA, "code": code})
    assert answer.status_code == 200, answer.body
    assert answer.json_body["scope"] == "recovery"
    return str(answer.json_body["token"])


def submit(api: Api, token: str) -> dict[str, Any]:
    ids = [
        api.upload(token, PNG, "identity_document", "rg.png", "image/png"),
        api.upload(token, PNG, "selfie_with_document", "selfie.png", "image/png"),
    ]
    answer = api.call("POST", "/me/recovery", {"upload_ids": ids}, token)
    assert answer.status_code == 201, answer.body
    return dict(answer.json_body)


def test_the_answer_is_the_same_for_a_cpf_on_file_or_not(api: Api) -> None:
    known = api.call("POST", "/auth/recovery", form())
    unknown = api.call("POST", "/auth/recovery", form(NOT_ON_FILE))

    assert known.status_code == unknown.status_code == 202
    assert known.json_body.keys() == unknown.json_body.keys()
    assert known.json_body == unknown.json_body  # both name the new address, masked


def test_three_recoveries_a_day_per_document(api: Api) -> None:
    for _ in range(3):
        assert api.call("POST", "/auth/recovery", form()).status_code == 202

    refused = api.call("POST", "/auth/recovery", form())

    assert (refused.status_code, refused.json_body["code"]) == (429, "too_many_recoveries")
    assert "Retry-After" in refused.headers


def test_a_recovery_token_opens_nothing_else(api: Api) -> None:
    token = recovery_token(api)

    for method, path, body in [
        ("GET", "/me", None), ("GET", "/me/requests", None),
        ("POST", "/me/requests", {"kind": "no_change", "upload_ids": []}),
        ("PUT", "/me/contact-email", {"source": "govbr"}),
        ("POST", "/me/uploads", {"filename": "a.pdf", "content_type": "application/pdf",
                                 "size": 10, "kind": "proof_of_address"}),
    ]:  # fmt: skip
        answer = api.call(method, path, body, token)
        assert (answer.status_code, answer.json_body["code"]) == (403, "recovery_only"), path


def test_one_open_recovery_and_the_requester_sees_no_data_on_file(api: Api) -> None:
    token = recovery_token(api)
    filed = submit(api, token)

    assert (filed["kind"], filed["status"]) == ("access_recovery", "in_review")
    assert "current" not in filed and "recovery" not in filed
    again = api.call("POST", "/me/recovery", {"upload_ids": ["a" * 32, "b" * 32]}, token)
    assert (again.status_code, again.json_body["code"]) == (409, "recovery_open")
    mine = api.call("GET", "/me/recovery", token=token).json_body
    assert mine["protocol"] == filed["protocol"]
    public = api.call("GET", f"/protocols/{filed['protocol']}").json_body
    assert public["kind"] == "access_recovery"


def test_the_reviewer_sees_which_answers_matched_and_approval_gives_the_access_back(
    api: Api,
) -> None:
    before = api.sign_in(ANA, ANA_EMAIL)
    filed = submit(api, recovery_token(api, mother_name="Outra Pessoa"))
    sp, rj = api.staff_sign_in("revisor.sp"), api.staff_sign_in("revisor.rj")

    queue = api.call("GET", "/staff/requests?kind=access_recovery", token=sp).json_body
    detail = api.call("GET", f"/staff/requests/{filed['id']}", token=sp).json_body

    assert [item["id"] for item in queue["items"]] == [filed["id"]]
    assert detail["recovery"]["new_email"] == NEW
    assert detail["recovery"]["answers"] == {
        "registration_number": True,
        "birth_date": True,
        "mother_name": False,
    }
    assert api.call("GET", f"/staff/requests/{filed['id']}", token=rj).status_code == 404
    decision = {"decision": "approve", "version": detail["version"]}
    assert (
        api.call("POST", f"/staff/requests/{filed['id']}/decision", decision, rj).status_code == 404
    )

    decided = api.call("POST", f"/staff/requests/{filed['id']}/decision", decision, sp)

    assert decided.status_code == 200, decided.body
    assert api.call("GET", "/me", token=before).status_code == 401  # every earlier session
    me = api.call("GET", "/me", token=api.sign_in(ANA, NEW)).json_body
    assert me["data"]["emails"][0]["address"] == NEW
    _photos_gone(decided.json_body)
    export = api.call("GET", "/staff/exports/changes.csv", token=sp).body.decode("utf-8-sig")
    [row] = [line for line in export.splitlines() if line.startswith(filed["protocol"])]
    assert ";emails;emails;" in row and NEW in row  # the registry learns the new e-mail


@pytest.mark.parametrize("decision", ["reject", "return"])
def test_a_refusal_keeps_the_email_and_deletes_the_photos(api: Api, decision: str) -> None:
    filed = submit(api, recovery_token(api))
    sp = api.staff_sign_in("revisor.sp")
    body = {
        "decision": decision,
        "reason": "A foto não mostra o rosto.",
        "version": filed["version"],
    }

    decided = api.call("POST", f"/staff/requests/{filed['id']}/decision", body, sp)

    assert decided.status_code == 200, decided.body
    on_file = dependencies.professionals().get(ANA)
    assert on_file is not None and on_file.email == ANA_EMAIL
    _photos_gone(decided.json_body)


def _photos_gone(decided: dict[str, Any]) -> None:
    assert decided["attachments"] == []
    assert decided["history"][-1]["action"] == "photos_deleted"
    storage = dependencies.storage()
    request = dependencies.requests().get(decided["id"])
    assert request is not None and request.recovery and request.recovery["photos_deleted"] == 2
    for entry in _uploads_of(decided["id"]):
        assert storage.head(upload_key(ANA, entry)) is None


def _uploads_of(request_id: str) -> list[str]:
    """The upload ids the request once held (its history keeps none: read the uploads table)."""
    from chalicelib.adapters.dynamodb.models import UploadModel

    model = dependencies.tables().bind(UploadModel)
    return [item.upload_id for item in model.scan() if item.request_id == request_id]


def test_a_wrong_recovery_code_says_the_tries_left_and_no_unknown_cpf_gets_a_token(
    api: Api,
) -> None:
    api.call("POST", "/auth/recovery", form())
    wrong = api.call("POST", "/auth/recovery/session", {"document": ANA, "code": "000000"})
    nobody = api.call("POST", "/auth/recovery/session", {"document": NOT_ON_FILE, "code": "123456"})

    assert wrong.status_code == 401 and "Restam 4 tentativas" in wrong.json_body["message"]
    assert nobody.status_code == 401
