"""Card orders: placed with the vendor when a professional becomes eligible (from the
professionals stream), failed for an admin to see and retry, moved along by the vendor's
signed reports.

No order is lost and none is sent twice for one eligibility: the order id is fixed per
eligibility and is the vendor's Idempotency-Key; a successful call is remembered (idempotency
record), so a redelivered record does not call again; a failed one raises, so the stream
delivers the record again, until the attempts allowed are spent and the order is marked
`failed` with the error, which an admin sees and retries."""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Any

from chalicelib.domain.audit import AuditEvent, professional_subject
from chalicelib.domain.campaign import Council, brasilia_day
from chalicelib.domain.cards import (
    VENDOR_EVENTS,
    accepted,
    attempt_failed,
    card_data,
    data_hash,
    order_to_place,
    pending_order,
    reported,
    retried,
    still_wanted,
)
from chalicelib.domain.clock import iso
from chalicelib.domain.documents import normalize_document
from chalicelib.domain.errors import Conflict, InvalidInput, NotFound, Unauthorized
from chalicelib.domain.messages import message
from chalicelib.domain.professional import CardStatus, Professional
from chalicelib.domain.staff import StaffCall
from chalicelib.observability import logger, mask_document, metrics
from chalicelib.services.emails import render, send_email
from chalicelib.services.ports import (
    AuditLog,
    CardOrdering,
    Change,
    Outbox,
    ProfessionalRepository,
    VendorError,
    VendorReports,
)

# How far a vendor report's `at` may be from our clock; a replay inside it is caught by its marker.
EVENT_WINDOW = timedelta(minutes=5)
_SAVE_TRIES = 5


def place_due_order(change: Change[Professional], ordering: CardOrdering, now: datetime) -> str:
    """Places the order a change to a professional calls for, if any ("nothing due"); the
    professional became eligible when the change was written."""
    order_id = order_to_place(change.old, change.new)
    if change.new is None or order_id is None:
        return "nothing due"
    return order_card(change.new, order_id, change.at or now, ordering, now)


def order_card(
    image: Professional, order_id: str, eligible_at: datetime, ordering: CardOrdering,
    now: datetime,
) -> str:  # fmt: skip
    """Places the order `order_id` for the professional as the stream record shows them.
    Returns "requested", "failed" or "skipped"; raises (VendorError) to be delivered again."""
    document, professionals = image.document, ordering.professionals
    current = professionals.get(document)
    if current is None or not still_wanted(current, order_id):
        return "skipped"
    fee_required = ordering.campaign.fee_required(brasilia_day(eligible_at))
    hash_ = data_hash(image)
    card = card_data(image) | {"fee_required": fee_required}
    try:
        answer = ordering.once(
            f"card-order:{order_id}", partial(ordering.vendor.order_card, document, order_id, card)
        )
    except VendorError as error:
        if _failed_for_good(image, order_id, error, ordering, now):
            return "failed"
        raise
    requested = _change(
        professionals,
        document,
        lambda p: accepted(
            p, pending_order(p, order_id, hash_), answer["cardholder_id"],
            answer["enrollment_url"], fee_required, iso(now),
        ),
    )  # fmt: skip
    if requested is not None:
        email = partial(
            card_requested_email, requested, ordering.council, ordering.portal_url,
            ordering.outbox, now,
        )  # fmt: skip
        ordering.once(f"card-email:{order_id}", email)
    metrics.add_metric(name="CardOrdersPlaced", unit="Count", value=1)
    return "requested"


def _failed_for_good(
    image: Professional, order_id: str, error: VendorError, ordering: CardOrdering,
    now: datetime,
) -> bool:  # fmt: skip
    """Writes down a failed vendor call; True once the order has no attempt left (a refusal
    spends them all at once), which an admin sees and the CardOrdersFailed alarm counts."""
    allowed, detail = (ordering.attempts_allowed if error.transient else 1), str(error)
    hash_ = data_hash(image)
    failed = _change(
        ordering.professionals,
        image.document,
        lambda p: p.model_copy(
            update={
                "card": attempt_failed(pending_order(p, order_id, hash_), detail, allowed, iso(now))
            }
        ),
    )
    if failed is None or failed.card is None or failed.card.status != CardStatus.FAILED:
        return False
    logger.error("card order failed", document=mask_document(image.document), error=detail[:200])
    metrics.add_metric(name="CardOrdersFailed", unit="Count", value=1)
    return True


