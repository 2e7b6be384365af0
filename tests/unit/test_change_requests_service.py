"""A professional's requests on fakes: submit, cancel and resubmit, every rule and refusal, and
what each leaves on file (the request, the professional's campaign status and open groups, the
uploads taken). The transaction is the in-memory one, with the real adapter's conditions."""

from __future__ import annotations

import pytest

from chalicelib.domain.change_requests import RequestStatus
from chalicelib.domain.errors import (
    Conflict,
    InvalidInput,
    NotFound,
    RejectedAttachment,
    Unauthorized,
)
from chalicelib.domain.professional import ProfessionalStatus
from chalicelib.domain.uploads import MAX_BYTES
from chalicelib.services.change_requests import upload_key
from tests.unit.request_world import ANA, BRUNO, EXE, PNG, World


@pytest.fixture
def world(council) -> World:
    return World(council)


# --- submit: what a submission files ------------------------------------------------------


def test_a_change_goes_to_review_and_takes_its_group_and_upload(world: World) -> None:
    # Given Ana's proof of address in the bucket
    upload_id = world.upload()

    # When she asks to change her street
    body = {"kind": "change", "group": "address", "changes": {"street": "Rua Augusta"}}
    request = world.submit(body | {"upload_ids": [upload_id], "note": "  mudei  "})

    # Then the request waits for review, with what is on file beside what she proposed
    assert world.requests.get(request.id) == request
    assert (request.status, request.review_since) == (RequestStatus.IN_REVIEW, request.created_at)
    assert request.current is not None and request.current["street"] == "Avenida Paulista"
    assert request.changes == {"street": "Rua Augusta"}
    assert request.note == "mudei"
    assert [entry.action for entry in request.history] == ["submitted"]
    assert [a.upload_id for a in request.attachments] == [upload_id]
    # And the group is hers until it is decided, the upload the request's for good
    ana = world.professional()
    assert (ana.status, ana.open_groups, ana.version) == (
        ProfessionalStatus.IN_PROGRESS,
        {"address"},
        2,
    )
    assert ana.data.address.street == "Avenida Paulista"
    assert world.uploads.taken_by == {upload_id: request.id}


def test_a_no_change_declaration_is_approved_at_once_and_confirms(world: World) -> None:
    request = world.submit({"kind": "no_change", "upload_ids": [world.upload()]})

    assert request.status == RequestStatus.APPROVED
    assert [(e.actor, e.action) for e in request.history] == [
        ("profissional", "submitted"),
        ("sistema", "approved"),
    ]
    ana = world.professional()
    assert (ana.status, ana.confirmed, ana.open_groups) == (
        ProfessionalStatus.UPDATED,
        True,
        frozenset(),
    )


def test_a_protocol_number_already_taken_is_drawn_again(world: World) -> None:
    first = world.change_address()
    world.draw_protocols(iter([first.protocol, "K7M2P-4XQ9A"]))

    second = world.submit(
        {"kind": "no_change", "upload_ids": [world.upload(document=BRUNO)]}, BRUNO
    )

    assert second.protocol == "K7M2P-4XQ9A"
    assert world.requests.get(first.protocol) == first


def test_a_professional_written_meanwhile_is_read_again_and_the_submission_goes_through(
    world: World,
) -> None:
    # Given a card order writes Ana between the submission's read and its transaction
    world.requests.meanwhile = lambda: world.set_professional(ANA, fee_required=True)

    request = world.change_address()

    ana = world.professional()
    assert world.requests.get(request.id) == request
    assert (ana.fee_required, ana.open_groups, ana.version) == (True, {"address"}, 3)


def test_the_rules_are_checked_again_on_the_fresh_read(world: World) -> None:
    # Given Ana's card goes into production (her personal data locks) meanwhile
    world.requests.meanwhile = lambda: world.set_professional(
        ANA, status=ProfessionalStatus.CARD_IN_PRODUCTION
    )
    body = {
        "kind": "change",
        "group": "personal",
        "changes": {"name": "Ana Maria Souza Lima"},
        "upload_ids": [world.upload(kind="identity_document")],
    }

    with pytest.raises(Conflict) as error:
        world.submit(body)

    assert error.value.key == "group_locked"
    assert world.requests.items == {}


