"""A reviewer on the running local stack, over HTTP as the admin page drives it: a demo
professional asks for an address change with a PDF proof; the reviewer of their region signs in,
finds it in the queue (the reviewer of another region does not), opens it, downloads the proof,
claims and approves it; the professional sees the new address; the admin sees the counters and
the audit trail; the legacy export lists the change."""

from __future__ import annotations

import time
import urllib.request
from typing import Any

import pytest

from local.demo import DEMO_PASSWORD
from tests.e2e.conftest import LocalStack, get
from tests.e2e.test_professional_journey import call, demo_professional, sign_in, upload
from tests.integration.api import PDF

pytestmark = pytest.mark.e2e

NEW_ADDRESS = {"street": "Avenida Paulista", "number": "1578"}


def staff_sign_in(stack: LocalStack, username: str) -> dict[str, Any]:
    status, session = call(
        "POST", stack.api("/staff/session"), {"username": username, "password": DEMO_PASSWORD}
    )
    assert status == 200, session
    return dict(session)


def reviewer_of(region: str) -> str:
    return f"revisor.{region.lower()}"


def queue_ids(stack: LocalStack, token: str) -> list[str]:
    """Every request id of the caller's queue, oldest first, following the cursor."""
    ids: list[str] = []
    cursor: str | None = None
    while True:
        path = "/staff/requests?limit=100" + (f"&cursor={cursor}" if cursor else "")
        status, answer = call("GET", stack.api(path), token=token)
        assert status == 200, answer
        ids += [item["id"] for item in answer["items"]]
        cursor = answer["next_cursor"]
        if not cursor:
            return ids


def ask_for_new_address(
    stack: LocalStack, professional: dict[str, str]
) -> tuple[str, dict[str, Any]]:
    """The professional signs in and asks for NEW_ADDRESS with a PDF proof: (token, request)."""
    token = sign_in(stack, professional)
    upload_id = upload(stack, token, PDF, "comprovante.pdf")
    status, created = call(
        "POST",
        stack.api("/me/requests"),
        {"kind": "change", "group": "address", "changes": NEW_ADDRESS, "upload_ids": [upload_id]},
        token,
    )
    assert status == 201, created
    return token, dict(created)


def confirm_data(stack: LocalStack, token: str) -> dict[str, Any]:
    """The professional confirms that their data is correct, without a proof of address (their
    address change with its proof was approved): what concludes them."""
    status, created = call(
        "POST", stack.api("/me/requests"), {"kind": "no_change", "upload_ids": []}, token
    )
    assert status == 201, created
    return dict(created)


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=30) as answer:
        assert answer.status == 200
        return bytes(answer.read())


