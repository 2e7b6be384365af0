"""Access recovery on the running local stack, over HTTP as the pages drive it: a professional
who lost the e-mail on file answers the questions with a new address, gets the code there,
uploads a photo of the ID and one holding it with the recovery-only token (refused everywhere
else), and files the request; the reviewer of the region sees it with the new address and the
answers' matches, and approves; the old session ends, the professional signs in by code at the
new address, and the photos are gone."""

from __future__ import annotations

import re
import urllib.error
import urllib.request

import pytest

from chalicelib.services.emails import SUBJECTS
from local.client import json_call as call
from tests.e2e.conftest import LocalStack, get
from tests.e2e.test_professional_journey import demo_professional, punctuated, sign_in
from tests.e2e.test_staff_journey import reviewer_of, staff_sign_in
from tests.integration.api import PNG, post_form

pytestmark = pytest.mark.e2e

NEW_EMAIL = "novo.endereco@example.net"


def last_mail_code(stack: LocalStack, email: str, subject: str) -> str:
    status, outbox, _ = get(stack.api("/_dev/outbox"))
    assert status == 200
    texts = [sent["text"] for sent in outbox if email in sent["to"] and sent["subject"] == subject]
    assert texts, f"no e-mail '{subject}' to {email}"
    found = re.search(r"\b(\d{6})\b", texts[-1])
    assert found, texts[-1]
    return found.group(1)


def recovery_form(professional: dict[str, str], **changes: str) -> dict[str, str]:
    """The answers as a person types them: the mother's name in capitals, no accents."""
    return {
        "document": punctuated(professional["document"]),
        "registration_number": professional["registration_number"],
        "birth_date": professional["birth_date"],
        "mother_name": professional["mother_name"].upper(),
        "new_email": NEW_EMAIL,
    } | changes


def photo(stack: LocalStack, token: str, kind: str, filename: str) -> str:
    status, grant = call(
        "POST",
        stack.api("/me/uploads"),
        {"filename": filename, "content_type": "image/png", "size": len(PNG), "kind": kind},
        token,
    )
    assert status == 201, grant
    assert post_form(grant["url"], grant["fields"], PNG, filename) in (200, 201, 204)
    return str(grant["upload_id"])


