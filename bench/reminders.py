"""Benchmark: the daily deadline-reminder job on DynamoDB Local; prints the items read per
reminder sent and the run time.

    .venv/bin/python -m bench.reminders [--professionals N] [--share-needing-action S]

Target (issue): with 100,000 professionals of whom 1% still have to act, at most 1.1 items read
from DynamoDB per reminder sent; a second run the same day sends nothing and reads almost
nothing. It starts its own DynamoDB Local on a free port with a throw-away data directory
(`make run` may be up meanwhile) and loads the professionals: every one who does not need action
is `updated`, so off the sparse `pending-by-region` index. Then it runs `send_reminders` on a
reminder day twice, with the real repositories, delivery log and idempotency table, a fake mailer
that only counts (there is no SES here) and a pace limit high enough that SES's quota is not what
is measured. Items read and writes are counted apart from the code under test, from every
DynamoDB response botocore parses during the runs (not during loading): `ScannedCount` (else
`Count`) of a Query or Scan, the item of a GetItem, the items of a BatchGetItem or
TransactGetItems, and the old item a failed conditional write returns. Exit status 1 if the
target is missed, someone needing action was not reminded, or the second run sent anything."""

from __future__ import annotations

import argparse
import itertools
import sys
import time
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from fractions import Fraction
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.scratch import scratch_tables  # noqa: E402

TARGET_READS_PER_REMINDER = 1.1
PACE_PER_SECOND = 10_000
LOAD_CHUNK = 1_000
REMINDER_DAYS_BEFORE = 7
WRITE_OPERATIONS = frozenset(
    {"PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem", "TransactWriteItems"}
)


@dataclass
class Tally:
    """DynamoDB items read and write calls, from the responses botocore parsed."""

    reads: int = 0
    writes: int = 0
    calls: Counter[str] = field(default_factory=Counter)

    def record(self, operation: str, response: Mapping[str, Any]) -> None:
        self.calls[operation] += 1
        self.reads += items_read(operation, response)
        if operation in WRITE_OPERATIONS:
            self.writes += 1


def items_read(operation: str, response: Mapping[str, Any]) -> int:
    if operation in ("Query", "Scan"):
        return int(response.get("ScannedCount", response.get("Count", 0)))
    if operation == "BatchGetItem":
        return sum(len(items) for items in response.get("Responses", {}).values())
    if operation == "TransactGetItems":
        return sum(1 for entry in response.get("Responses", []) if entry.get("Item"))
    # A GetItem's item, or the old item a conditional write hands back when its check fails.
    read = 1 if response.get("Item") else 0
    return read + sum(1 for reason in response.get("CancellationReasons", []) if reason.get("Item"))


@contextmanager
def counting(tally: Tally) -> Iterator[Tally]:
    """Counts every DynamoDB call of every botocore client (boto3's and pynamodb's) meanwhile."""
    from botocore.client import BaseClient
    from botocore.exceptions import ClientError

    original = BaseClient._make_api_call

    def make_api_call(client: Any, operation: str, params: Any) -> Any:
        if client.meta.service_model.service_name != "dynamodb":
            return original(client, operation, params)
        try:
            response = original(client, operation, params)
        except ClientError as error:
            tally.record(operation, error.response)
            raise
        tally.record(operation, response)
        return response

    BaseClient._make_api_call = make_api_call  # type: ignore[method-assign]
    try:
        yield tally
    finally:
        BaseClient._make_api_call = original  # type: ignore[method-assign]


class CountingMailer:
    """Stands in for SES: counts the messages and returns a fake message id."""

    def __init__(self) -> None:
        self.sent = 0

    def send(self, to: Sequence[str], subject: str, text: str, html: str | None = None) -> str:
        self.sent += 1
        return f"bench-{self.sent:08d}"


