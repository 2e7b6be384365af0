"""A reviewer claiming and deciding requests, on fakes: what each decision leaves on file (the
request, the professional's data, status and open groups), the audit trail, and every refusal."""

from __future__ import annotations

import pytest

from chalicelib.domain.audit import professional_subject
from chalicelib.domain.cards import due_order
from chalicelib.domain.change_requests import RequestStatus
from chalicelib.domain.errors import Conflict, InvalidInput, NotFound
from chalicelib.domain.professional import ProfessionalStatus
from tests.unit.request_world import ANA, World


@pytest.fixture
def world(council) -> World:
    return World(council)


def test_an_approval_puts_the_values_on_file_in_the_same_change(world: World) -> None:
    request = world.change_address()

    decided = world.decide(request, {"decision": "approve"})

    assert (decided.status, decided.assigned_to, decided.reason) == (
        RequestStatus.APPROVED,
        "revisor.sp",
        None,
    )
    assert [(e.actor, e.action) for e in decided.history][-1] == ("revisor.sp", "approved")
    # Her data is applied, but she has not confirmed it: nothing is concluded (no card due)
    ana = world.professional()
    assert ana.data.address.street == "Rua Augusta"
    assert (ana.status, ana.confirmed, ana.open_groups) == (
        ProfessionalStatus.IN_PROGRESS,
        False,
        frozenset(),
    )
    assert due_order(ana) is None
    [event] = world.audit.trail(professional_subject(ANA))
    assert (event.actor, event.action, event.target, event.ip) == (
        "revisor.sp",
        "request_approved",
        request.id,
        "203.0.113.9",
    )


def test_the_approval_of_the_last_open_request_concludes_a_confirmed_professional(
    world: World,
) -> None:
    # Given Ana's address change in review, and her confirmation that all else is correct
    request = world.change_address()
    world.submit({"kind": "no_change", "upload_ids": [world.upload()]})
    assert due_order(world.professional()) is None

    # When the change is approved
    world.decide(request, {"decision": "approve"})

    # Then she is concluded with the new data, and her card is due
    ana = world.professional()
    assert (ana.status, ana.confirmed, ana.data.address.street) == (
        ProfessionalStatus.UPDATED,
        True,
        "Rua Augusta",
    )
    assert due_order(ana) is not None


def test_a_returned_request_takes_the_confirmation_back_until_she_confirms_again(
    world: World,
) -> None:
    # Given Ana confirmed while her address change was in review, and it was returned
    request = world.change_address()
    world.submit({"kind": "no_change", "upload_ids": [world.upload()]})
    returned = world.decide(request, {"decision": "return", "reason": "Envie a conta legível."})
    assert not world.professional().confirmed

    # When she sends it again and it is approved
    resubmitted = world.resubmit(returned.id, {"upload_ids": [world.upload()]})
    world.decide(resubmitted, {"decision": "approve"})

    # Then her data is applied, but she is not concluded until she confirms again
    ana = world.professional()
    assert (ana.status, ana.confirmed) == (ProfessionalStatus.IN_PROGRESS, False)
    assert due_order(ana) is None and ana.needs_action
    world.submit({"kind": "no_change", "upload_ids": []})
    ana = world.professional()
    assert ana.status == ProfessionalStatus.UPDATED and due_order(ana) is not None


def test_a_rejected_request_takes_the_confirmation_back(world: World) -> None:
    # Given Ana confirmed while two changes were in review
    address = world.change_address()
    phones = world.submit(
        {
            "kind": "change",
            "group": "phones",
            "changes": {"phones": [{"type": "celular", "number": "21998765432"}]},
            "upload_ids": [world.upload()],
        }
    )
    world.submit({"kind": "no_change", "upload_ids": [world.upload()]})

    # When one is rejected and the other approved
    world.decide(phones, {"decision": "reject", "reason": "Número de outra pessoa."})
    world.decide(address, {"decision": "approve"})

    # Then she is not concluded: she confirms again when ready
    ana = world.professional()
    assert (ana.status, ana.confirmed, ana.open_groups) == (
        ProfessionalStatus.IN_PROGRESS,
        False,
        frozenset(),
    )
    assert due_order(ana) is None


def test_a_rejection_frees_the_group_and_keeps_the_data(world: World) -> None:
    request = world.change_address()

    decided = world.decide(request, {"decision": "reject", "reason": "Comprovante ilegível."})

    assert (decided.status, decided.reason) == (RequestStatus.REJECTED, "Comprovante ilegível.")
    assert decided.history[-1].reason == "Comprovante ilegível."
    ana = world.professional()
    assert ana.data.address.street == "Avenida Paulista"
    assert (ana.status, ana.confirmed, ana.open_groups) == (
        ProfessionalStatus.NOT_STARTED,
        False,
        frozenset(),
    )


