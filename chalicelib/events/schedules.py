"""The daily schedules (EventBridge in AWS, the pump's timer locally)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

from chalice import Blueprint, Cron
from chalice.app import CloudWatchEvent

from chalicelib import dependencies
from chalicelib.domain.campaign import brasilia_day
from chalicelib.services.reminders import ReminderRun, send_reminders, send_stalled_digest

schedules = Blueprint(__name__)


# Every hour from 09:00 to 17:00 in Brasília (UTC-3): the first run of a reminder day sends, a
# later one goes on if the first ran out of time, and finds nothing left to do otherwise.
@schedules.schedule(Cron(0, "12-20", "*", "*", "?", "*"), name="remind_deadline")
def remind_deadline(event: CloudWatchEvent) -> dict[str, Any]:
    """Deadline reminders to the professionals who still have to act."""
    now = datetime.now(UTC)
    run = run_reminders(brasilia_day(now), event.context, now)
    return {"sent": run.sent, "read": run.read, "finished": run.finished, "skipped": run.skipped}


def run_reminders(
    today: date,
    lambda_context: Any,
    now: datetime,
    progress: Callable[[int], None] = lambda sent: None,
) -> ReminderRun:
    """The reminder job, for the schedule and for `manage.py remind`."""
    dependencies.once().register(lambda_context)
    return send_reminders(
        today,
        dependencies.deadline_reminders(),
        time_left=lambda: float(lambda_context.get_remaining_time_in_millis()) / 1000,
        now=now,
        progress=progress,
    )


@schedules.schedule(Cron(0, 11, "*", "*", "?", "*"), name="digest_stalled")
def digest_stalled(event: CloudWatchEvent) -> dict[str, Any]:
    """At 08:00 in Brasília, each region's reviewers get the requests stalled in review."""
    dependencies.once().register(event.context)
    return {"stalled": send_stalled_digest(datetime.now(UTC), dependencies.stalled_digest())}
