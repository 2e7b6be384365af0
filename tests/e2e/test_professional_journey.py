"""A demo professional on the running local stack, over HTTP as the web page drives it: signs in
with the code from the e-mail, sees their data, attaches a proof, asks for an address change and
follows it by protocol; a program disguised as a PDF is refused."""

from __future__ import annotations

import json
import re

import pytest

from chalicelib import dependencies
from chalicelib.services.emails import SUBJECTS
from local.client import json_call as call
from local.demo import registry_rows
from tests.e2e.conftest import LocalStack, get
from tests.integration.api import EXE, PDF, post_form

pytestmark = pytest.mark.e2e
CODE = SUBJECTS["login_code"]


def demo_professional(index: int) -> dict[str, str]:
    """Row `index` of the demo registry the stack seeds on its first start."""
    return list(registry_rows(index + 1, dependencies.council()))[index]


def punctuated(cpf: str) -> str:
    return f"{cpf[:3]}.{cpf[3:6]}.{cpf[6:9]}-{cpf[9:]}"


def last_code(stack: LocalStack, email: str) -> str:
    """The code of the last sign-in e-mail: the stream's receipts and decisions to the same
    address may arrive after it."""
    status, outbox, _ = get(stack.api("/_dev/outbox"))
    assert status == 200
    texts = [sent["text"] for sent in outbox if email in sent["to"] and sent["subject"] == CODE]
    assert texts, f"no sign-in e-mail to {email}"
    found = re.search(r"\b(\d{6})\b", texts[-1])
    assert found, texts[-1]
    return found.group(1)


def sign_in(stack: LocalStack, professional: dict[str, str]) -> str:
    email = professional["email"]
    status, sent = call(
        "POST", stack.api("/auth/code"), {"document": punctuated(professional["document"])}
    )
    assert status == 202, sent
    assert sent["masked_email"] == f"{email[0]}***@example.org"

    status, session = call(
        "POST",
        stack.api("/auth/session"),
        {"document": professional["document"], "code": last_code(stack, email)},
    )
    assert status == 200, session
    return str(session["token"])


def upload(stack: LocalStack, token: str, content: bytes, filename: str) -> str:
    """Declared as a PDF proof of address, whatever `content` really is."""
    status, grant = call(
        "POST",
        stack.api("/me/uploads"),
        {
            "filename": filename,
            "content_type": "application/pdf",
            "size": len(content),
            "kind": "proof_of_address",
        },
        token,
    )
    assert status == 201, grant
    assert post_form(grant["url"], grant["fields"], content, filename) in (200, 201, 204)
    return str(grant["upload_id"])


def test_a_professional_asks_for_an_address_change_and_follows_it_by_protocol(
    stack: LocalStack,
) -> None:
    professional = demo_professional(0)
    token = sign_in(stack, professional)

    status, me = call("GET", stack.api("/me"), token=token)
    assert status == 200
    assert me["document"] == professional["document"]
    assert me["registration_number"] == professional["registration_number"]
    assert me["status"] == "not_started"
    assert me["data"]["personal"]["name"] == professional["name"]
    assert me["data"]["address"]["street"] == professional["street"]
    assert professional["email"] in [email["address"] for email in me["data"]["emails"]]

    upload_id = upload(stack, token, PDF, "comprovante.pdf")
    status, created = call(
        "POST",
        stack.api("/me/requests"),
        {
            "kind": "change",
            "group": "address",
            "changes": {"street": "Rua Augusta", "number": "500"},
            "upload_ids": [upload_id],
        },
        token,
    )
    assert status == 201, created
    protocol = created["protocol"]
    assert created["status"] == "in_review"
    assert created["current"]["street"] == professional["street"]
    assert created["changes"] == {"street": "Rua Augusta", "number": "500"}
    assert [(a["filename"], a["content_type"]) for a in created["attachments"]] == [
        ("comprovante.pdf", "application/pdf")
    ]

    status, mine = call("GET", stack.api("/me/requests"), token=token)
    assert status == 200
    assert [(r["protocol"], r["status"]) for r in mine["items"]] == [(protocol, "in_review")]
    assert call("GET", stack.api("/me"), token=token)[1]["status"] == "in_progress"

    status, public, _ = get(stack.api(f"/protocols/{protocol}"))
    assert status == 200
    assert public["status"] == "in_review"
    assert set(public) == {"protocol", "kind", "group", "status", "created_at", "updated_at"}
    shown = json.dumps(public, ensure_ascii=False)
    for personal in ("document", "name", "email", "street"):
        assert professional[personal] not in shown, personal
    assert "Rua Augusta" not in shown


def test_a_program_disguised_as_a_pdf_is_refused_and_cannot_be_sent_again(
    stack: LocalStack,
) -> None:
    professional = demo_professional(1)
    token = sign_in(stack, professional)
    upload_id = upload(stack, token, EXE, "comprovante.pdf")
    declaration = {"kind": "no_change", "upload_ids": [upload_id]}

    status, refused = call("POST", stack.api("/me/requests"), declaration, token)
    assert status == 422, refused
    assert "comprovante.pdf" in refused["message"]
    assert "não é um PDF, DOC, DOCX, ODT, TXT ou imagem" in refused["message"]

    status, again = call("POST", stack.api("/me/requests"), declaration, token)
    assert status == 422, again
    assert again["code"] == "attachment_missing"
    assert "envie-o novamente" in again["message"]

    assert call("GET", stack.api("/me/requests"), token=token)[1]["items"] == []
    assert call("GET", stack.api("/me"), token=token)[1]["status"] == "not_started"


@pytest.mark.parametrize("token", [None, "not-a-token"], ids=["no token", "bad token"])
def test_without_a_valid_token_the_api_asks_to_sign_in_again(
    stack: LocalStack, token: str | None
) -> None:
    status, body = call("GET", stack.api("/me"), token=token)

    assert status == 401
    assert set(body) == {"code", "message"}
    assert body["code"] == "unauthorized" and body["message"]
