"""The schedules on DynamoDB Local and moto: reminders read from the sparse index and sent once
per professional per day, however often the job runs; the stalled digest once a day."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from chalicelib import dependencies
from chalicelib.adapters.mail import read_local_outbox
from chalicelib.domain.campaign import CampaignSettings
from chalicelib.events.schedules import digest_stalled, run_reminders
from chalicelib.services.ports import Outbox, StalledDigest
from chalicelib.services.reminders import send_stalled_digest
from local.pump import LambdaContext, scheduled_event
from tests.integration.api import Api
from tests.integration.conftest import ANA, ANA_EMAIL, BRUNO_EMAIL
from tests.integration.test_staff_api import submit_address_change

REMINDER_DAY = date(2027, 3, 24)  # 7 days before the council's default deadline


def reminders(api: Api) -> list[dict]:
    return [m for m in read_local_outbox(api.moto_endpoint) if "prazo termina" in m["subject"]]


def test_the_reminder_job_run_twice_on_a_day_sends_nothing_the_second_time(api: Api) -> None:
    now = datetime.now(UTC)

    first = run_reminders(REMINDER_DAY, LambdaContext("remind"), now)
    second = run_reminders(REMINDER_DAY, LambdaContext("remind"), now)

    assert (first.sent, first.read, first.finished) == (2, 2, True)
    assert (second.sent, second.read) == (0, 0)
    assert sorted(m["to"][0] for m in reminders(api)) == sorted([ANA_EMAIL, BRUNO_EMAIL])


def test_only_those_who_still_have_to_act_are_reminded(api: Api) -> None:
    submit_address_change(api)  # Ana is in progress: off the sparse index

    run = run_reminders(REMINDER_DAY, LambdaContext("remind"), datetime.now(UTC))

    assert (run.sent, run.read) == (1, 1)
    assert [m["to"] for m in reminders(api)] == [[BRUNO_EMAIL]]


def test_stalled_requests_are_digested_to_their_regions_reviewers_once_a_day(api: Api) -> None:
    request = submit_address_change(api)
    dependencies.campaigns().save_settings(
        CampaignSettings(deadline=date(2027, 3, 31), stall_days=1), "admin"
    )
    dependencies.forget_campaign_settings()  # as PUT /staff/campaign does after a save
    later = datetime.now(UTC) + timedelta(days=2)
    dependencies.once().register(LambdaContext("digest"))
    digest = StalledDigest(
        dependencies.council(),
        dependencies.campaign_settings(),
        dependencies.requests(),
        dependencies.staff_directory(),
        dependencies.once(),
        Outbox(dependencies.mailer(), dependencies.deliveries()),
        "http://web/admin/",
    )

    stalled = send_stalled_digest(later, digest)
    send_stalled_digest(later, digest)
    today = digest_stalled(scheduled_event("digest_stalled", datetime.now(UTC)), LambdaContext("d"))

    mail = [m for m in read_local_outbox(api.moto_endpoint) if "paradas" in m["subject"]]
    assert stalled == {"SP": 1}
    assert [m["to"] for m in mail] == [["revisor.sp@example.org"]]
    assert request["protocol"] in mail[0]["text"] and "Região São Paulo" in mail[0]["subject"]
    assert today == {"stalled": {}}  # nothing has been in review a day yet, really
    assert ANA not in mail[0]["text"]  # reviewers get protocols, not CPFs, by e-mail
