"""Service at the regional's counter and by post, on fakes: the e-mail fixed after an ID check,
uploads and requests entered for a professional, the four-eyes rule, and what each leaves on
file and in the audit trail."""

from __future__ import annotations

from typing import Any

import pytest

from chalicelib.domain.change_requests import Request, RequestKind, RequestStatus
from chalicelib.domain.errors import (
    Forbidden,
    InvalidInput,
    NotFound,
    RejectedAttachment,
    Unauthorized,
)
from chalicelib.domain.professional import ProfessionalStatus
from chalicelib.domain.registry import professional_from_row
from chalicelib.domain.request_commands import UploadCommand
from chalicelib.domain.sessions import Session
from chalicelib.domain.staff import StaffCall
from chalicelib.services import counter
from chalicelib.services.change_requests import upload_key
from chalicelib.services.emails import render
from chalicelib.services.ports import Change
from chalicelib.services.sessions import signed_in
from tests.conftest import registry_row
from tests.unit.request_world import ANA, BRUNO, NOW, PNG, World
from tests.unit.test_notifications import Mailroom

ADMIN = ("admin",)


@pytest.fixture
def world(council) -> World:
    return World(council)


def fix_email(world: World, body: dict[str, Any], call: StaffCall | None = None, document=ANA):
    fix = counter.EmailFix.from_body(body)
    return counter.fix_email(call or world.call(), document, fix, world.ports, world.audit)


def staff_upload(world: World, document: str = ANA, call: StaffCall | None = None) -> str:
    command = UploadCommand("conta.png", "image/png", 10, "proof_of_address")
    answer = counter.create_staff_upload(
        call or world.call(), document, command, world.ports, world.audit
    )
    upload_id = str(answer["upload_id"])
    world.storage.put(upload_key(document, upload_id), PNG, "conta.png", "proof_of_address")
    return upload_id


def enter(
    world: World, body: dict[str, Any], call: StaffCall | None = None, document: str = ANA
) -> Request:
    entry = counter.CounterEntry.from_body(body)
    return counter.enter_request(call or world.call(), document, entry, world.ports, world.audit)


def address_change(world: World, channel: str = "mail") -> Request:
    body = {
        "kind": "change", "group": "address", "changes": {"street": "Rua Augusta"},
        "channel": channel, "upload_ids": [staff_upload(world)],
    }  # fmt: skip
    return enter(world, body)


# --- the e-mail fixed at the counter -------------------------------------------------------