def card_requested_email(
    professional: Professional, council: Council, portal_url: str, outbox: Outbox, now: datetime
) -> None:
    """ "Sua atualização cadastral foi concluída!", with the vendor's enrollment link."""
    if professional.email is None or professional.card is None:
        logger.warning("card e-mail not sent: no address on file",
                       document=mask_document(professional.document))  # fmt: skip
        return
    message_ = render(
        "card_requested",
        name=professional.data.personal.name,
        enrollment_url=professional.card.enrollment_url,
        fee_required=professional.fee_required,
        portal_url=portal_url,
        council=council.council,
    )
    send_email(
        outbox, [professional.email], message_, "card_requested",
        professional_subject(professional.document), now,
    )  # fmt: skip


def retry_order(
    call: StaffCall, raw_document: str, professionals: ProfessionalRepository, audit: AuditLog
) -> Professional:
    """An admin sends a failed order again: it goes back to pending, and the stream places it
    with the same order id (so a vendor that did take it after all makes no second card)."""
    call.staff.require_admin()
    document = normalize_document(raw_document)

    def retry(professional: Professional) -> Professional:
        card = professional.card
        if card is None or card.status != CardStatus.FAILED:
            raise Conflict("card_order_not_failed")
        return professional.model_copy(update={"card": retried(card, call.at)})

    professional = _change(professionals, document, retry)
    if professional is None:
        raise NotFound()
    audit.record(call.audit(professional_subject(document), "card_order_retried"))
    return professional


def failed_orders(
    call: StaffCall, regions: list[str], professionals: ProfessionalRepository
) -> list[dict[str, Any]]:
    call.staff.require_admin()
    return [
        {
            "document": professional.document,
            "registration_number": professional.registration_number,
            "region": professional.region,
            "name": professional.data.personal.name,
            "card_order": professional.card.model_dump(mode="json") if professional.card else None,
        }
        for region in regions
        for professional in professionals.failed_orders(region)
    ]


def vendor_event(
    raw_body: bytes, signature: str | None, reports: VendorReports, now: datetime
) -> dict[str, Any]:
    """A report from the vendor: signed over the raw body (HMAC-SHA256, shared secret), recent
    (`at` within five minutes of our clock) and never seen before; then the card moves on."""
    secret = reports.webhook_secret()
    expected = "sha256=" + hmac.new(secret, raw_body, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected.encode(), (signature or "").encode()):
        raise Unauthorized("invalid_signature")
    document, status, at = _vendor_report(raw_body)
    if abs(now - at) > EVENT_WINDOW:
        raise InvalidInput(fields={"at": message("stale_event")})
    marker = f"vendor-event#{hashlib.sha256(raw_body).hexdigest()}"
    if not reports.markers.first_time(marker, int(EVENT_WINDOW.total_seconds()) * 2):
        raise Conflict("event_replayed")

    def move(professional: Professional) -> Professional | None:
        if professional.card is None or professional.card.status in (
            CardStatus.PENDING, CardStatus.FAILED,
        ):  # fmt: skip
            raise Conflict("no_card_order")
        return reported(professional, status, at)

    try:
        professional = _change(reports.professionals, document, move)
    except Exception:
        reports.markers.forget(marker)  # not applied: the vendor may send it again
        raise
    if professional is None:
        raise NotFound()
    reports.audit.record(
        AuditEvent(
            subject=professional_subject(document), at=iso(now), actor="vendor",
            action=f"card_{status}",
        )
    )  # fmt: skip
    return {"document": document, "status": professional.status.value}


def _vendor_report(raw_body: bytes) -> tuple[str, str, datetime]:
    try:
        body = json.loads(raw_body)
    except (ValueError, RecursionError) as error:
        raise InvalidInput("malformed_json") from error
    if not isinstance(body, dict):
        raise InvalidInput("malformed_json")
    errors: dict[str, str] = {}
    document = ""
    try:
        document = normalize_document(body.get("document"))
    except InvalidInput:
        errors["document"] = message("invalid_document")
    status = body.get("status")
    if not isinstance(status, str) or status not in VENDOR_EVENTS:
        errors["status"] = message("invalid_choice", allowed=", ".join(VENDOR_EVENTS))
    at = _instant(body.get("at"))
    if at is None:
        errors["at"] = message("invalid_instant")
    if errors or at is None:
        raise InvalidInput(fields=errors)
    return document, str(status), at


def _instant(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        at = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return at if at.tzinfo else at.replace(tzinfo=UTC)


def _change(
    professionals: ProfessionalRepository,
    document: str,
    change: Callable[[Professional], Professional | None],
) -> Professional | None:
    """Reads, changes and writes a professional's card, again from a fresh read if someone
    else wrote in between. None if there is no such professional; the professional as read
    when `change` says there is nothing to write."""
    for _ in range(_SAVE_TRIES):
        current = professionals.get(document)
        if current is None:
            return None
        changed = change(current)
        if changed is None:
            return current
        try:
            professionals.save_card(changed, current.version)
            return changed.model_copy(update={"version": current.version + 1})
        except Conflict:
            continue
    raise Conflict()
