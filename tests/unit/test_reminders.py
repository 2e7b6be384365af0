"""Deadline reminders: on the reminder days only, to those who still have to act, once each,
paced, and able to stop and go on; the stalled digest to each region's reviewers."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest

from chalicelib.domain.campaign import CampaignSettings, Council
from chalicelib.domain.registry import professional_from_row
from chalicelib.services.ports import DeadlineReminders, Outbox
from chalicelib.services.reminders import Pace, ReminderRun, send_reminders
from local.demo import registry_rows
from tests.fakes import FakeMailer, FakeOnce, InMemoryProfessionalRepository, InMemorySubjectLog

CAMPAIGN = CampaignSettings(deadline=date(2027, 3, 31), reminder_days=[30, 7, 1])
NOW = datetime(2027, 3, 24, 12, 0, tzinfo=UTC)


class World:
    def __init__(self, council: Council, count: int = 9) -> None:
        self.council = council
        self.professionals = InMemoryProfessionalRepository()
        for row in list(registry_rows(count, council)):
            self.professionals._put(professional_from_row(row, council))
        self.once = FakeOnce()
        self.mailer = FakeMailer()
        self.deliveries = InMemorySubjectLog()
        self.clock = 0.0
        self.sleeps: list[float] = []
        self.time_left = 900.0

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.clock += seconds

    def run(self, today: date, campaign: CampaignSettings = CAMPAIGN) -> ReminderRun:
        ports = DeadlineReminders(
            self.council, campaign, self.professionals, self.once,
            Outbox(self.mailer, self.deliveries),
            Pace(2, clock=lambda: self.clock, sleep=self.sleep), "https://recadastro.example/",
        )  # fmt: skip
        return send_reminders(today, ports, time_left=lambda: self.time_left, now=NOW)


@pytest.fixture
def world(council) -> World:
    return World(council)


def addresses(world: World) -> list[str]:
    return [message["to"][0] for message in world.mailer.sent]


def test_a_reminder_day_mails_everyone_who_has_not_acted_once(world: World) -> None:
    acted = next(iter(world.professionals.items))
    world.professionals.start_campaign(acted)

    first = world.run(date(2027, 3, 24))
    second = world.run(date(2027, 3, 24))

    expected = sorted(
        str(p.email) for p in world.professionals.items.values() if p.document != acted
    )
    assert sorted(addresses(world)) == expected and len(expected) == 8
    assert (first.sent, first.days_left, first.finished) == (8, 7, True)
    assert (second.sent, second.read) == (0, 0)  # every region is known done: nothing read
    message = world.mailer.sent[0]
    assert "31/03/2027" in message["subject"]
    assert "Faltam 7 dias" in message["text"] and "https://recadastro.example/" in message["text"]
    assert {entry.template for entry in world.deliveries.delivered} == {"reminder"}


def test_an_approved_change_without_the_confirmation_is_still_reminded(world: World) -> None:
    # Given one professional whose change was approved but who never confirmed her data,
    # one who confirmed while a change was open and saw it approved, and one still waiting
    changed, concluded, waiting, *_ = sorted(world.professionals.items)
    items = world.professionals.items
    items[changed] = items[changed].opened("address").approved("address")
    items[concluded] = items[concluded].opened("address").confirmed_without_change()
    items[concluded] = items[concluded].approved("address")
    items[waiting] = items[waiting].opened("phones")

    # When the reminders run
    world.run(date(2027, 3, 24))

    # Then the one who must still confirm is reminded; the concluded and the waiting are not
    reminded = set(addresses(world))
    assert str(items[changed].email) in reminded
    assert str(items[concluded].email) not in reminded
    assert str(items[waiting].email) not in reminded
    assert len(reminded) == 7
    message = next(m for m in world.mailer.sent if m["to"][0] == str(items[changed].email))
    assert "confirme que está tudo certo" in message["text"]


def test_only_the_reminder_days_and_never_after_the_deadline(world: World) -> None:
    quiet = world.run(date(2027, 3, 23))
    late = world.run(date(2027, 4, 1))
    last = world.run(date(2027, 3, 30))

    assert (quiet.skipped, late.skipped, last.skipped) == (
        "not_a_reminder_day",
        "after_deadline",
        None,
    )
    assert len(world.mailer.sent) == last.sent == 9
    assert "Falta 1 dia" in world.mailer.sent[0]["text"]


def test_a_run_that_fails_halfway_is_finished_by_the_next_without_repeats(world: World) -> None:
    world.mailer.fail_after = 4

    broken = world.run(date(2027, 3, 24))
    world.mailer.fail_after = None
    resumed = world.run(date(2027, 3, 24))

    assert broken.sent == 4 and not broken.finished and broken.failed > 0
    assert resumed.finished and broken.sent + resumed.sent == 9
    assert len(set(addresses(world))) == len(addresses(world)) == 9
    failed = [entry for entry in world.deliveries.delivered if entry.status == "failed"]
    assert failed and failed[0].error == "SES is down"


def test_a_run_out_of_time_stops_and_the_next_goes_on(world: World) -> None:
    original = world.mailer.send

    def send(*args: Any, **kwargs: Any) -> str:
        """The third e-mail leaves the run with 10 seconds, under the margin."""
        answer = original(*args, **kwargs)
        if len(world.mailer.sent) == 3:
            world.time_left = 10.0
        return answer

    world.mailer.send = send  # type: ignore[method-assign]

    stopped = world.run(date(2027, 3, 24))
    world.time_left = 900.0
    resumed = world.run(date(2027, 3, 24))

    assert (stopped.sent, stopped.finished) == (3, False)
    assert resumed.finished and stopped.sent + resumed.sent == 9
    assert len(set(addresses(world))) == 9


def test_sends_are_paced_to_the_sending_rate(world: World) -> None:
    world.run(date(2027, 3, 24))

    # 2 per second: each send after the first waits half a second (the fake clock stands still).
    assert world.sleeps == [0.5] * 8
