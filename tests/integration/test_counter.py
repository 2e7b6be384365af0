"""Service at the regional's counter and by post, on DynamoDB Local and moto: the e-mail fixed
after an ID check, a request entered from posted papers, and the four-eyes rule."""

from __future__ import annotations

from typing import Any

from chalicelib import dependencies
from chalicelib.domain.audit import professional_subject
from tests.integration.api import PDF, Api, post_form
from tests.integration.conftest import ANA, ANA_EMAIL, BRUNO

NEW_EMAIL = "ana.nova@example.org"


def fix_email(api: Api, token: str, document: str = ANA, **body: Any) -> Any:
    payload = {"email": NEW_EMAIL, "reason": "RG conferido no balcão"} | body
    return api.call("PUT", f"/staff/professionals/{document}/email", payload, token)


def staff_upload(api: Api, token: str, document: str = ANA) -> Any:
    body = {
        "document": document, "filename": "conta.pdf", "content_type": "application/pdf",
        "size": len(PDF), "kind": "proof_of_address",
    }  # fmt: skip
    return api.call("POST", "/staff/uploads", body, token)


def enter_address_change(api: Api, token: str, channel: str = "mail") -> Any:
    grant = staff_upload(api, token)
    assert grant.status_code == 201, grant.body
    post_form(grant.json_body["url"], grant.json_body["fields"], PDF, "conta.pdf")
    body = {
        "kind": "change", "group": "address", "changes": {"street": "Rua Augusta"},
        "channel": channel, "upload_ids": [grant.json_body["upload_id"]],
    }  # fmt: skip
    return api.call("POST", f"/staff/professionals/{ANA}/requests", body, token)


def test_the_email_fixed_at_the_counter_ends_her_sessions_and_shows_as_approved(api: Api) -> None:
    # Given Ana signed in before going to her regional
    old_token = api.sign_in(ANA, ANA_EMAIL)
    sp = api.staff_sign_in("revisor.sp")

    # When the SP reviewer, after checking her ID, fixes her e-mail
    answer = fix_email(api, sp)

    # Then the answer shows her record with the new address first
    assert answer.status_code == 200, answer.body
    assert answer.json_body["professional"]["data"]["emails"][0]["address"] == NEW_EMAIL
    assert answer.json_body["request"]["status"] == "approved"
    # And her old token no longer opens anything
    assert api.call("GET", "/me", token=old_token).status_code == 401
    # And, signed in again with the new address, she sees it as an approved change at the counter
    token = api.sign_in(ANA, NEW_EMAIL)
    [request] = api.call("GET", "/me/requests", token=token).json_body["items"]
    assert (request["group"], request["status"], request["channel"], request["entered_by"]) == (
        "emails",
        "approved",
        "counter",
        "revisor.sp",
    )
    # And the audit trail says who fixed it and why
    trail = dependencies.audit_log().trail(professional_subject(ANA))
    fixed = [event for event in trail if event.action == "email_fixed"]
    assert [(e.actor, e.target, e.detail) for e in fixed] == [
        ("revisor.sp", request["id"], {"channel": "counter", "reason": "RG conferido no balcão"})
    ]


def test_the_email_fix_needs_a_reason_and_stays_in_the_callers_regions(api: Api) -> None:
    sp, rj = api.staff_sign_in("revisor.sp"), api.staff_sign_in("revisor.rj")

    missing = fix_email(api, sp, reason="")
    outside = fix_email(api, rj)
    other = fix_email(api, sp, document=BRUNO)

    assert (missing.status_code, list(missing.json_body["fields"])) == (400, ["reason"])
    assert (outside.status_code, other.status_code) == (404, 404)
    ana = dependencies.professionals().get(ANA)
    assert ana is not None and ana.email == ANA_EMAIL


def test_a_request_entered_by_post_is_decided_by_another_staff_member(api: Api) -> None:
    sp, admin = api.staff_sign_in("revisor.sp"), api.staff_sign_in("admin")

    # Given an address change Ana posted, entered by the SP reviewer with a staff upload
    entered = enter_address_change(api, sp, channel="mail")
    assert entered.status_code == 201, entered.body
    request = entered.json_body
    assert (request["status"], request["channel"], request["entered_by"]) == (
        "in_review",
        "mail",
        "revisor.sp",
    )
    assert [(e["actor"], e["action"]) for e in request["history"]] == [("revisor.sp", "submitted")]
    decision = f"/staff/requests/{request['id']}/decision"
    approve = {"decision": "approve", "version": request["version"]}

    # When the one who entered it tries to claim or decide it, they are refused
    claimed = api.call("POST", f"/staff/requests/{request['id']}/claim", token=sp)
    decided = api.call("POST", decision, approve, sp)
    assert (claimed.status_code, claimed.json_body["code"]) == (403, "four_eyes")
    assert (decided.status_code, decided.json_body["code"]) == (403, "four_eyes")

    # And another staff member approves it
    approved = api.call("POST", decision, approve, admin)
    assert (approved.status_code, approved.json_body["status"]) == (200, "approved")
    ana = dependencies.professionals().get(ANA)
    assert ana is not None and ana.data.address.street == "Rua Augusta"
    trail = dependencies.audit_log().trail(professional_subject(ANA))
    assert {(e.actor, e.action) for e in trail} >= {
        ("revisor.sp", "upload_entered"),
        ("revisor.sp", "request_entered"),
        ("admin", "request_approved"),
    }


def test_a_reviewer_of_another_region_can_neither_enter_nor_see(api: Api) -> None:
    sp, rj = api.staff_sign_in("revisor.sp"), api.staff_sign_in("revisor.rj")
    request = enter_address_change(api, sp).json_body

    upload = staff_upload(api, rj)
    body = {"kind": "no_change", "channel": "counter"}
    entered = api.call("POST", f"/staff/professionals/{ANA}/requests", body, rj)
    seen = api.call("GET", f"/staff/requests/{request['id']}", token=rj)
    no_channel = api.call("POST", f"/staff/professionals/{ANA}/requests", {"kind": "no_change"}, sp)

    assert (upload.status_code, entered.status_code, seen.status_code) == (404, 404, 404)
    assert (no_channel.status_code, list(no_channel.json_body["fields"])) == (400, ["channel"])