def test_a_second_concurrent_write_is_a_409(world: World) -> None:
    def card_order_twice() -> None:
        world.set_professional(ANA, fee_required=True)
        world.requests.meanwhile = lambda: world.set_professional(ANA, fee_required=False)

    world.requests.meanwhile = card_order_twice

    with pytest.raises(Conflict) as error:
        world.change_address()

    assert error.value.key == "request_changed"
    assert world.requests.items == {}


# --- submit: refusals -----------------------------------------------------------------------


def test_a_session_whose_professional_is_gone_is_refused(world: World) -> None:
    with pytest.raises(Unauthorized):
        world.submit({"kind": "no_change", "upload_ids": []}, document="11144477735")


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({"kind": "maybe"}, ["kind"]),
        ({"kind": "change", "note": 5}, ["note"]),
        ({"kind": "change", "group": "shoes", "changes": {"size": 40}}, ["group"]),
        ({"kind": "change", "group": "address", "changes": {}}, ["changes"]),
        ({"kind": "change", "group": "address", "changes": {"cep": "123", "uf": "XX"}},
         ["changes.cep", "changes.uf"]),
        ({"kind": "change", "group": "address", "changes": {"street": "Avenida Paulista"}},
         ["changes"]),
        ({"kind": "change", "group": "phones", "changes": {"number": "11987654321"}}, ["changes"]),
        ({"kind": "no_change", "upload_ids": "abc"}, ["upload_ids"]),
    ],
)  # fmt: skip
def test_a_request_that_makes_no_sense_names_its_field(
    world: World, body: dict, fields: list[str]
) -> None:
    with pytest.raises(InvalidInput) as error:
        world.submit({"upload_ids": [world.upload()]} | body)

    assert sorted(error.value.fields) == fields
    assert world.requests.items == {}
    assert world.professional().version == 1


def test_a_locked_group_takes_no_request(world: World) -> None:
    world.set_professional(ANA, status=ProfessionalStatus.CARD_SHIPPED)
    body = {
        "kind": "change",
        "group": "documents",
        "changes": {"rg_number": "987654321"},
        "upload_ids": [world.upload(kind="identity_document")],
    }

    with pytest.raises(Conflict) as error:
        world.submit(body)

    assert error.value.key == "group_locked"


def test_one_open_request_per_group(world: World) -> None:
    world.change_address()

    with pytest.raises(Conflict) as error:
        world.change_address(changes={"number": "1500"})
    other_group = world.submit(
        {
            "kind": "change",
            "group": "phones",
            "changes": {"phones": [{"type": "celular", "number": "21998765432"}]},
            "upload_ids": [world.upload()],
        }
    )

    assert error.value.key == "open_request_exists"
    assert other_group.status == RequestStatus.IN_REVIEW
    assert world.professional().open_groups == {"address", "phones"}


def test_a_confirmation_while_a_change_is_open_is_recorded_and_waits_for_it(
    world: World,
) -> None:
    # Given Ana's address change in review
    world.change_address()

    # When she confirms that her data is correct
    request = world.submit({"kind": "no_change", "upload_ids": [world.upload()]})

    # Then the confirmation is accepted and recorded, but she is not concluded yet
    assert request.status == RequestStatus.APPROVED
    ana = world.professional()
    assert (ana.status, ana.confirmed, ana.open_groups) == (
        ProfessionalStatus.IN_PROGRESS,
        True,
        {"address"},
    )
    assert not ana.concluded


def test_a_confirmation_needs_a_proof_of_address(world: World) -> None:
    with pytest.raises(RejectedAttachment) as error:
        world.submit({"kind": "no_change", "upload_ids": [world.upload(kind="other")]})

    assert error.value.key == "proof_required"
    assert "comprovante de endereço" in error.value.message.lower()
    assert not world.professional().confirmed


def test_after_an_approved_address_change_the_confirmation_needs_no_proof(world: World) -> None:
    # Given Ana's address change, with its proof, approved
    world.decide(world.change_address(), {"decision": "approve"})

    # When she confirms her data without attaching anything
    request = world.submit({"kind": "no_change", "upload_ids": []})

    # Then she is concluded
    assert (request.status, request.attachments) == (RequestStatus.APPROVED, [])
    ana = world.professional()
    assert (ana.status, ana.confirmed) == (ProfessionalStatus.UPDATED, True)