def test_a_return_keeps_the_group_open_for_the_professional(world: World) -> None:
    request = world.change_address()

    decided = world.decide(request, {"decision": "return", "reason": "Envie a conta legível."})

    assert (decided.status, decided.reason) == (RequestStatus.RETURNED, "Envie a conta legível.")
    ana = world.professional()
    assert (ana.status, ana.open_groups) == (ProfessionalStatus.IN_PROGRESS, {"address"})
    assert world.audit.trail(professional_subject(ANA))[0].action == "request_returned"


@pytest.mark.parametrize("decision", ["reject", "return"])
def test_a_rejection_or_a_return_needs_a_reason(world: World, decision: str) -> None:
    request = world.change_address()

    with pytest.raises(InvalidInput) as error:
        world.decide(request, {"decision": decision, "reason": "  "})

    assert error.value.fields == {"reason": "Campo obrigatório."}
    assert world.requests.get(request.id) == request


def test_a_decision_on_a_version_not_seen_is_stale(world: World) -> None:
    request = world.change_address()
    world.claim(request.id)

    with pytest.raises(Conflict) as error:
        world.decide(request, {"decision": "approve"})

    assert error.value.key == "stale_version"


def test_only_requests_in_review_are_decided_or_claimed(world: World) -> None:
    request = world.change_address()
    returned = world.decide(request, {"decision": "return", "reason": "Envie a conta."})

    with pytest.raises(Conflict) as decided:
        world.decide(returned, {"decision": "approve"})
    with pytest.raises(Conflict) as claimed:
        world.claim(returned.id)

    assert decided.value.key == claimed.value.key == "not_in_review"


def test_a_request_claimed_by_another_is_theirs_to_decide(world: World) -> None:
    request = world.change_address()
    admin = world.call("admin", ("admin",))
    claimed = world.claim(request.id, admin)

    with pytest.raises(Conflict) as decided:
        world.decide(claimed, {"decision": "approve"})
    with pytest.raises(Conflict) as taken:
        world.claim(request.id)

    assert decided.value.key == taken.value.key == "claimed_by_other"
    assert world.decide(claimed, {"decision": "approve"}, admin).status == RequestStatus.APPROVED


def test_another_regions_request_does_not_exist_for_a_reviewer(world: World) -> None:
    request = world.change_address()
    rio = world.call("revisor.rj", ("region-RJ",))

    with pytest.raises(NotFound):
        world.decide(request, {"decision": "approve"}, rio)
    with pytest.raises(NotFound):
        world.claim(request.id, rio)

    assert world.requests.get(request.id) == request


def test_a_group_locked_since_the_submission_cannot_be_approved(world: World) -> None:
    request = world.submit(
        {
            "kind": "change",
            "group": "personal",
            "changes": {"name": "Ana Maria Souza Lima"},
            "upload_ids": [world.upload(kind="identity_document")],
        }
    )
    world.set_professional(ANA, status=ProfessionalStatus.CARD_IN_PRODUCTION)

    with pytest.raises(Conflict) as error:
        world.decide(request, {"decision": "approve"})
    rejected = world.decide(request, {"decision": "reject", "reason": "Cartão já em produção."})

    assert error.value.key == "group_locked"
    assert rejected.status == RequestStatus.REJECTED
    assert world.professional().data.personal.name == "Ana Maria Souza"


def test_a_decision_raced_by_another_write_to_the_professional_is_a_409(world: World) -> None:
    request = world.change_address()
    world.requests.meanwhile = lambda: world.set_professional(ANA, fee_required=True)

    with pytest.raises(Conflict) as error:
        world.decide(request, {"decision": "approve"})

    assert error.value.key == "request_changed"
    assert world.requests.get(request.id) == request
    assert world.audit.trail(professional_subject(ANA)) == []


def test_a_claim_is_recorded_and_claiming_again_changes_nothing(world: World) -> None:
    request = world.change_address()

    claimed = world.claim(request.id)
    again = world.claim(request.id)

    assert (claimed.assigned_to, claimed.version) == ("revisor.sp", request.version + 1)
    assert claimed.history[-1].action == "claimed"
    assert again == claimed == world.requests.get(request.id)
    assert [e.action for e in world.audit.trail(professional_subject(ANA))] == ["request_claimed"]
    assert world.professional().version == 2  # a claim is the request's alone


def test_of_two_claims_read_at_once_the_second_is_a_409(world: World) -> None:
    request = world.change_address()
    world.requests.meanwhile = lambda: world.claim(request.id, world.call("admin", ("admin",)))

    with pytest.raises(Conflict) as error:
        world.claim(request.id)

    assert error.value.key == "request_changed"
    assert world.requests.get(request.id).assigned_to == "admin"
