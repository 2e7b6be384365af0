"""The local pump feeds the app's own stream handlers from DynamoDB Local's streams, as Lambda."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import boto3
from chalice import Chalice

from app import app
from chalicelib import dependencies
from chalicelib.adapters.dynamodb.streams import placeholder_stream_arn
from local.demo import registry_rows
from local.pump import Pump, lambda_record
from tests.integration.test_import_file import import_rows


class FakeQueue:
    def __init__(self) -> None:
        self.messages: list[str] = []

    def send_message(self, QueueUrl: str, MessageBody: str) -> None:
        self.messages.append(MessageBody)


def pump_for(
    handler_app: Chalice, settings: Any, state_dir: Path, queue: FakeQueue | None = None
) -> Pump:
    clients = {
        "dynamodb": boto3.client("dynamodb"),
        "dynamodbstreams": boto3.client("dynamodbstreams"),
        "sqs": queue or FakeQueue(),
        "dlq_url": "local-dlq",
    }
    return Pump(handler_app, settings.tables, clients, state_dir, max_retries=2)


def test_the_dashboard_counts_what_was_imported_and_a_restart_does_not_count_again(
    tables, council, tmp_path
) -> None:
    import_rows(list(registry_rows(12, council)), council)
    pump = pump_for(app, tables, tmp_path)

    pump.drain()
    counters = dependencies.counters()
    assert counters.totals("all")["professionals_total"] == 12
    assert counters.totals("region#SP")["professionals_not_started"] == 2

    restarted = pump_for(app, tables, tmp_path)
    restarted.drain()
    assert counters.totals("all")["professionals_total"] == 12

    import_rows(list(registry_rows(13, council))[12:], council)
    restarted.drain()
    assert counters.totals("all")["professionals_total"] == 13


def test_records_written_after_the_pump_saw_an_empty_table_are_not_missed(
    tables, council, tmp_path
) -> None:
    pump = pump_for(app, tables, tmp_path)
    pump.run_once()
    pump.run_once()

    import_rows(list(registry_rows(3, council)), council)
    pump.drain()

    assert dependencies.counters().totals("all")["professionals_total"] == 3


def test_a_record_that_keeps_failing_is_set_aside_and_the_others_go_through(
    tables, council, tmp_path
) -> None:
    poison_document = "52998224725"
    seen: list[str] = []
    failing = Chalice(app_name="failing")

    @failing.on_dynamodb_record(stream_arn=placeholder_stream_arn("professionals"), name="picky")
    def picky(event: Any) -> dict[str, Any]:
        failures = []
        for record in event:
            document = record.keys["document"]["S"]
            if document == poison_document:
                failures.append({"itemIdentifier": record.sequence_number})
            else:
                seen.append(document)
        return {"batchItemFailures": failures}

    import_rows(list(registry_rows(5, council)), council)
    queue = FakeQueue()
    pump = pump_for(failing, tables, tmp_path, queue)

    for _ in range(6):
        pump.run_once()

    assert len(set(seen)) == 4 and poison_document not in seen
    assert len(queue.messages) == 1
    assert '"condition": "RetryAttemptsExhausted"' in queue.messages[0]


def test_records_reach_handlers_in_lambdas_shape() -> None:
    from datetime import datetime

    record = {
        "eventID": "1",
        "eventName": "INSERT",
        "eventSource": "aws:dynamodb",
        "awsRegion": "us-east-1",
        "dynamodb": {
            "ApproximateCreationDateTime": datetime(2026, 11, 21, 12, 0),
            "SequenceNumber": "9",
        },
    }

    shaped = lambda_record(record, "arn:stream")

    assert shaped["eventSourceARN"] == "arn:stream"
    assert isinstance(shaped["dynamodb"]["ApproximateCreationDateTime"], int)