def test_a_rejected_address_change_proves_nothing(world: World) -> None:
    request = world.change_address()
    world.decide(request, {"decision": "reject", "reason": "Comprovante ilegível."})

    with pytest.raises(RejectedAttachment) as error:
        world.submit({"kind": "no_change", "upload_ids": []})

    assert error.value.key == "proof_required"


def test_a_change_needs_the_proof_its_group_names(world: World) -> None:
    body = {
        "kind": "change",
        "group": "personal",
        "changes": {"name": "Ana Maria Souza Lima"},
        "upload_ids": [world.upload(kind="proof_of_address")],
    }

    with pytest.raises(RejectedAttachment) as error:
        world.submit(body)

    assert error.value.key == "proof_required"
    assert "documento de identidade" in error.value.message.lower()


@pytest.mark.parametrize(
    ("content", "problem", "deleted"),
    [
        (None, "attachment_missing", False),
        (b"", "attachment_empty", True),
        (PNG + b"\x00" * MAX_BYTES, "attachment_too_big", True),
        (EXE, "attachment_type", True),
    ],
)
def test_a_file_that_cannot_be_a_proof_is_refused_and_removed(
    world: World, content: bytes | None, problem: str, deleted: bool
) -> None:
    upload_id = world.upload(content=content, filename="conta de luz.png")

    with pytest.raises(RejectedAttachment) as error:
        world.submit({"kind": "no_change", "upload_ids": [upload_id]})

    assert error.value.key == problem
    if content is not None:
        assert "conta de luz.png" in error.value.message
    assert (upload_key(ANA, upload_id) not in world.storage.objects) is (content is None or deleted)
    assert world.requests.items == {} and world.uploads.taken_by == {}


def test_an_id_that_is_no_upload_id_is_missing(world: World) -> None:
    with pytest.raises(RejectedAttachment) as error:
        world.submit({"kind": "no_change", "upload_ids": ["../../other/file"]})

    assert error.value.key == "attachment_missing"


def test_more_than_ten_attachments_are_refused_before_any_is_read(world: World) -> None:
    ids = [world.upload() for _ in range(11)]

    with pytest.raises(RejectedAttachment) as error:
        world.submit({"kind": "no_change", "upload_ids": ids})

    assert error.value.key == "too_many_attachments"
    assert world.storage.reads == []


def test_an_upload_goes_into_one_request_only(world: World) -> None:
    upload_id = world.upload()
    first = world.change_address(upload_ids=[upload_id])
    world.cancel(first.id)

    with pytest.raises(RejectedAttachment) as error:
        world.change_address(upload_ids=[upload_id])

    assert error.value.key == "attachment_used"
    assert world.uploads.taken_by == {upload_id: first.id}
    assert world.professional().open_groups == frozenset()


def test_anothers_upload_is_missing_for_the_caller(world: World) -> None:
    anas = world.upload()

    with pytest.raises(RejectedAttachment) as error:
        world.submit({"kind": "no_change", "upload_ids": [anas]}, BRUNO)

    assert error.value.key == "attachment_missing"
    assert upload_key(ANA, anas) in world.storage.objects


# --- cancel ---------------------------------------------------------------------------------


def test_cancelling_frees_the_group_and_the_campaign_status_follows(world: World) -> None:
    request = world.change_address()

    cancelled = world.cancel(request.id.lower())

    assert cancelled.status == RequestStatus.CANCELLED
    assert [e.action for e in cancelled.history] == ["submitted", "cancelled"]
    assert world.requests.get(request.id) == cancelled
    ana = world.professional()
    assert (ana.status, ana.open_groups) == (ProfessionalStatus.NOT_STARTED, frozenset())
    assert world.change_address().status == RequestStatus.IN_REVIEW


def test_only_open_requests_cancel(world: World) -> None:
    declared = world.submit({"kind": "no_change", "upload_ids": [world.upload()]})
    changed = world.change_address()
    world.cancel(changed.id)

    for request_id in (declared.id, changed.id):
        with pytest.raises(Conflict) as error:
            world.cancel(request_id)
        assert error.value.key == "not_cancellable"


