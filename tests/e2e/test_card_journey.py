"""The card on the running local stack, over HTTP as the professional, the reviewer and the card
vendor (the simulator) drive it: a demo professional asks for an address change with a PDF proof
and the reviewer of their region approves it, which orders nothing until the professional
confirms their data; then the stream orders the card at the vendor and the professional gets
the e-mail with the enrollment link; the vendor holds one cardholder for them;
the professional opens the enrollment page and completes it; the vendor's signed reports move the
card to production (the council-only groups lock) and then to shipped; the admin sees the order
shipped and the vendor's steps in the audit trail."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import pytest

from chalicelib.domain.fields import COUNCIL_ONLY_GROUPS
from local.stack import stage_environment
from tests.e2e.conftest import LocalStack, get, running
from tests.e2e.test_professional_journey import call, demo_professional
from tests.e2e.test_staff_journey import (
    ask_for_new_address,
    confirm_data,
    reviewer_of,
    staff_sign_in,
)

pytestmark = pytest.mark.e2e

T = TypeVar("T")
CARD_EMAIL = "Sua atualização cadastral foi concluída!"
VENDOR_EVENTS = ["enrollment_completed", "in_production", "shipped"]


class QuickVendorStack(LocalStack):
    """The local stack with the vendor simulator reporting the card's steps 1.5 s apart."""

    @property
    def env(self) -> dict[str, str]:
        return super().env | {"VENDOR_SIM_EVENT_DELAY_S": "1.5"}


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalStack]:
    yield from running(tmp_path_factory, QuickVendorStack)


def wait_for(
    what: str, probe: Callable[[], T | None], timeout: float = 60, every: float = 0.5
) -> T:
    """The first truthy answer of `probe`, asked every `every` seconds for up to `timeout`."""
    deadline = time.monotonic() + timeout
    while True:
        answer = probe()
        if answer:
            return answer
        assert time.monotonic() < deadline, f"{what}: not within {timeout}s"
        time.sleep(every)


def vendor(stack: LocalStack, path: str) -> Any:
    """A GET of the vendor simulator's API, with the key it shares with our API."""
    secrets = json.loads((stack.state_dir / "aws" / "secrets.json").read_text())
    key = secrets[stage_environment("local")["VENDOR_API_KEY_SECRET_NAME"]]
    request = urllib.request.Request(
        stack.stack_file()["vendor"] + path, headers={"Authorization": f"Bearer {key}"}
    )
    with urllib.request.urlopen(request, timeout=30) as answer:
        assert answer.status == 200
        return json.loads(answer.read())


