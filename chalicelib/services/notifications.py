"""E-mails caused by changes to requests, sent from the stream, each exactly once.

- New requests: one e-mail per region per batch to that region's reviewers.
- Each submission (a change, a confirmation of the data, a resubmission): its receipt to the
  professional, with the protocol, what it is about and the date.
- A request approved, rejected or returned: an e-mail to its professional (with the reviewer's
  reason when not approved; an approved change reminds them that only their confirmation
  concludes the re-registration).
Every message is written to the delivery log (sent or failed); a failure raises, so the stream
delivers the record again, and the idempotency record keeps a redelivery from sending twice."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime
from functools import partial
from typing import Any

from chalicelib.domain.audit import professional_subject
from chalicelib.domain.campaign import BRASILIA
from chalicelib.domain.change_requests import Request, RequestKind, RequestStatus
from chalicelib.domain.clock import from_iso
from chalicelib.domain.professional import Professional
from chalicelib.observability import logger, mask_document, mask_email
from chalicelib.services.emails import GROUP_NAMES, mail_reviewers, render, send_email
from chalicelib.services.ports import Change, Notifications

LEVEL_NAMES = {"bronze": "bronze", "silver": "prata", "gold": "ouro"}
DECISIONS = (RequestStatus.APPROVED, RequestStatus.REJECTED, RequestStatus.RETURNED)
# The submissions a professional gets a receipt for: their changes and their confirmations.
RECEIPTS = {RequestKind.CHANGE: "change", RequestKind.NO_CHANGE: "confirmation"}


def notify_request_changes(
    changes: Sequence[Change[Request]], notifications: Notifications, now: datetime
) -> None:
    """The e-mails a batch of changes to requests calls for: to reviewers, then to
    professionals. A failure raises after what was sent is remembered."""
    notify_reviewers(new_requests_of(changes), notifications, now)
    notify_receipts(submissions_of(changes), notifications, now)
    notify_decisions(decided_requests_of(changes), notifications, now)
    notify_contact_changes(contact_changes_of(changes), notifications, now)


def new_requests_of(changes: Sequence[Change[Request]]) -> list[Request]:
    """The requests a batch brought into review for the first time."""
    return [
        change.new
        for change in changes
        if change.old is None
        and change.new is not None
        and change.new.status == RequestStatus.IN_REVIEW
    ]


def submissions_of(changes: Sequence[Change[Request]]) -> list[tuple[Request, str]]:
    """What a batch brought in that calls for a receipt, with its step: a new change, a new
    confirmation, or a returned request sent back to review ("resubmitted")."""
    submitted = []
    for change in changes:
        new, old = change.new, change.old
        if new is None or new.kind not in RECEIPTS:
            continue
        if old is None and new in contact_changes_of([change]):
            continue  # taken from gov.br, nothing to review: the old address is told instead
        if (
            old is None
            and new.kind == RequestKind.NO_CHANGE
            and new.status == RequestStatus.IN_REVIEW
        ):
            submitted.append((new, "confirmation_entered"))  # at the counter: reviewed first
        elif old is None:
            submitted.append((new, RECEIPTS[new.kind]))
        elif old.status == RequestStatus.RETURNED and new.status == RequestStatus.IN_REVIEW:
            submitted.append((new, "resubmitted"))
    return submitted


def decided_requests_of(changes: Sequence[Change[Request]]) -> list[Request]:
    """The requests a batch decided: approved, rejected or returned. A confirmation of the data
    is approved as it is made: its news is its receipt (and the card order's e-mail)."""
    return [
        change.new
        for change in changes
        if change.old is not None and change.new is not None
        and change.old.status != change.new.status and change.new.status in DECISIONS
    ]  # fmt: skip


def notify_reviewers(requests: list[Request], notifications: Notifications, now: datetime) -> None:
    by_region: dict[str, list[Request]] = defaultdict(list)
    for request in requests:
        by_region[request.region].append(request)
    for code, items in sorted(by_region.items()):
        key = f"new-requests:{code}:{','.join(sorted(item.id for item in items))}"
        notifications.once(key, partial(_tell_reviewers, code, items, notifications, now))


def _tell_reviewers(
    code: str, items: list[Request], notifications: Notifications, now: datetime
) -> dict[str, Any]:
    council = notifications.council
    region = council.region(code)
    message = render(
        "new_requests",
        region=region.name if region else code,
        count=len(items),
        requests=[
            {"protocol": item.id, "group_name": GROUP_NAMES.get(item.group or "", "")}
            for item in items
        ],
        admin_url=notifications.admin_url,
        council=council.council,
    )
    return mail_reviewers(
        code, message, "new_requests", notifications.directory, notifications.outbox, now
    )


def notify_receipts(
    submitted: list[tuple[Request, str]], notifications: Notifications, now: datetime
) -> None:
    for request, step in submitted:
        key = f"receipt:{request.id}:{request.version}"
        notifications.once(key, partial(_send_receipt, request, step, notifications, now))


def _send_receipt(
    request: Request, step: str, notifications: Notifications, now: datetime
) -> dict[str, Any]:
    addressee = _addressee(request, notifications)
    if addressee is None:
        logger.warning(
            "receipt not e-mailed: no address on file", document=mask_document(request.document)
        )
        return {"sent": 0}
    professional, email = addressee
    message = render(
        "request_received",
        subject=f"request_received_{step}",
        name=professional.data.personal.name,
        protocol=request.protocol,
        what=_what(request),
        date=from_iso(request.updated_at).astimezone(BRASILIA).strftime("%d/%m/%Y"),
        step=step,
        review_days=notifications.campaign.stall_days,
        confirmed=professional.confirmed,
        follow_url=f"{notifications.portal_url}#/solicitacoes/{request.id}",
        council=notifications.council.council,
    )
    send_email(
        notifications.outbox, [email], message, "request_received",
        professional_subject(request.document), now,
    )  # fmt: skip
    return {"sent": 1}


def _what(request: Request) -> str:
    """What a submission is about, in words: "alteração de endereço", "confirmação dos dados"."""
    if request.kind == RequestKind.NO_CHANGE:
        return "confirmação dos dados"
    return f"alteração de {GROUP_NAMES.get(request.group, request.group or '')}"


def _addressee(request: Request, notifications: Notifications) -> tuple[Professional, str] | None:
    """The request's professional and their address on file, if they have one."""
    professional = notifications.professionals.get(request.document)
    if professional is None or professional.email is None:
        return None
    return professional, professional.email


def notify_decisions(requests: list[Request], notifications: Notifications, now: datetime) -> None:
    for request in requests:
        key = f"decision:{request.id}:{request.version}"
        tell = _tell_recovery if request.kind == RequestKind.ACCESS_RECOVERY else _tell_professional
        notifications.once(key, partial(tell, request, notifications, now))


def _tell_recovery(request: Request, notifications: Notifications, now: datetime) -> dict[str, Any]:
    """An access recovery decided: the new address learns the outcome (with the reason when
    not approved); on approval the old address learns the access e-mail changed."""
    new_email = str((request.recovery or {}).get("new_email") or "")
    before = ((request.current or {}).get("emails") or [{}])[0].get("address")
    professional = notifications.professionals.get(request.document)
    if not new_email or professional is None:
        return {"sent": 0}
    values = {
        "name": professional.data.personal.name, "protocol": request.id,
        "decision": request.status.value, "reason": request.reason or "",
        "new_address": mask_email(new_email), "site_url": f"{notifications.portal_url}#/entrar",
        "council": notifications.council.council,
    }  # fmt: skip
    subject = professional_subject(request.document)
    message = render("recovery_decided", subject=f"recovery_{request.status.value}", **values)
    send_email(notifications.outbox, [new_email], message, "recovery_decided", subject, now)
    sent = 1
    if request.status == RequestStatus.APPROVED and before and before != new_email:
        notice = render("recovery_old_address", **values)
        send_email(notifications.outbox, [before], notice, "recovery_old_address", subject, now)
        sent += 1
    return {"sent": sent}


def _tell_professional(
    request: Request, notifications: Notifications, now: datetime
) -> dict[str, Any]:
    addressee = _addressee(request, notifications)
    if addressee is None:
        logger.warning(
            "decision not e-mailed: no address on file", document=mask_document(request.document)
        )
        return {"sent": 0}
    professional, email = addressee
    decision = request.status.value
    # A confirmation entered at the counter is reviewed like a change; its news is its own.
    confirmation = request.kind == RequestKind.NO_CHANGE
    message = render(
        "request_decided",
        subject=f"request_decided_{'confirmation_' if confirmation else ''}{decision}",
        name=professional.data.personal.name,
        protocol=request.id,
        group_name=GROUP_NAMES.get(request.group or "", "confirmação dos dados"),
        confirmation=confirmation,
        decision=decision,
        reason=request.reason or "",
        # An approved change concludes nothing until the professional confirms their data.
        confirmed=professional.confirmed,
        site_url=f"{notifications.portal_url}#/dados",
        council=notifications.council.council,
    )
    send_email(
        notifications.outbox, [email], message, "request_decided",
        professional_subject(request.document), now,
    )  # fmt: skip
    return {"sent": 1}


def contact_changes_of(changes: Sequence[Change[Request]]) -> list[Request]:
    """E-mail changes approved as they were made: an e-mail gov.br verified, taken as the
    contact address without review (services/change_requests.py `use_verified_email`)."""
    return [
        change.new
        for change in changes
        if change.old is None
        and change.new is not None
        and change.new.kind == RequestKind.CHANGE
        and change.new.group == "emails"
        and change.new.status == RequestStatus.APPROVED
    ]


def notify_contact_changes(
    requests: list[Request], notifications: Notifications, now: datetime
) -> None:
    for request in requests:
        key = f"contact-changed:{request.id}"
        notifications.once(key, partial(_tell_old_address, request, notifications, now))


def _tell_old_address(
    request: Request, notifications: Notifications, now: datetime
) -> dict[str, Any]:
    """The address that was first on file is told it is no longer the contact: if someone
    else did it, the person learns at once where they still read their mail."""
    before = ((request.current or {}).get("emails") or [{}])[0].get("address")
    after = ((request.changes or {}).get("emails") or [{}])[0].get("address")
    professional = notifications.professionals.get(request.document)
    if not before or before == after or professional is None:
        return {"sent": 0}
    message = render(
        "contact_email_changed",
        name=professional.data.personal.name,
        new_address=mask_email(str(after)),
        date=from_iso(request.created_at).astimezone(BRASILIA).strftime("%d/%m/%Y às %H:%M"),
        level=LEVEL_NAMES.get(request.history[0].level or "", ""),
        at_counter=request.channel == "counter",
        council=notifications.council.council,
    )
    send_email(
        notifications.outbox, [before], message, "contact_email_changed",
        professional_subject(request.document), now,
    )  # fmt: skip
    return {"sent": 1}