def test_anothers_request_is_not_found_for_the_caller(world: World) -> None:
    request = world.change_address()

    with pytest.raises(NotFound):
        world.cancel(request.id, document=BRUNO)
    with pytest.raises(NotFound):
        world.resubmit(request.id, {}, document=BRUNO)
    with pytest.raises(NotFound):
        world.cancel("nada")

    assert world.requests.get(request.id) == request


# --- resubmit -------------------------------------------------------------------------------


def test_only_a_returned_request_is_resubmitted(world: World) -> None:
    request = world.change_address()

    with pytest.raises(Conflict) as error:
        world.resubmit(request.id, {})

    assert error.value.key == "not_returned"


def test_a_returned_request_goes_back_to_review_under_the_same_protocol(world: World) -> None:
    returned = world.returned(note="primeira nota")
    photo = world.upload()

    again = world.resubmit(
        returned.id,
        {"changes": {"street": "Rua Augusta", "number": "1500"}, "upload_ids": [photo]},
    )

    assert (again.protocol, again.status, again.reason) == (
        returned.protocol,
        RequestStatus.IN_REVIEW,
        None,
    )
    assert again.changes == {"street": "Rua Augusta", "number": "1500"}
    assert again.note == "primeira nota"
    assert [a.upload_id for a in again.attachments] == [
        *(a.upload_id for a in returned.attachments),
        photo,
    ]
    assert [e.action for e in again.history] == ["submitted", "returned", "resubmitted"]
    assert world.uploads.taken_by[photo] == again.id
    assert world.professional().open_groups == {"address"}


def test_a_resubmission_keeps_what_it_does_not_name(world: World) -> None:
    returned = world.returned(note="primeira nota")
    known = returned.attachments[0].upload_id

    again = world.resubmit(returned.id, {"upload_ids": [known]})

    assert again.changes == returned.changes
    assert again.note == "primeira nota"
    assert len(again.attachments) == 1


@pytest.mark.parametrize(("note", "kept"), [("nova nota", "nova nota"), (None, None), ("  ", None)])
def test_a_note_named_replaces_the_old_one(
    world: World, note: str | None, kept: str | None
) -> None:
    returned = world.returned(note="primeira nota")

    again = world.resubmit(returned.id, {"note": note})

    assert again.note == kept


def test_resubmitted_changes_must_change_something(world: World) -> None:
    returned = world.returned()

    with pytest.raises(InvalidInput) as error:
        world.resubmit(returned.id, {"changes": {"street": "Avenida Paulista"}})

    assert list(error.value.fields) == ["changes"]
    assert world.requests.get(returned.id) == returned


def test_a_group_locked_since_the_return_takes_no_resubmission(world: World) -> None:
    returned = world.returned()
    world.set_professional(ANA, status=ProfessionalStatus.CARD_IN_PRODUCTION)

    # The address is not council-only: it can still be resubmitted…
    assert world.resubmit(returned.id, {}).status == RequestStatus.IN_REVIEW
    # …but a personal change cannot
    personal = world.submit(
        {
            "kind": "change",
            "group": "personal",
            "changes": {"name": "Ana Maria Souza Lima"},
            "upload_ids": [world.upload(kind="identity_document", document=BRUNO)],
        },
        BRUNO,
    )
    back = world.decide(
        personal,
        {"decision": "return", "reason": "Envie a certidão."},
        world.call("revisor.rj", ("region-RJ",)),
    )
    world.set_professional(BRUNO, status=ProfessionalStatus.CARD_IN_PRODUCTION)
    with pytest.raises(Conflict) as error:
        world.resubmit(back.id, {}, document=BRUNO)

    assert error.value.key == "group_locked"


def test_a_resubmission_raced_by_another_write_is_a_409(world: World) -> None:
    returned = world.returned()
    world.requests.meanwhile = lambda: world.set_professional(ANA, fee_required=True)

    with pytest.raises(Conflict) as error:
        world.resubmit(returned.id, {})

    assert error.value.key == "request_changed"
    assert world.requests.get(returned.id) == returned