def test_the_email_fixed_at_the_counter_goes_first_on_file_approved_and_audited(
    world: World,
) -> None:
    # Given Ana signed in earlier
    before = Session.trusted(ANA)

    # When a reviewer of SP, who checked her ID, makes her new address the first on file
    request, ana = fix_email(world, {"email": "ana.nova@example.org", "reason": "RG conferido"})

    # Then it is on file first, the old one kept
    assert [e.address for e in world.professional().data.emails][:2] == [
        "ana.nova@example.org",
        "ana.souza@example.org",
    ]
    assert ana.data.emails[0].address == "ana.nova@example.org"
    # And it is an approved e-mails change entered at the counter by the reviewer
    assert (request.kind, request.group, request.status) == (
        RequestKind.CHANGE,
        "emails",
        RequestStatus.APPROVED,
    )
    assert (request.channel, request.entered_by) == ("counter", "revisor.sp")
    assert [(e.actor, e.action, e.reason) for e in request.history] == [
        ("revisor.sp", "submitted", None),
        ("revisor.sp", "approved", "RG conferido"),
    ]
    assert world.requests.get(request.id) == request
    # And her earlier session ended
    with pytest.raises(Unauthorized, match="session_ended"):
        signed_in(before, world.professionals)
    # And the audit trail says who, why and how
    [event] = world.audit.audit_events
    assert (event.actor, event.action, event.target, event.ip) == (
        "revisor.sp",
        "email_fixed",
        request.id,
        "203.0.113.9",
    )
    assert event.detail == {"channel": "counter", "reason": "RG conferido"}


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"email": "ana.nova@example.org"}, "reason"),
        ({"email": "ana.nova@example.org", "reason": "   "}, "reason"),
        ({"email": "não é e-mail", "reason": "RG conferido"}, "email"),
        ({"reason": "RG conferido"}, "email"),
    ],
)
def test_the_email_fix_needs_a_valid_address_and_a_reason(
    world: World, body: dict[str, Any], field: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        fix_email(world, body)

    assert list(refused.value.fields or {}) == [field]
    assert world.professional().email == "ana.souza@example.org"


def test_a_professional_outside_the_callers_regions_is_not_found(world: World) -> None:
    with pytest.raises(NotFound):
        fix_email(world, {"email": "x@example.org", "reason": "RG"}, document=BRUNO)
    with pytest.raises(NotFound):
        staff_upload(world, document=BRUNO)
    with pytest.raises(NotFound):
        enter(world, {"kind": "no_change", "channel": "counter"}, document=BRUNO)

    assert world.professional(BRUNO).email != "x@example.org"
    assert world.requests.items == {} and world.audit.audit_events == []


# --- uploads and requests entered for a professional ---------------------------------------


def test_a_change_entered_by_post_with_a_staff_upload_waits_for_review(world: World) -> None:
    request = address_change(world, channel="mail")

    assert request.status == RequestStatus.IN_REVIEW
    assert (request.channel, request.entered_by) == ("mail", "revisor.sp")
    assert [(e.actor, e.action) for e in request.history] == [("revisor.sp", "submitted")]
    assert request.attachments[0].kind == "proof_of_address"
    ana = world.professional()
    assert (ana.status, ana.open_groups) == (ProfessionalStatus.IN_PROGRESS, {"address"})
    assert [(e.action, e.detail) for e in world.audit.audit_events] == [
        ("upload_entered", {"kind": "proof_of_address"}),
        ("request_entered", {"channel": "mail", "kind": "change", "group": "address"}),
    ]


def test_an_entered_request_keeps_the_professionals_rules(world: World) -> None:
    # Without its proof, an address change is refused as the professional's would be
    body = {"kind": "change", "group": "address", "changes": {"street": "Rua Augusta"}}
    with pytest.raises(RejectedAttachment):
        enter(world, body | {"channel": "counter"})
    # And without a channel it is not entered at all
    with pytest.raises(InvalidInput) as refused:
        enter(world, body | {"channel": "fax"})

    assert list(refused.value.fields or {}) == ["channel"]
    assert world.requests.items == {}


def test_an_entered_confirmation_waits_and_its_approval_by_another_confirms(
    world: World,
) -> None:
    # Given a confirmation Ana posted, entered by the SP reviewer
    request = enter(
        world, {"kind": "no_change", "channel": "mail", "upload_ids": [staff_upload(world)]}
    )
    assert request.status == RequestStatus.IN_REVIEW
    assert world.professional().confirmed is False

    # When another staff member approves it
    decided = world.decide(request, {"decision": "approve"}, world.call("admin", ADMIN))

    # Then Ana is confirmed as by her own confirmation
    assert decided.status == RequestStatus.APPROVED
    ana = world.professional()
    assert (ana.status, ana.confirmed, ana.approved_groups) == (
        ProfessionalStatus.UPDATED,
        True,
        frozenset(),
    )


# --- four eyes --------------------------------------------------------------------------


def test_the_one_who_entered_a_request_may_neither_claim_nor_decide_it(world: World) -> None:
    request = address_change(world)

    with pytest.raises(Forbidden, match="four_eyes"):
        world.claim(request.id)
    with pytest.raises(Forbidden, match="four_eyes"):
        world.decide(request, {"decision": "approve"})

    assert world.requests.get(request.id) == request
    decided = world.decide(request, {"decision": "approve"}, world.call("admin", ADMIN))
    assert decided.status == RequestStatus.APPROVED
    assert world.professional().data.address.street == "Rua Augusta"


def test_a_professionals_own_request_is_still_decided_by_any_reviewer(world: World) -> None:
    request = world.change_address()

    decided = world.decide(request, {"decision": "approve"})

    assert (decided.status, decided.channel, decided.entered_by) == (
        RequestStatus.APPROVED,
        None,
        None,
    )
    assert NOW.isoformat()[:10] in decided.updated_at


def test_the_old_address_is_told_the_email_changed_at_the_regional_without_naming_who(
    world: World, council
) -> None:
    # Given the e-mail fixed at the counter, as the requests stream carries it
    request, _ = fix_email(world, {"email": "ana.nova@example.org", "reason": "RG conferido"})
    mailroom = Mailroom(council, professional_from_row(registry_row(), council))

    # When the stream's notifier handles it
    mailroom.deliver(Change("event-1", "00001", None, request))

    # Then only the old address is told, that it happened at her regional, not by whom
    [notice] = mailroom.mailer.sent
    assert notice["to"] == ["ana.souza@example.org"]
    assert "na sua regional" in notice["text"]
    assert "gov.br" not in notice["text"] and "revisor.sp" not in notice["text"]
    assert "ana.nova@example.org" not in notice["text"]


@pytest.mark.parametrize(("at_counter", "says"), [(True, "na sua regional"), (False, "gov.br")])
def test_both_forms_of_the_notice_say_how_the_email_changed(at_counter: bool, says: str) -> None:
    values = {"name": "Ana", "new_address": "a***@example.org", "date": "21/11/2026 às 09:00"}
    notice = render("contact_email_changed", level="prata", council="CRTR", at_counter=at_counter,
                    **values)  # fmt: skip

    assert says in notice.text and says in notice.html
    assert ("gov.br" in notice.text) is not at_counter
