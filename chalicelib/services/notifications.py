"""E-mails caused by changes to requests, sent from the stream, each exactly once.

- New requests: one e-mail per region per batch to that region's reviewers.
- A request approved, rejected or returned: an e-mail to its professional (with the reviewer's
  reason when not approved).
Every message is written to the delivery log (sent or failed); a failure raises, so the stream
delivers the record again, and the idempotency record keeps a redelivery from sending twice."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime
from functools import partial
from typing import Any

from chalicelib.domain.audit import professional_subject
from chalicelib.domain.change_requests import Request, RequestStatus
from chalicelib.observability import logger, mask_document
from chalicelib.services.emails import GROUP_NAMES, mail_reviewers, render, send_email
from chalicelib.services.ports import Change, Notifications

DECISIONS = (RequestStatus.APPROVED, RequestStatus.REJECTED, RequestStatus.RETURNED)


def notify_request_changes(
    changes: Sequence[Change[Request]], notifications: Notifications, now: datetime
) -> None:
    """The e-mails a batch of changes to requests calls for: to reviewers, then to
    professionals. A failure raises after what was sent is remembered."""
    notify_reviewers(new_requests_of(changes), notifications, now)
    notify_decisions(decided_requests_of(changes), notifications, now)


def new_requests_of(changes: Sequence[Change[Request]]) -> list[Request]:
    """The requests a batch brought into review for the first time."""
    return [
        change.new
        for change in changes
        if change.old is None
        and change.new is not None
        and change.new.status == RequestStatus.IN_REVIEW
    ]


def decided_requests_of(changes: Sequence[Change[Request]]) -> list[Request]:
    """The requests a batch decided: approved, rejected or returned. A "no change" declaration
    is approved as it is made: its news is the card order's e-mail."""
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


def notify_decisions(requests: list[Request], notifications: Notifications, now: datetime) -> None:
    for request in requests:
        key = f"decision:{request.id}:{request.version}"
        notifications.once(key, partial(_tell_professional, request, notifications, now))


def _tell_professional(
    request: Request, notifications: Notifications, now: datetime
) -> dict[str, Any]:
    document = request.document
    professional = notifications.professionals.get(document)
    if professional is None or professional.email is None:
        logger.warning(
            "decision not e-mailed: no address on file", document=mask_document(document)
        )
        return {"sent": 0}
    decision = request.status.value
    message = render(
        "request_decided",
        subject=f"request_decided_{decision}",
        name=professional.data.personal.name,
        protocol=request.id,
        group_name=GROUP_NAMES.get(request.group or "", ""),
        decision=decision,
        reason=request.reason or "",
        council=notifications.council.council,
    )
    send_email(
        notifications.outbox, [professional.email], message, "request_decided",
        professional_subject(document), now,
    )  # fmt: skip
    return {"sent": 1}