def submit_form(url: str) -> tuple[int, str]:
    """(status, page) of the enrollment form's POST: an empty form, as the browser sends it."""
    request = urllib.request.Request(
        url,
        data=b"",
        method="POST",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status, answer.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def emails_to(stack: LocalStack, address: str) -> list[dict[str, Any]]:
    status, outbox, _ = get(stack.api("/_dev/outbox"))
    assert status == 200, outbox
    return [sent for sent in outbox if address in sent["to"]]


def test_a_confirmed_approved_change_orders_the_card_which_the_vendor_enrolls_and_ships(
    stack: LocalStack,
) -> None:
    # 1. A demo professional asks for an address change; the reviewer of the region approves it.
    professional = demo_professional(3)
    document, email = professional["document"], professional["email"]
    token, created = ask_for_new_address(stack, professional)
    protocol, request_id = created["protocol"], created["id"]

    reviewer_token = staff_sign_in(stack, reviewer_of(professional["region"]))["token"]
    status, detail = call("GET", stack.api(f"/staff/requests/{request_id}"), token=reviewer_token)
    assert status == 200, detail
    status, decided = call(
        "POST",
        stack.api(f"/staff/requests/{request_id}/decision"),
        {"decision": "approve", "version": detail["version"]},
        reviewer_token,
    )
    assert status == 200, decided
    assert decided["status"] == "approved"
    status, me = call("GET", stack.api("/me"), token=token)
    assert (me["status"], me["confirmed"], me["card"]) == ("in_progress", False, None), me

    # 2. The professional confirms their data (no proof of address again: the approved change
    # proved it), which concludes them.
    assert confirm_data(stack, token)["status"] == "approved"

    # 3. The stream orders the card: the professional sees it requested, with the link to the
    # vendor's enrollment page, and gets it by e-mail (beside the approval's e-mail).
    def card_requested() -> dict[str, Any] | None:
        status, me = call("GET", stack.api("/me"), token=token)
        assert status == 200, me
        return me if me["status"] == "card_requested" else None

    me = wait_for("the card order", card_requested)
    enrollment_url = me["card"]["enrollment_url"]
    assert me["card"]["status"] == "requested"
    assert enrollment_url.startswith(stack.stack_file()["vendor"] + "/enroll/"), enrollment_url
    assert me["locked_groups"] == []

    def card_email() -> list[dict[str, Any]]:
        return [sent for sent in emails_to(stack, email) if sent["subject"] == CARD_EMAIL]

    sent = wait_for("the card e-mail", card_email)
    assert len(sent) == 1, sent
    assert enrollment_url in sent[0]["text"]
    subjects = [sent["subject"] for sent in emails_to(stack, email)]
    assert f"Sua alteração foi aprovada — protocolo {protocol}" in subjects, subjects
    assert f"Recebemos sua solicitação {protocol}" in subjects, subjects

    # 4. The vendor holds exactly one cardholder for that document.
    cardholders = [
        c for c in vendor(stack, "/v1/cardholders")["items"] if c["document"] == document
    ]
    assert len(cardholders) == 1, cardholders
    assert cardholders[0]["enrollment_url"] == enrollment_url
    assert cardholders[0]["status"] == "awaiting_enrollment"

    # 5. The professional opens the enrollment page and completes it, as its form does.
    status, page, headers = get(enrollment_url)
    assert status == 200, page
    assert headers["Content-Type"].startswith("text/html")
    assert '<form method="post"' in page
    status, page = submit_form(enrollment_url)
    assert status == 200, page
    assert "Cadastro concluído" in page

    # 6. The vendor's reports move the card into production (the council-only groups lock)
    # and then to shipped. The steps are 1.5 s apart: /me is polled often enough to see each one.
    seen: list[str] = []

    def card_shipped() -> dict[str, Any] | None:
        status, me = call("GET", stack.api("/me"), token=token)
        assert status == 200, me
        if not seen or seen[-1] != me["status"]:
            seen.append(me["status"])
        if me["status"] in ("card_in_production", "card_shipped"):
            assert me["locked_groups"] == list(COUNCIL_ONLY_GROUPS), me
        return me if me["status"] == "card_shipped" else None

    me = wait_for("the card shipped", card_shipped, every=0.2)
    assert me["card"]["status"] == "shipped"
    assert seen[-2:] == ["card_in_production", "card_shipped"], seen

    def events_delivered() -> list[tuple[str, Any]] | None:
        events = vendor(stack, "/v1/events")["items"]
        mine = [
            (event["status"], event["answer"]) for event in events if event["document"] == document
        ]
        return mine if len(mine) >= len(VENDOR_EVENTS) else None

    delivered = wait_for("the vendor's events", events_delivered)
    assert delivered == [(event, 200) for event in VENDOR_EVENTS], delivered

    admin_token = staff_sign_in(stack, "admin")["token"]
    status, record = call("GET", stack.api(f"/staff/professionals/{document}"), token=admin_token)
    assert status == 200, record
    assert record["card_order"]["status"] == "shipped", record["card_order"]
    assert record["professional"]["status"] == "card_shipped"
    # The trail is newest first, to the second: the three steps may share one.
    by_vendor = [event["action"] for event in record["audit"] if event["actor"] == "vendor"]
    assert sorted(by_vendor) == sorted(f"card_{event}" for event in VENDOR_EVENTS), by_vendor
