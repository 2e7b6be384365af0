from datetime import UTC, datetime

import pytest

from local.pump import next_run, scheduled_event


def test_a_daily_cron_fires_at_its_hour_today_or_tomorrow() -> None:
    morning = datetime(2026, 11, 21, 8, 0, tzinfo=UTC)
    evening = datetime(2026, 11, 21, 20, 0, tzinfo=UTC)

    assert next_run("cron(0 12 * * ? *)", morning) == datetime(2026, 11, 21, 12, 0, tzinfo=UTC)
    assert next_run("cron(0 12 * * ? *)", evening) == datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


def test_an_hourly_range_fires_at_the_next_hour_inside_it() -> None:
    expression = "cron(0 12-20 * * ? *)"

    assert next_run(expression, datetime(2026, 11, 21, 8, 0, tzinfo=UTC)) == datetime(
        2026, 11, 21, 12, 0, tzinfo=UTC
    )
    assert next_run(expression, datetime(2026, 11, 21, 13, 0, tzinfo=UTC)) == datetime(
        2026, 11, 21, 14, 0, tzinfo=UTC
    )
    assert next_run(expression, datetime(2026, 11, 21, 20, 30, tzinfo=UTC)) == datetime(
        2026, 11, 22, 12, 0, tzinfo=UTC
    )


def test_a_rate_fires_after_its_interval() -> None:
    now = datetime(2026, 11, 21, 8, 0, tzinfo=UTC)

    assert next_run("rate(15 minutes)", now) == datetime(2026, 11, 21, 8, 15, tzinfo=UTC)
    assert next_run("rate(1 day)", now) == datetime(2026, 11, 22, 8, 0, tzinfo=UTC)


def test_a_schedule_the_pump_cannot_follow_is_refused_rather_than_ignored() -> None:
    with pytest.raises(ValueError, match="not supported"):
        next_run("cron(0 12 ? * MON-FRI *)", datetime.now(UTC))


def test_scheduled_events_have_eventbridges_shape() -> None:
    event = scheduled_event("daily-reminders", datetime(2026, 11, 21, 12, 0, tzinfo=UTC))

    assert event["detail-type"] == "Scheduled Event"
    assert event["time"] == "2026-11-21T12:00:00Z"
    assert event["resources"] == ["arn:aws:events:us-east-1:123456789012:rule/daily-reminders"]