def download_status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=30) as answer:
            return int(answer.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


def test_a_professional_recovers_access_through_the_regional_and_the_photos_are_deleted(
    stack: LocalStack,
) -> None:
    # Given a professional with a session from before (on the old address).
    professional = demo_professional(5)
    old_token = sign_in(stack, professional)

    # When they ask for recovery with a wrong birth date, the answer is the same as for an
    # unknown CPF: the new address gets a code only if the CPF is on file.
    wrong_birth = "1901-01-01"
    status, asked = call(
        "POST", stack.api("/auth/recovery"), recovery_form(professional, birth_date=wrong_birth)
    )
    assert status == 202, asked
    assert set(asked) == {"masked_email", "expires_in"}
    assert asked["masked_email"].endswith("@example.net")
    assert NEW_EMAIL not in str(asked)

    # An unregistered CPF gets the very same answer (nothing tells who is on file); its new
    # address gets the not-found e-mail instead of a code.
    outsider = "11144477735"
    status, same = call(
        "POST",
        stack.api("/auth/recovery"),
        recovery_form(professional, document=outsider, new_email="outra.pessoa@example.net"),
    )
    assert status == 202, same
    assert set(same) == set(asked)
    assert same["expires_in"] == asked["expires_in"]
    status, outbox, _ = get(stack.api("/_dev/outbox"))
    assert [m["subject"] for m in outbox if "outra.pessoa@example.net" in m["to"]] == [
        SUBJECTS["recovery_not_found"]
    ]

    # The code from the new address gives a recovery-only token.
    code = last_mail_code(stack, NEW_EMAIL, SUBJECTS["recovery_code"])
    status, session = call(
        "POST",
        stack.api("/auth/recovery/session"),
        {"document": professional["document"], "code": code},
    )
    assert status == 200, session
    assert session["scope"] == "recovery"
    token = session["token"]

    # Which opens nothing but the recovery: not the data, nor the requests.
    for method, path in (("GET", "/me"), ("GET", "/me/requests")):
        status, refused = call(method, stack.api(path), token=token)
        assert status == 403, (path, refused)
        assert refused["code"] == "recovery_only"
    status, refused = call(
        "POST",
        stack.api("/me/uploads"),
        {
            "filename": "c.pdf",
            "content_type": "application/pdf",
            "size": 10,
            "kind": "proof_of_address",
        },
        token,
    )
    assert status == 403, refused
    status, none = call("GET", stack.api("/me/recovery"), token=token)
    assert status == 404, none

    # The two photos go up and the request is filed, in review; one at a time.
    ids = [
        photo(stack, token, "identity_document", "documento.png"),
        photo(stack, token, "selfie_with_document", "selfie.png"),
    ]
    status, filed = call("POST", stack.api("/me/recovery"), {"upload_ids": ids}, token)
    assert status == 201, filed
    assert filed["kind"] == "access_recovery"
    assert filed["status"] == "in_review"
    protocol = filed["protocol"]
    status, again = call("POST", stack.api("/me/recovery"), {"upload_ids": ids}, token)
    assert status == 409, again
    assert again["code"] == "recovery_open"
    status, mine = call("GET", stack.api("/me/recovery"), token=token)
    assert status == 200 and mine["protocol"] == protocol
    status, public, _ = get(stack.api(f"/protocols/{protocol}"))
    assert status == 200 and public["status"] == "in_review"

    # Then the reviewer of the region finds it by kind, with the new address and the answers.
    reviewer = reviewer_of(professional["region"])
    staff = staff_sign_in(stack, reviewer)["token"]
    status, queue = call(
        "GET", stack.api("/staff/requests?kind=access_recovery&limit=100"), token=staff
    )
    assert status == 200, queue
    found = [item for item in queue["items"] if item["protocol"] == protocol]
    assert found, queue
    assert all(item["kind"] == "access_recovery" for item in queue["items"])
    request_id = found[0]["id"]
    status, detail = call("GET", stack.api(f"/staff/requests/{request_id}"), token=staff)
    assert status == 200, detail
    assert detail["kind"] == "access_recovery"
    assert detail["recovery"]["new_email"] == NEW_EMAIL
    assert detail["recovery"]["answers"] == {
        "registration_number": True,
        "birth_date": False,
        "mother_name": True,
    }
    assert sorted(a["kind"] for a in detail["attachments"]) == [
        "identity_document",
        "selfie_with_document",
    ]
    photo_urls = [a["download_url"] for a in detail["attachments"]]
    assert all(download_status(url) == 200 for url in photo_urls)

    # And approves it.
    status, claimed = call("POST", stack.api(f"/staff/requests/{request_id}/claim"), token=staff)
    assert status == 200, claimed
    status, decided = call(
        "POST",
        stack.api(f"/staff/requests/{request_id}/decision"),
        {"decision": "approve", "version": claimed["version"]},
        staff,
    )
    assert status == 200, decided
    assert decided["status"] == "approved"

    # The session from before the change has ended.
    status, ended = call("GET", stack.api("/me"), token=old_token)
    assert status == 401, ended

    # The professional signs in by code, which now goes to the new address.
    status, sent = call("POST", stack.api("/auth/code"), {"document": professional["document"]})
    assert status == 202, sent
    assert sent["masked_email"].endswith("@example.net")
    status, new_session = call(
        "POST",
        stack.api("/auth/session"),
        {
            "document": professional["document"],
            "code": last_mail_code(stack, NEW_EMAIL, SUBJECTS["login_code"]),
        },
    )
    assert status == 200, new_session
    status, me = call("GET", stack.api("/me"), token=new_session["token"])
    assert status == 200, me

    # The request keeps no photos, says they were deleted, and the files are gone from storage.
    status, detail = call("GET", stack.api(f"/staff/requests/{request_id}"), token=staff)
    assert status == 200, detail
    assert detail["attachments"] == []
    assert detail["recovery"]["photos_deleted"] == 2
    assert detail["history"][-1]["action"] == "photos_deleted"
    assert all(download_status(url) in (403, 404) for url in photo_urls)


def file_recovery(stack: LocalStack, professional: dict[str, str], **answers: str) -> str:
    """A recovery filed by HTTP with both photos (answers as on file unless given): its protocol."""
    status, asked = call(
        "POST", stack.api("/auth/recovery"), recovery_form(professional, **answers)
    )
    assert status == 202, asked
    code = last_mail_code(stack, NEW_EMAIL, SUBJECTS["recovery_code"])
    status, session = call(
        "POST",
        stack.api("/auth/recovery/session"),
        {"document": professional["document"], "code": code},
    )
    assert status == 200, session
    ids = [
        photo(stack, session["token"], "identity_document", "documento.png"),
        photo(stack, session["token"], "selfie_with_document", "selfie.png"),
    ]
    status, filed = call("POST", stack.api("/me/recovery"), {"upload_ids": ids}, session["token"])
    assert status == 201, filed
    return str(filed["protocol"])
