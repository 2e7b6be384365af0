"""The card order: what the card vendor receives, when a professional is due an order, and how
the vendor's reports move the card along."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any

from chalicelib.domain.clock import iso
from chalicelib.domain.professional import (
    LOCKING_STATUSES,
    CardOrder,
    CardStatus,
    Professional,
    ProfessionalStatus,
)

# The vendor's reports (API.md) -> the card's status and, where it moves, the professional's.
VENDOR_EVENTS: dict[str, tuple[CardStatus, ProfessionalStatus | None]] = {
    "enrollment_completed": (CardStatus.ENROLLED, None),
    "in_production": (CardStatus.IN_PRODUCTION, ProfessionalStatus.CARD_IN_PRODUCTION),
    "shipped": (CardStatus.SHIPPED, ProfessionalStatus.CARD_SHIPPED),
}
# A card only moves forward: a late or repeated report of an earlier step changes nothing.
_PROGRESS = {
    CardStatus.REQUESTED: 1,
    CardStatus.ENROLLED: 2,
    CardStatus.IN_PRODUCTION: 3,
    CardStatus.SHIPPED: 4,
}


def card_data(professional: Professional) -> dict[str, Any]:
    """What goes on the card (API.md: registration number, region, names, birth date,
    filiation, RG; no photo: the vendor takes it at enrollment)."""
    data = professional.data
    values = {
        "registration_number": professional.registration_number,
        "region": professional.region,
        "name": data.personal.name,
        "social_name": data.personal.social_name,
        "birth_date": data.personal.birth_date.isoformat() if data.personal.birth_date else None,
        "mother_name": data.filiation.mother_name,
        "father_name": data.filiation.father_name,
        "rg_number": data.documents.rg_number,
        "rg_issuer": data.documents.rg_issuer,
        "rg_uf": data.documents.rg_uf,
    }
    return {name: value for name, value in values.items() if value is not None}


def data_hash(professional: Professional) -> str:
    encoded = json.dumps(card_data(professional), sort_keys=True, ensure_ascii=False).encode()
    return hashlib.sha256(encoded).hexdigest()[:16]


def due_order(professional: Professional | None) -> str | None:
    """The id of the card order this professional is due, if any: they have concluded
    (confirmed their data, with nothing open; an approved change alone concludes nothing), the
    card is not in production yet, and the vendor does not hold their current card data. The id
    is fixed per eligibility (document and the version that became eligible), so every
    redelivery and retry of it sends the vendor the same Idempotency-Key."""
    if professional is None or not professional.concluded:
        return None
    if professional.status in LOCKING_STATUSES:
        return None
    card = professional.card
    current = data_hash(professional)
    if card is not None and card.data_hash == current:
        return card.order_id if card.status == CardStatus.PENDING else None
    return f"{professional.document}-{professional.version}"


def order_to_place(old: Professional | None, new: Professional | None) -> str | None:
    """The order a change to a professional calls for: one due now that was not due before
    (writing down an attempt or a failure changes nothing due, so it orders nothing)."""
    order_id = due_order(new)
    if order_id is None or due_order(old) == order_id:
        return None
    return order_id


def pending_order(professional: Professional, order_id: str, hash_: str) -> CardOrder:
    """The order as it stands before the vendor accepts it (kept, or begun afresh)."""
    card = professional.card
    if card is not None and card.order_id == order_id:
        return card
    return CardOrder(status=CardStatus.PENDING, order_id=order_id, data_hash=hash_)


def still_wanted(professional: Professional, order_id: str) -> bool:
    """Whether an order is still to be placed: not accepted or failed since the record that
    asked for it (a redelivery after success, or after an admin-visible failure, does nothing)."""
    card = professional.card
    return card is None or card.order_id != order_id or card.status == CardStatus.PENDING


def accepted(
    professional: Professional,
    order: CardOrder,
    cardholder_id: str,
    enrollment_url: str,
    fee_required: bool,
    at: str,
) -> Professional:
    previous = professional.card
    # Data sent again for a card already enrolled keeps its enrollment.
    enrolled = (
        previous is not None
        and previous.status == CardStatus.ENROLLED
        and previous.cardholder_id == cardholder_id
    )
    card = order.model_copy(
        update={
            "status": CardStatus.ENROLLED if enrolled else CardStatus.REQUESTED,
            "cardholder_id": cardholder_id,
            "enrollment_url": enrollment_url,
            "error": None,
            "updated_at": at,
        }
    )
    status = professional.status
    if status not in LOCKING_STATUSES:
        status = ProfessionalStatus.CARD_REQUESTED
    return professional.model_copy(
        update={"card": card, "status": status, "fee_required": fee_required}
    )


def attempt_failed(order: CardOrder, error: str, attempts_allowed: int, at: str) -> CardOrder:
    """One more failed attempt; past the budget (or at once when the vendor refused the order
    itself), the order is failed for an admin to see and retry."""
    attempts = order.attempts + 1
    status = CardStatus.FAILED if attempts >= attempts_allowed else CardStatus.PENDING
    return order.model_copy(
        update={"attempts": attempts, "error": error[:500], "status": status, "updated_at": at}
    )


def retried(order: CardOrder, at: str) -> CardOrder:
    return order.model_copy(
        update={"status": CardStatus.PENDING, "attempts": 0, "error": None, "updated_at": at}
    )


def reported(professional: Professional, event: str, at: datetime) -> Professional | None:
    """The professional after a vendor report, or None when it moves nothing (a report of a
    step the card is already past)."""
    card_status, professional_status = VENDOR_EVENTS[event]
    card = professional.card
    if card is None or card.status not in _PROGRESS:
        return None
    if _PROGRESS[card_status] <= _PROGRESS[card.status]:
        return None
    moved_card = card.model_copy(update={"status": card_status, "updated_at": iso(at)})
    return professional.model_copy(
        update={"card": moved_card, "status": professional_status or professional.status}
    )
