"""E-mails caused by changes to requests, sent from the stream, each exactly once.

- New requests: one e-mail per region per batch to that region's reviewers.
- A request approved, rejected or returned: an e-mail to its professional (with the reviewer's
  reason when not approved).
Every message is written to the delivery log (sent or failed); a failure raises, so the stream
delivers the record again, and the idempotency record keeps a redelivery from sending twice."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import datetime
from functools import partial
from typing import Any

from chalicelib.domain.audit import professional_subject
from chalicelib.domain.campaign import Council
from chalicelib.observability import logger, mask_document
from chalicelib.services.emails import GROUP_NAMES, mail_reviewers, render, send_email
from chalicelib.services.ports import (
    DeliveryLog,
    Mailer,
    Once,
    Outbox,
    ProfessionalRepository,
    StaffDirectory,
)


def new_requests_of(
    changes: Sequence[tuple[Mapping[str, Any] | None, Mapping[str, Any] | None]],
) -> list[Mapping[str, Any]]:
    """The requests a batch brought into review for the first time."""
    return [
        new
        for old, new in changes
        if old is None and new is not None and new["status"] == "in_review"
    ]


def decided_requests_of(
    changes: Sequence[tuple[Mapping[str, Any] | None, Mapping[str, Any] | None]],
) -> list[Mapping[str, Any]]:
    """The requests a batch decided: approved, rejected or returned. A "no change" declaration
    is approved as it is made: its news is the card order's e-mail."""
    return [
        new
        for old, new in changes
        if old is not None and new is not None and old["status"] != new["status"]
        and new["status"] in ("approved", "rejected", "returned")
    ]  # fmt: skip


def notify_reviewers(
    requests: list[Mapping[str, Any]],
    council: Council,
    directory: StaffDirectory,
    mailer: Mailer,
    deliveries: DeliveryLog,
    once: Once,
    admin_url: str,
    now: datetime,
) -> None:
    by_region: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for request in requests:
        by_region[str(request["region"])].append(request)
    for code, items in sorted(by_region.items()):
        key = f"new-requests:{code}:{','.join(sorted(str(item['id']) for item in items))}"
        once(
            key,
            partial(
                _tell_reviewers, code, items, council, directory, mailer, deliveries, admin_url, now
            ),
        )


def _tell_reviewers(
    code: str,
    items: list[Mapping[str, Any]],
    council: Council,
    directory: StaffDirectory,
    mailer: Mailer,
    deliveries: DeliveryLog,
    admin_url: str,
    now: datetime,
) -> dict[str, Any]:
    region = council.region(code)
    message = render(
        "new_requests",
        region=region.name if region else code,
        count=len(items),
        requests=[
            {"protocol": item["id"], "group_name": GROUP_NAMES.get(item.get("group"), "")}
            for item in items
        ],
        admin_url=admin_url,
        council=council.council,
    )
    return mail_reviewers(code, message, "new_requests", directory, Outbox(mailer, deliveries), now)


def notify_decisions(
    requests: list[Mapping[str, Any]],
    council: Council,
    professionals: ProfessionalRepository,
    mailer: Mailer,
    deliveries: DeliveryLog,
    once: Once,
    now: datetime,
) -> None:
    for request in requests:
        key = f"decision:{request['id']}:{request['version']}"
        once(
            key,
            partial(_tell_professional, request, council, professionals, mailer, deliveries, now),
        )


def _tell_professional(
    request: Mapping[str, Any],
    council: Council,
    professionals: ProfessionalRepository,
    mailer: Mailer,
    deliveries: DeliveryLog,
    now: datetime,
) -> dict[str, Any]:
    document = str(request["document"])
    professional = professionals.get(document)
    if professional is None or professional.email is None:
        logger.warning(
            "decision not e-mailed: no address on file", document=mask_document(document)
        )
        return {"sent": 0}
    decision = str(request["status"])
    message = render(
        "request_decided",
        subject=f"request_decided_{decision}",
        name=professional.data.personal.name,
        protocol=request["id"],
        group_name=GROUP_NAMES.get(request.get("group"), ""),
        decision=decision,
        reason=request.get("reason") or "",
        council=council.council,
    )
    send_email(
        Outbox(mailer, deliveries),
        [professional.email],
        message,
        "request_decided",
        professional_subject(document),
        now,
    )
    return {"sent": 1}
