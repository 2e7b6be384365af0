"""The staff side of API.md on DynamoDB Local and moto (Cognito tokens checked against JWKS)."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime

import pytest

from chalicelib import dependencies
from chalicelib.domain.audit import professional_subject
from chalicelib.domain.errors import Conflict
from chalicelib.domain.request_commands import DecisionCommand
from chalicelib.domain.staff import StaffCall, StaffMember
from chalicelib.services import decisions
from tests.integration.api import PDF, Api
from tests.integration.conftest import ANA, ANA_EMAIL, BRUNO, BRUNO_EMAIL


def submit_address_change(api: Api, document: str = ANA, email: str = ANA_EMAIL) -> dict:
    token = api.sign_in(document, email)
    body = {
        "kind": "change",
        "group": "address",
        "changes": {"street": "Rua Augusta", "number": "500"},
        "upload_ids": [api.upload(token, PDF)],
    }
    answer = api.call("POST", "/me/requests", body, token)
    assert answer.status_code == 201, answer.body
    return dict(answer.json_body) | {"token": token}


def test_staff_sign_in_gives_a_cognito_token_and_who_they_are(api: Api) -> None:
    answer = api.call(
        "POST", "/staff/session", {"username": "revisor.sp", "password": "Senha-Forte-2026"}
    )
    wrong = api.call(
        "POST", "/staff/session", {"username": "revisor.sp", "password": "errada-1234"}
    )

    assert answer.status_code == 200
    assert answer.json_body["user"] == {
        "username": "revisor.sp",
        "name": "Revisor.Sp",
        "role": "reviewer",
        "regions": ["SP"],
    }
    assert answer.json_body["token"].count(".") == 2
    assert (wrong.status_code, wrong.json_body["code"]) == (401, "invalid_credentials")


def test_tokens_never_cross_between_professionals_and_staff(api: Api) -> None:
    professional = api.sign_in(ANA, ANA_EMAIL)
    staff = api.staff_sign_in("admin")

    assert api.call("GET", "/staff/requests", token=professional).status_code == 401
    assert api.call("GET", "/me", token=staff).status_code == 401
    assert api.call("GET", "/staff/requests", token=staff).status_code == 200


def test_a_reviewer_sees_only_the_queue_of_their_region_oldest_first(api: Api) -> None:
    ana = submit_address_change(api)
    time.sleep(1.1)  # times have second precision: one second apart, the order is certain
    bruno = submit_address_change(api, BRUNO, BRUNO_EMAIL)
    sp, rj, admin = (api.staff_sign_in(name) for name in ("revisor.sp", "revisor.rj", "admin"))

    sp_queue = api.call("GET", "/staff/requests", token=sp).json_body
    all_queue = api.call("GET", "/staff/requests?status=in_review", token=admin).json_body
    forbidden = api.call("GET", "/staff/requests?region=RJ", token=sp)

    assert [item["id"] for item in sp_queue["items"]] == [ana["id"]]
    assert [item["id"] for item in all_queue["items"]] == [ana["id"], bruno["id"]]
    assert sp_queue["items"][0]["professional"] == {
        "name": "Ana Maria Souza",
        "registration_number": "12345-T",
    }
    assert forbidden.status_code == 403
    assert api.call("GET", f"/staff/requests/{bruno['id']}", token=sp).status_code == 404
    assert api.call("GET", f"/staff/requests/{bruno['id']}", token=rj).status_code == 200


def test_the_detail_shows_what_differs_and_short_lived_links_and_is_audited(api: Api) -> None:
    request = submit_address_change(api)
    sp = api.staff_sign_in("revisor.sp")
    admin = api.staff_sign_in("admin")

    detail = api.call("GET", f"/staff/requests/{request['id']}", token=sp).json_body

    assert detail["professional"]["name"] == "Ana Maria Souza"
    assert detail["differences"] == ["street", "number"]
    link = detail["attachments"][0]["download_url"]
    assert "X-Amz-Expires=300" in link or "Expires=" in link
    record = api.call("GET", f"/staff/professionals/{ANA}", token=admin).json_body
    assert {
        "actor": "revisor.sp",
        "action": "viewed_request",
        "target": request["id"],
    }.items() <= record["audit"][0].items()


def test_approval_applies_the_proposed_values_to_the_professional(api: Api) -> None:
    request = submit_address_change(api)
    sp = api.staff_sign_in("revisor.sp")

    claimed = api.call("POST", f"/staff/requests/{request['id']}/claim", token=sp).json_body
    answer = api.call(
        "POST", f"/staff/requests/{request['id']}/decision",
        {"decision": "approve", "reason": "", "version": claimed["version"]}, sp,
    )  # fmt: skip

    assert answer.status_code == 200, answer.body
    assert answer.json_body["status"] == "approved"
    me = api.call("GET", "/me", token=request["token"]).json_body
    assert (me["data"]["address"]["street"], me["data"]["address"]["number"]) == (
        "Rua Augusta",
        "500",
    )
    # An approval alone concludes nothing: the professional has not confirmed (contract change)
    assert (me["status"], me["confirmed"]) == ("in_progress", False)
    trail = dependencies.audit_log().trail(professional_subject(ANA))
    # Newest first, to the second: the claim and the approval may share one.
    assert {(e.actor, e.action, e.target) for e in trail[:2]} == {
        ("revisor.sp", "request_approved", request["id"]),
        ("revisor.sp", "request_claimed", request["id"]),
    }


def test_reject_and_return_need_a_reason_that_the_professional_then_sees(api: Api) -> None:
    request = submit_address_change(api)
    sp = api.staff_sign_in("revisor.sp")
    path = f"/staff/requests/{request['id']}/decision"

    missing = api.call("POST", path, {"decision": "return", "version": request["version"]}, sp)
    returned = api.call(
        "POST",
        path,
        {"decision": "return", "reason": "Comprovante ilegível.", "version": request["version"]},
        sp,
    )

    assert (missing.status_code, list(missing.json_body["fields"])) == (400, ["reason"])
    assert returned.status_code == 200
    mine = api.call("GET", f"/me/requests/{request['id']}", token=request["token"]).json_body
    assert (mine["status"], mine["reason"]) == ("returned", "Comprovante ilegível.")


def test_a_claimed_request_is_decided_only_by_who_claimed_it(api: Api) -> None:
    request = submit_address_change(api)
    sp = api.staff_sign_in("revisor.sp")
    admin = api.staff_sign_in("admin")
    claimed = api.call("POST", f"/staff/requests/{request['id']}/claim", token=sp).json_body

    taken = api.call("POST", f"/staff/requests/{request['id']}/claim", token=admin)
    decided = api.call(
        "POST", f"/staff/requests/{request['id']}/decision",
        {"decision": "approve", "version": claimed["version"]}, admin,
    )  # fmt: skip

    assert (taken.status_code, taken.json_body["code"]) == (409, "claimed_by_other")
    assert (decided.status_code, decided.json_body["code"]) == (409, "claimed_by_other")


def test_two_reviewers_deciding_at_once_one_wins_one_gets_409(api: Api) -> None:
    request = submit_address_change(api)
    reviewers = [
        StaffMember.from_groups("revisor.sp", ["region-SP"]),
        StaffMember.from_groups("admin", ["admin"]),
    ]
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def decide(staff: StaffMember, choice: str) -> None:
        body = {"decision": choice, "reason": "conferido", "version": request["version"]}
        start.wait()
        try:
            decisions.decide(
                StaffCall(staff, "127.0.0.1", datetime.now(UTC)), request["id"],
                DecisionCommand.from_body(body), dependencies.review_decisions(),
            )  # fmt: skip
            outcomes.append("200")
        except Conflict:
            # The loser either lost the transaction, or read the request already decided.
            outcomes.append("409")

    threads = [
        threading.Thread(target=decide, args=(reviewers[0], "approve")),
        threading.Thread(target=decide, args=(reviewers[1], "reject")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["200", "409"]
    final = dependencies.requests().get(request["id"])
    professional = dependencies.professionals().get(ANA)
    assert final.status.value in ("approved", "rejected")
    assert (professional.data.address.street == "Rua Augusta") == (final.status.value == "approved")


def test_only_admins_change_the_campaign_and_the_deadline_can_be_extended(api: Api) -> None:
    sp, admin = api.staff_sign_in("revisor.sp"), api.staff_sign_in("admin")
    settings = {
        "deadline": "2099-06-30",
        "reminder_days": [15, 1],
        "stall_days": 3,
        "fee_after_deadline": True,
    }

    refused = api.call("PUT", "/staff/campaign", settings, sp)
    saved = api.call("PUT", "/staff/campaign", settings, admin)
    past = api.call("PUT", "/staff/campaign", settings | {"deadline": "2020-01-01"}, admin)

    assert refused.status_code == 403
    assert saved.status_code == 200
    assert api.call("GET", "/campaign").json_body["deadline"] == "2099-06-30"
    assert api.call("GET", "/staff/campaign", token=sp).json_body["stall_days"] == 3
    assert (past.status_code, list(past.json_body["fields"])) == (400, ["deadline"])


def test_the_export_lists_each_approved_change_for_the_legacy_system(api: Api) -> None:
    request = submit_address_change(api)
    sp = api.staff_sign_in("revisor.sp")
    rj = api.staff_sign_in("revisor.rj")
    api.call(
        "POST",
        f"/staff/requests/{request['id']}/decision",
        {"decision": "approve", "version": request["version"]},
        sp,
    )

    answer = api.call("GET", "/staff/exports/changes.csv?since=2020-01-01", token=sp)
    other_region = api.call("GET", "/staff/exports/changes.csv", token=rj)

    assert answer.headers["Content-Type"].startswith("text/csv")
    text = answer.body.decode("utf-8")
    assert text.startswith("\ufeffprotocolo;cpf_cnpj;registro;regional;grupo;campo;")
    rows = text.strip("\ufeff").split("\r\n")
    assert (
        f"{request['id']};{ANA};12345-T;SP;address;street;Avenida Paulista;Rua Augusta;" in rows[1]
    )
    assert len([row for row in rows if row]) == 3  # header, street, number
    assert len([row for row in other_region.body.decode().split("\r\n") if row]) == 1


@pytest.mark.parametrize("path", ["/staff/requests", "/staff/dashboard", "/staff/campaign"])
def test_staff_routes_need_a_staff_token(api: Api, path: str) -> None:
    assert api.call("GET", path).status_code == 401


def test_authorization_matrix_of_every_staff_route(api: Api) -> None:
    """Each staff route x {no token, a professional's, a reviewer of another region, the
    region's reviewer, an admin}: who gets in, and who is told nothing exists."""
    request = submit_address_change(api)  # Ana's, in SP
    tokens = {
        "none": None,
        "professional": request["token"],
        "other_region": api.staff_sign_in("revisor.rj"),
        "region": api.staff_sign_in("revisor.sp"),
        "admin": api.staff_sign_in("admin"),
    }
    rid = request["id"]
    stale = {"decision": "approve", "version": 999}
    settings = {
        "deadline": "2099-01-31",
        "reminder_days": [7],
        "stall_days": 5,
        "fee_after_deadline": True,
    }
    # route -> expected status per caller, in the order of `tokens`
    matrix = [
        ("GET", "/staff/requests", None, [401, 401, 200, 200, 200]),
        ("GET", "/staff/requests?region=SP", None, [401, 401, 403, 200, 200]),
        ("GET", f"/staff/requests/{rid}", None, [401, 401, 404, 200, 200]),
        ("POST", f"/staff/requests/{rid}/decision", stale, [401, 401, 404, 409, 409]),
        ("POST", f"/staff/requests/{rid}/claim", None, [401, 401, 404, 200, 409]),
        ("GET", "/staff/dashboard", None, [401, 401, 200, 200, 200]),
        ("GET", "/staff/dashboard?region=SP", None, [401, 401, 403, 200, 200]),
        ("GET", f"/staff/professionals/{ANA}", None, [401, 401, 404, 200, 200]),
        ("GET", "/staff/campaign", None, [401, 401, 200, 200, 200]),
        ("PUT", "/staff/campaign", settings, [401, 401, 403, 403, 200]),
        ("GET", "/staff/exports/changes.csv?region=SP", None, [401, 401, 403, 200, 200]),
    ]
    wrong = []
    for method, path, body, expected in matrix:
        for (caller, token), status in zip(tokens.items(), expected, strict=True):
            got = api.call(method, path, body, token).status_code
            if got != status:
                wrong.append(f"{method} {path} as {caller}: {got}, expected {status}")

    assert wrong == []
    queue_of_other_region = api.call(
        "GET", "/staff/requests", token=tokens["other_region"]
    ).json_body
    assert queue_of_other_region["items"] == []
