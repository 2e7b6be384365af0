"""The daily schedules: deadline reminders to the professionals who still have to act, and the
digest of stalled requests to each region's reviewers.

Reminders go out on the campaign's `reminder_days` before the deadline (Brasília dates), never
after it, exactly once per professional per reminder day: each send is keyed by day and
document (idempotency record), and each region finished that day is keyed too, so a second run
reads nothing more. Only those who still have to act are read, from a sparse index, page by
page. Sends are paced to the SES sending rate; a run that nears the end of its time stops
between two professionals and the next run (hourly, through the morning) goes on from there."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import partial
from typing import Any

from chalicelib.domain.audit import professional_subject
from chalicelib.domain.campaign import brasilia_day
from chalicelib.domain.change_requests import Request, RequestStatus
from chalicelib.domain.clock import iso
from chalicelib.domain.professional import Professional
from chalicelib.observability import logger, mask_document
from chalicelib.services.emails import GROUP_NAMES, Email, mail_reviewers, render, send_email
from chalicelib.services.ports import (
    DeadlineReminders,
    ProfessionalRepository,
    QueueFilter,
    RequestRepository,
    StalledDigest,
)

# A run stops starting new sends when less than this is left of its time.
TIME_MARGIN_SECONDS = 30.0
DIGEST_LISTED = 50
_DIGEST_PAGES = 10


class Pace:
    """At most `per_second` sends a second, evenly spaced."""

    def __init__(
        self,
        per_second: float,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._interval = 1 / per_second
        self._clock = clock
        self._sleep = sleep
        self._next = 0.0

    def wait(self) -> None:
        now = self._clock()
        if now < self._next:
            self._sleep(self._next - now)
            now = self._next
        self._next = now + self._interval


@dataclass
class ReminderRun:
    """What a run did: `read` counts the professionals read from the index."""

    day: date
    days_left: int | None = None
    skipped: str | None = None  # why nothing was due: "after_deadline", "not_a_reminder_day"
    sent: int = 0
    read: int = 0
    failed: int = 0
    without_email: int = 0
    finished: bool = True
    regions_done: list[str] = field(default_factory=list)


class _OutOfTime(Exception):
    """The run's time is nearly up: the region is left unfinished for the next run."""


class _Incomplete(Exception):
    """Some sends of a region failed: the region is left unfinished for the next run."""


def send_reminders(
    today: date,
    ports: DeadlineReminders,
    *,
    time_left: Callable[[], float],
    now: datetime,
    progress: Callable[[int], None] = lambda sent: None,
) -> ReminderRun:
    run = ReminderRun(day=today)
    campaign = ports.campaign
    if today > campaign.deadline:
        run.skipped = "after_deadline"
        return run
    run.days_left = (campaign.deadline - today).days
    if run.days_left not in campaign.reminder_days:
        run.skipped = "not_a_reminder_day"
        return run
    remind = partial(_remind, run=run, ports=ports, now=now, progress=progress)
    for code in ports.council.region_codes:
        if time_left() < TIME_MARGIN_SECONDS:
            run.finished = False
            break
        try:
            ports.once(
                f"reminders:{today.isoformat()}:{code}",
                partial(_remind_region, code, ports.professionals, remind, time_left),
            )
        except _OutOfTime:
            run.finished = False
            break
        except _Incomplete:
            run.finished = False
            continue
        run.regions_done.append(code)
    logger.info(
        "reminders run", day=today.isoformat(), sent=run.sent, read=run.read,
        failed=run.failed, finished=run.finished,
    )  # fmt: skip
    return run


def _remind_region(
    code: str,
    professionals: ProfessionalRepository,
    remind: Callable[[Professional], None],
    time_left: Callable[[], float],
) -> dict[str, Any]:
    failed = 0
    for page in professionals.pending(code):
        for professional in page:
            if time_left() < TIME_MARGIN_SECONDS:
                raise _OutOfTime()
            try:
                remind(professional)
            except Exception:
                logger.exception("reminder not sent", document=mask_document(professional.document))
                failed += 1
    if failed:
        raise _Incomplete()
    return {"region": code}


def _remind(
    professional: Professional,
    *,
    run: ReminderRun,
    ports: DeadlineReminders,
    now: datetime,
    progress: Callable[[int], None],
) -> None:
    run.read += 1
    if professional.email is None:
        run.without_email += 1
        return
    campaign = ports.campaign
    message = render(
        "reminder",
        name=professional.data.personal.name,
        days_left=run.days_left or 0,
        deadline=campaign.deadline.strftime("%d/%m/%Y"),
        fee_after_deadline=campaign.fee_after_deadline,
        portal_url=ports.portal_url,
        council=ports.council.council,
    )

    def send() -> dict[str, int]:
        ports.pace.wait()
        send_email(
            ports.outbox, [str(professional.email)], message, "reminder",
            professional_subject(professional.document), now,
        )  # fmt: skip
        run.sent += 1
        progress(1)
        return {"sent": 1}

    try:
        ports.once(f"reminder:{run.day.isoformat()}:{professional.document}", send)
    except Exception:
        run.failed += 1
        raise


def send_stalled_digest(now: datetime, ports: StalledDigest) -> dict[str, int]:
    """To each region's reviewers, once a day, the requests in review longer than the
    campaign's `stall_days`, oldest first. Returns how many are stalled, by region."""
    cutoff = iso(now - timedelta(days=ports.campaign.stall_days))
    day = brasilia_day(now).isoformat()
    stalled_by_region: dict[str, int] = {}
    for code in ports.council.region_codes:
        stalled, more = _stalled_in(code, cutoff, ports.requests)
        if not stalled:
            continue
        stalled_by_region[code] = len(stalled)
        message = _digest(code, stalled, more, ports)
        ports.once(
            f"stalled-digest:{day}:{code}",
            partial(
                mail_reviewers, code, message, "stalled_digest", ports.directory, ports.outbox, now
            ),
        )
    return stalled_by_region


def _stalled_in(code: str, cutoff: str, requests: RequestRepository) -> tuple[list[Request], bool]:
    """A region's requests in review since before `cutoff`, oldest first, read a page at a time
    up to a bound; and whether more are left unread."""
    stalled: list[Request] = []
    cursor: str | None = None
    for _ in range(_DIGEST_PAGES):
        where = QueueFilter(RequestStatus.IN_REVIEW.value, (code,), review_before=cutoff)
        items, cursor = requests.queue(where, 100, cursor)
        stalled.extend(items)
        if not cursor:
            return stalled, False
    return stalled, bool(cursor)


def _digest(code: str, stalled: list[Request], more: bool, ports: StalledDigest) -> Email:
    region = ports.council.region(code)
    return render(
        "stalled_digest",
        region=region.name if region else code,
        count=len(stalled),
        more=more,
        stall_days=ports.campaign.stall_days,
        requests=[
            {
                "protocol": item.id,
                "group_name": GROUP_NAMES.get(item.group, ""),
                "since": (item.review_since or item.created_at)[:10],
                "assigned_to": item.assigned_to or "",
            }
            for item in stalled[:DIGEST_LISTED]
        ],
        admin_url=ports.admin_url,
        council=ports.council.council,
    )
