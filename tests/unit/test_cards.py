"""Card orders: when one is due, with what id, and what the stream consumer does with it."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest

from chalicelib import dependencies
from chalicelib.domain.campaign import CampaignSettings
from chalicelib.domain.cards import data_hash, due_order, order_to_place, reported
from chalicelib.domain.fields import Address
from chalicelib.domain.professional import CardOrder, CardStatus, Professional, ProfessionalStatus
from chalicelib.domain.registry import professional_from_row
from chalicelib.services.cards import order_card
from chalicelib.services.ports import CardOrdering, Outbox, VendorError
from tests.conftest import registry_row
from tests.fakes import FakeMailer, FakeOnce, InMemoryProfessionalRepository, InMemorySubjectLog

NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)
CAMPAIGN = CampaignSettings(deadline=date(2027, 3, 31))


@pytest.fixture
def unconfirmed(council) -> Professional:
    """Ana at version 3, who has confirmed nothing yet and has nothing open."""
    return professional_from_row(registry_row(), council).model_copy(update={"version": 3})


@pytest.fixture
def ana(unconfirmed) -> Professional:
    """Ana, who just confirmed her data (version 3) and has nothing open."""
    return unconfirmed.confirmed_without_change()


def requested(professional: Professional, order_id: str) -> Professional:
    card = CardOrder(
        status=CardStatus.REQUESTED, order_id=order_id, data_hash=data_hash(professional)
    )
    return professional.model_copy(
        update={"card": card, "status": ProfessionalStatus.CARD_REQUESTED}
    )


def test_a_professional_who_confirmed_and_has_nothing_open_is_due_one_order(
    ana, unconfirmed
) -> None:
    before = unconfirmed.opened("address")

    assert due_order(before) is None
    assert due_order(unconfirmed) is None
    assert order_to_place(before, ana) == "52998224725-3"


def test_an_approved_change_without_the_confirmation_orders_nothing(unconfirmed) -> None:
    opened = unconfirmed.opened("personal")
    approved = opened.approved("personal")
    confirmed_later = approved.confirmed_without_change()

    assert order_to_place(opened, approved) is None
    assert order_to_place(approved, confirmed_later) == "52998224725-3"


def test_once_ordered_only_a_change_to_the_card_data_calls_for_a_new_order(ana) -> None:
    ordered = requested(ana, "52998224725-3")
    moved = ordered.model_copy(
        update={
            "data": ordered.data.model_copy(update={"address": Address(city="Santos")}),
            "version": 7,
        }
    )
    renamed = ordered.model_copy(
        update={
            "data": ordered.data.model_copy(
                update={"personal": ordered.data.personal.model_copy(update={"name": "Ana Lima"})}
            ),
            "version": 8,
        }
    )

    assert due_order(ordered) is None
    assert due_order(moved) is None  # the address is not on the card
    assert due_order(renamed) == "52998224725-8"


def test_writing_down_an_attempt_orders_nothing_but_an_admin_retry_does(ana) -> None:
    pending = ana.model_copy(
        update={
            "card": CardOrder(
                status=CardStatus.PENDING, order_id="52998224725-3",
                data_hash=data_hash(ana), attempts=1,
            ),
            "version": 4,
        }
    )  # fmt: skip
    assert pending.card is not None
    failed = pending.model_copy(
        update={"card": pending.card.model_copy(update={"status": CardStatus.FAILED})}
    )

    assert order_to_place(ana, pending) is None  # same order as before: no second placing
    assert due_order(failed) is None
    assert order_to_place(failed, pending) == "52998224725-3"  # the retry, same order id


def test_a_card_in_production_is_due_nothing_and_reports_only_move_forward(ana) -> None:
    ordered = requested(ana, "52998224725-3")
    in_production = reported(ordered, "in_production", NOW)
    assert in_production is not None

    assert in_production.status == ProfessionalStatus.CARD_IN_PRODUCTION
    assert due_order(in_production) is None
    assert reported(in_production, "enrollment_completed", NOW) is None
    assert reported(ana, "shipped", NOW) is None  # nothing ordered


class FlakyVendor:
    def __init__(self, failures: list[VendorError]) -> None:
        self.failures = failures
        self.calls: list[tuple[str, str, dict[str, Any]]] = []

    def order_card(self, document: str, order_id: str, card: dict[str, Any]) -> dict[str, Any]:
        self.calls.append((document, order_id, card))
        if self.failures:
            raise self.failures.pop(0)
        return {"cardholder_id": "c1", "enrollment_url": "https://v/e/c1", "status": "x"}


def place(ana, vendor, repository, once, mailer, campaign=CAMPAIGN) -> str:
    ordering = CardOrdering(
        professionals=repository, vendor=vendor, once=once,
        outbox=Outbox(mailer, InMemorySubjectLog()), council=dependencies.council(),
        campaign=campaign, attempts_allowed=3, portal_url="https://recadastro.example/",
    )  # fmt: skip
    return order_card(ana, "52998224725-3", NOW, ordering, NOW)


@pytest.fixture
def repository(ana) -> InMemoryProfessionalRepository:
    repository = InMemoryProfessionalRepository()
    repository.items[ana.document] = ana
    return repository


def test_an_accepted_order_stores_the_link_and_emails_once_however_often_delivered(
    ana, repository
) -> None:
    vendor, once, mailer = FlakyVendor([]), FakeOnce(), FakeMailer()

    first = place(ana, vendor, repository, once, mailer)
    again = place(ana, vendor, repository, once, mailer)

    stored = repository.get(ana.document)
    assert (first, again) == ("requested", "skipped")
    assert stored is not None and stored.status == ProfessionalStatus.CARD_REQUESTED
    assert stored.card is not None and stored.card.enrollment_url == "https://v/e/c1"
    assert len(vendor.calls) == 1 and len(mailer.sent) == 1
    assert "https://v/e/c1" in mailer.sent[0]["text"]
    assert vendor.calls[0][2]["registration_number"] == "12345-T"
    assert vendor.calls[0][2]["fee_required"] is False


def test_transient_failures_are_redelivered_until_the_budget_then_the_order_fails(
    ana, repository
) -> None:
    vendor = FlakyVendor([VendorError("HTTP 503", transient=True)] * 3)
    once, mailer = FakeOnce(), FakeMailer()

    for _ in range(2):
        with pytest.raises(VendorError):
            place(ana, vendor, repository, once, mailer)
    third = place(ana, vendor, repository, once, mailer)

    stored = repository.get(ana.document)
    assert third == "failed"
    assert stored is not None and stored.card is not None
    assert (stored.card.status, stored.card.attempts) == (CardStatus.FAILED, 3)
    assert stored.card.error == "HTTP 503" and mailer.sent == []
    assert place(ana, vendor, repository, once, mailer) == "skipped"  # a later redelivery


def test_an_order_the_vendor_refuses_fails_at_once(ana, repository) -> None:
    vendor = FlakyVendor([VendorError("HTTP 422: rg_uf", transient=False)])

    outcome = place(ana, vendor, repository, FakeOnce(), FakeMailer())

    stored = repository.get(ana.document)
    assert outcome == "failed" and stored is not None and stored.card is not None
    assert stored.card.status == CardStatus.FAILED and stored.card.attempts == 1


def test_after_the_deadline_the_order_carries_the_fee(ana, repository) -> None:
    vendor = FlakyVendor([])
    ended = CampaignSettings(deadline=date(2026, 10, 31), fee_after_deadline=True)

    place(ana, vendor, repository, FakeOnce(), FakeMailer(), campaign=ended)

    stored = repository.get(ana.document)
    assert stored is not None and stored.fee_required is True
    assert vendor.calls[0][2]["fee_required"] is True