def load_professionals(count: int, share: Fraction) -> int:
    """Adds `count` professionals; `share` of them, evenly spread, still have to act (the others
    are `updated`). Returns how many need action."""
    from tqdm import tqdm

    from chalicelib import dependencies
    from chalicelib.domain.registry import professional_from_row
    from local.demo import registry_rows

    council, repository = dependencies.council(), dependencies.professionals()
    rows = enumerate(registry_rows(count, council, seed=7))
    needing = 0
    with tqdm(total=count, unit=" professionals", desc="loading", file=sys.stderr) as bar:
        while chunk := list(itertools.islice(rows, LOAD_CHUNK)):
            professionals = []
            for index, row in chunk:
                professional = professional_from_row(row, council)
                if (index + 1) * share // 1 > index * share // 1:
                    needing += 1
                else:
                    professional = professional.confirmed_without_change()
                professionals.append(professional)
            repository.add_new(professionals)
            bar.update(len(chunk))
    return needing


def main() -> int:
    options = argparse.ArgumentParser(description=__doc__)
    options.add_argument("--professionals", type=int, default=100_000)
    options.add_argument("--share-needing-action", type=float, default=0.01)
    arguments = options.parse_args()
    share = Fraction(arguments.share_needing_action).limit_denominator(1_000_000)

    with scratch_tables("bench-reminders-"):
        from chalicelib import dependencies
        from chalicelib.domain.campaign import CampaignSettings, brasilia_day
        from chalicelib.services.ports import DeadlineReminders, Outbox
        from chalicelib.services.reminders import Pace, ReminderRun, send_reminders
        from local.pump import LambdaContext

        started = time.perf_counter()
        needing = load_professionals(arguments.professionals, share)
        loaded_in = time.perf_counter() - started

        now = datetime.now(UTC)
        today = brasilia_day(now)
        campaign = CampaignSettings(
            deadline=today + timedelta(days=REMINDER_DAYS_BEFORE),
            reminder_days=[REMINDER_DAYS_BEFORE],
        )
        mailer = CountingMailer()

        def run(tally: Tally) -> tuple[ReminderRun, float]:
            context = LambdaContext("bench-remind", timeout_seconds=3600)
            once = dependencies.once()
            once.register(context)
            began = time.perf_counter()
            with counting(tally):
                ports = DeadlineReminders(
                    dependencies.council(),
                    campaign,
                    dependencies.professionals(),
                    once,
                    Outbox(mailer, dependencies.deliveries()),
                    Pace(per_second=PACE_PER_SECOND),
                    "http://localhost:8080/",
                )
                result = send_reminders(
                    today,
                    ports,
                    time_left=lambda: context.get_remaining_time_in_millis() / 1000,
                    now=now,
                )
            return result, time.perf_counter() - began

        first_tally, second_tally = Tally(), Tally()
        first, elapsed = run(first_tally)
        second, elapsed_again = run(second_tally)

    sent = max(first.sent, 1)
    reads_per_reminder = first_tally.reads / sent
    print(
        f"professionals: {arguments.professionals} ({needing} needing action), "
        f"loaded in {loaded_in:.1f} s"
    )
    print(
        f"reminders sent: {first.sent} in {elapsed:.1f} s ({first.sent / elapsed:,.0f} per second "
        f"at a pace limit of {PACE_PER_SECOND}/s; finished: {first.finished})"
    )
    print(
        f"items read per reminder sent: {reads_per_reminder:.2f} "
        f"({first_tally.reads} read; target <= {TARGET_READS_PER_REMINDER})"
    )
    print(f"writes per reminder sent: {first_tally.writes / sent:.2f}")
    print(f"DynamoDB calls: {calls(first_tally)}")
    print(
        f"second run the same day: {second.sent} sent, {second_tally.reads} items read, "
        f"{second_tally.writes} writes, in {elapsed_again:.2f} s"
    )
    print(f"  DynamoDB calls: {calls(second_tally)}")

    failures = []
    if reads_per_reminder > TARGET_READS_PER_REMINDER:
        failures.append(f"target missed: {reads_per_reminder:.2f} items read per reminder")
    if first.sent != needing:
        failures.append(f"{needing} needed action but {first.sent} were reminded")
    if second.sent:
        failures.append(f"the second run sent {second.sent}")
    for failure in failures:
        print(f"FAILED: {failure}")
    return 1 if failures else 0


def calls(tally: Tally) -> str:
    return ", ".join(f"{operation} {n}" for operation, n in sorted(tally.calls.items()))


if __name__ == "__main__":
    sys.exit(main())