def test_a_reviewer_approves_an_address_change_that_reaches_the_record_and_the_export(
    stack: LocalStack,
) -> None:
    # 1. A demo professional asks for an address change with a PDF proof.
    professional = demo_professional(2)
    region = professional["region"]
    professional_token, created = ask_for_new_address(stack, professional)
    protocol, request_id = created["protocol"], created["id"]

    # 2. The reviewer of that region signs in; a wrong password is refused.
    reviewer = reviewer_of(region)
    session = staff_sign_in(stack, reviewer)
    token = session["token"]
    assert token and session["expires_at"].endswith("Z")
    assert session["user"]["username"] == reviewer
    assert session["user"]["name"]
    assert session["user"]["role"] == "reviewer"
    assert session["user"]["regions"] == [region]

    status, refused = call(
        "POST", stack.api("/staff/session"), {"username": reviewer, "password": "errada"}
    )
    assert status == 401, refused
    assert {"code", "message"} <= set(refused) and refused["message"]

    # The two kinds of token do not open each other's routes.
    status, body = call("GET", stack.api("/staff/requests"), token=professional_token)
    assert status == 401, body
    status, body = call("GET", stack.api("/me"), token=token)
    assert status == 401, body

    # 3. The request is in the reviewer's queue, with whose and which region it is.
    status, listed = call("GET", stack.api("/staff/requests?limit=100"), token=token)
    assert status == 200, listed
    mine = [item for item in listed["items"] if item["id"] == request_id]
    assert len(mine) == 1, listed
    assert mine[0]["protocol"] == protocol
    assert mine[0]["document"] == professional["document"]
    assert mine[0]["region"] == region
    assert mine[0]["status"] == "in_review"
    created_ats = [item["created_at"] for item in listed["items"]]
    assert created_ats == sorted(created_ats), "the queue is oldest first"

    other_region = "SP" if region != "SP" else "RJ"
    other_token = staff_sign_in(stack, reviewer_of(other_region))["token"]
    assert request_id not in queue_ids(stack, other_token)
    status, hidden = call("GET", stack.api(f"/staff/requests/{request_id}"), token=other_token)
    assert status == 404, hidden
    assert {"code", "message"} <= set(hidden)

    # 4. Opened: who it is from, what differs, and the proof as it was uploaded.
    status, detail = call("GET", stack.api(f"/staff/requests/{request_id}"), token=token)
    assert status == 200, detail
    assert detail["professional"]["name"] == professional["name"]
    assert detail["professional"]["document"] == professional["document"]
    assert detail["professional"]["region"] == region
    assert detail["professional"]["registration_number"] == professional["registration_number"]
    assert set(NEW_ADDRESS) <= set(detail["differences"])
    assert detail["changes"] == NEW_ADDRESS
    assert detail["current"]["street"] == professional["street"]
    assert [a["filename"] for a in detail["attachments"]] == ["comprovante.pdf"]
    assert fetch(detail["attachments"][0]["download_url"]) == PDF

    # 5. Claimed, then approved with the version of the claim's answer.
    status, claimed = call("POST", stack.api(f"/staff/requests/{request_id}/claim"), token=token)
    assert status == 200, claimed
    assert claimed["assigned_to"] == reviewer
    status, decided = call(
        "POST",
        stack.api(f"/staff/requests/{request_id}/decision"),
        {"decision": "approve", "version": claimed["version"]},
        token,
    )
    assert status == 200, decided
    assert decided["status"] == "approved"

    # 6. The professional sees the new address; the protocol says approved.
    status, me = call("GET", stack.api("/me"), token=professional_token)
    assert status == 200, me
    assert me["data"]["address"]["street"] == NEW_ADDRESS["street"]
    assert me["data"]["address"]["number"] == NEW_ADDRESS["number"]
    # Approved without the professional's confirmation: the data applies, nothing concludes.
    assert (me["status"], me["confirmed"]) == ("in_progress", False)
    status, public, _ = get(stack.api(f"/protocols/{protocol}"))
    assert status == 200, public
    assert public["status"] == "approved"

    # 7. The admin's dashboard counts it (the stream pump keeps the counters) and the
    # professional's audit trail shows the reviewer opening the request.
    admin = staff_sign_in(stack, "admin")
    assert admin["user"]["role"] == "admin"
    admin_token = admin["token"]
    deadline = time.monotonic() + 30
    while True:
        status, board = call("GET", stack.api("/staff/dashboard"), token=admin_token)
        assert status == 200, board
        if board["requests"]["approved"] >= 1 and board["professionals"]["total"] >= 200:
            break
        assert time.monotonic() < deadline, f"the dashboard did not count it: {board}"
        time.sleep(1)

    status, record = call(
        "GET", stack.api(f"/staff/professionals/{professional['document']}"), token=admin_token
    )
    assert status == 200, record
    assert [r["protocol"] for r in record["requests"]] == [protocol]
    assert any(
        event["actor"] == reviewer
        and event["action"] == "viewed_request"
        and event.get("target") == request_id
        for event in record["audit"]
    ), record["audit"]

    # 8. The export for the legacy registry lists the approved change.
    exported = stack.manage("export-changes", "--region", region)
    assert exported.returncode == 0, exported.stderr
    assert exported.stdout.startswith("\ufeff"), exported.stdout[:80]
    lines = exported.stdout.removeprefix("\ufeff").splitlines()
    assert lines[0].startswith("protocolo;cpf_cnpj;registro;regional;grupo;campo"), lines[0]
    rows = [line.split(";") for line in lines[1:]]
    assert any(protocol in row and "street" in row for row in rows), lines
