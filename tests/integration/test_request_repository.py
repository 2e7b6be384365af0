"""A request's change, written all or nothing: the DynamoDB adapter on DynamoDB Local, and the
in-memory fake the unit tests use, held to the same conditions by the same tests."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from chalicelib import dependencies
from chalicelib.domain.change_requests import HistoryEntry, Request, RequestKind, RequestStatus
from chalicelib.domain.errors import Conflict, RejectedAttachment
from chalicelib.domain.registry import professional_from_row
from chalicelib.services.ports import (
    PendingUpload,
    ProfessionalRepository,
    ProtocolTaken,
    RequestChange,
    RequestRepository,
    UploadRepository,
)
from tests.conftest import registry_row
from tests.fakes import (
    InMemoryProfessionalRepository,
    InMemoryRequestRepository,
    InMemoryUploadRepository,
)

ANA, BRUNO = "52998224725", "08667638137"
AT = "2026-11-21T12:00:00Z"


@dataclass
class Store:
    professionals: ProfessionalRepository
    uploads: UploadRepository
    requests: RequestRepository


@pytest.fixture(params=["dynamodb", "memory"])
def store(request: pytest.FixtureRequest, council) -> Store:
    if request.param == "dynamodb":
        request.getfixturevalue("tables")
        chosen = Store(
            dependencies.professionals(), dependencies.uploads(), dependencies.requests()
        )
    else:
        people, uploads = InMemoryProfessionalRepository(), InMemoryUploadRepository()
        chosen = Store(people, uploads, InMemoryRequestRepository(people, uploads))
    chosen.professionals.add_new(
        [
            professional_from_row(registry_row(), council),
            professional_from_row(registry_row(document="086.676.381-37", region="RJ"), council),
        ]
    )
    return chosen


def upload(store: Store, upload_id: str, document: str = ANA) -> str:
    key = f"uploads/{document}/{upload_id}"
    store.uploads.add(
        PendingUpload(upload_id, document, key, "c.pdf", "application/pdf", 10, "other", 2**31)
    )
    return upload_id


def new_request(protocol: str, document: str = ANA, **update: Any) -> Request:
    return Request(
        id=protocol, protocol=protocol, document=document, region="SP", kind=RequestKind.CHANGE,
        group="address", status=RequestStatus.IN_REVIEW, changes={"street": "Rua Augusta"},
        history=[HistoryEntry(at=AT, actor="profissional", action="submitted")],
        created_at=AT, updated_at=AT, review_since=AT,
    ).model_copy(update=update)  # fmt: skip


def opened(store: Store, protocol: str, attach: tuple[str, ...] = ()) -> Request:
    """Ana's address change, filed with her progress and its uploads."""
    professional = store.professionals.get(ANA)
    assert professional is not None
    request = new_request(protocol)
    after = professional.opened("address")
    store.requests.apply(RequestChange(request, None, after, professional.version, attach))
    return request


def test_a_new_request_is_filed_with_its_professional_and_uploads(store: Store) -> None:
    request = opened(store, "AAAAA-AAAAA", (upload(store, "a" * 32),))

    professional = store.professionals.get(ANA)
    assert store.requests.get("AAAAA-AAAAA") == request
    assert professional is not None
    assert (professional.version, professional.open_groups) == (2, {"address"})


def test_an_approved_change_without_the_confirmation_stays_on_the_reminders_list(
    store: Store,
) -> None:
    # Given Ana's address change, filed (she has started: not on the reminders' list)
    request = opened(store, "AAAAA-AAAAA")
    waiting = store.professionals.get(ANA)
    assert waiting is not None
    assert ANA not in [p.document for page in store.professionals.pending("SP") for p in page]

    # When it is approved without her confirmation
    approved = request.then(AT, "revisor.sp", "approved", status=RequestStatus.APPROVED)
    after = waiting.approved("address")
    store.requests.apply(RequestChange(approved, request.version, after, waiting.version))

    # Then her address counts as proven, and she is reminded to confirm; once she does, not
    professional = store.professionals.get(ANA)
    assert professional is not None
    assert (professional.approved_groups, professional.confirmed) == ({"address"}, False)
    assert professional.address_proven and professional.needs_action
    assert ANA in [p.document for page in store.professionals.pending("SP") for p in page]
    confirmation = new_request(
        "BBBBB-BBBBB", kind=RequestKind.NO_CHANGE, group=None, status=RequestStatus.APPROVED
    )
    concluded = professional.confirmed_without_change()
    store.requests.apply(RequestChange(confirmation, None, concluded, professional.version))
    assert ANA not in [p.document for page in store.professionals.pending("SP") for p in page]


def test_a_protocol_already_filed_is_taken_and_nothing_is_written(store: Store) -> None:
    first = opened(store, "AAAAA-AAAAA")
    professional = store.professionals.get(ANA)
    assert professional is not None
    other = new_request("AAAAA-AAAAA", note="outra")

    with pytest.raises(ProtocolTaken):
        store.requests.apply(RequestChange(other, None, professional, professional.version))

    assert store.requests.get("AAAAA-AAAAA") == first
    assert store.professionals.get(ANA) == professional


@pytest.mark.parametrize("stale", ["request", "professional"])
def test_a_step_on_a_version_no_longer_on_file_is_a_conflict(store: Store, stale: str) -> None:
    request = opened(store, "AAAAA-AAAAA")
    professional = store.professionals.get(ANA)
    assert professional is not None
    cancelled = request.then(AT, "profissional", "cancelled", status=RequestStatus.CANCELLED)
    request_version = request.version - (stale == "request")
    professional_version = professional.version - (stale == "professional")

    with pytest.raises(Conflict) as error:
        store.requests.apply(
            RequestChange(cancelled, request_version, professional, professional_version)
        )

    assert error.value.key == "request_changed"
    assert store.requests.get("AAAAA-AAAAA") == request


@pytest.mark.parametrize("whose", ["taken", "bruno's", "unknown"])
def test_an_upload_is_taken_once_and_only_by_its_owner(store: Store, whose: str) -> None:
    taken = upload(store, "a" * 32)
    opened(store, "AAAAA-AAAAA", (taken,))
    upload_id = {
        "taken": taken,
        "bruno's": upload(store, "b" * 32, BRUNO),
        "unknown": "c" * 32,
    }[whose]
    professional = store.professionals.get(ANA)
    assert professional is not None
    request = new_request("BBBBB-BBBBB")

    with pytest.raises(RejectedAttachment) as error:
        store.requests.apply(
            RequestChange(request, None, professional, professional.version, (upload_id,))
        )

    assert error.value.key == "attachment_used"
    assert store.requests.get("BBBBB-BBBBB") is None
    assert store.professionals.get(ANA) == professional


def test_a_claim_is_the_requests_alone_and_guarded_by_its_version(store: Store) -> None:
    request = opened(store, "AAAAA-AAAAA")
    claimed = request.then(AT, "revisor.sp", "claimed", assigned_to="revisor.sp")

    store.requests.apply(RequestChange(claimed, request.version))
    with pytest.raises(Conflict) as error:
        store.requests.apply(RequestChange(claimed, request.version))

    assert store.requests.get("AAAAA-AAAAA") == claimed
    assert error.value.key == "request_changed"
    professional = store.professionals.get(ANA)
    assert professional is not None and professional.version == 2
