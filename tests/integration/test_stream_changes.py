"""Stream records read into domain changes, on DynamoDB Local's real streams: a consumer gets
the request or professional the repository gives, before and after each write, and a record
no code of ours wrote is named rather than read."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import boto3
from chalice import Chalice

from chalicelib import dependencies
from chalicelib.domain.change_requests import RequestStatus
from chalicelib.services.ports import StreamBatch
from local.pump import Pump
from tests.integration.api import Api
from tests.integration.conftest import ANA
from tests.integration.test_staff_api import submit_address_change


def batches_of(logical_table: str, state_dir: Path) -> list[StreamBatch[Any]]:
    """Every batch of a table's stream, as the app's consumers read it."""
    read = {
        "requests": dependencies.request_changes,
        "professionals": dependencies.professional_changes,
    }[logical_table]
    seen: list[StreamBatch[Any]] = []
    reader = Chalice(app_name="reader")

    @reader.on_dynamodb_record(stream_arn=dependencies.stream_arn(logical_table), name="reader")
    def read_batch(event: Any) -> dict[str, Any]:
        seen.append(read(event.to_dict()["Records"]))
        return {"batchItemFailures": []}

    clients = {
        "dynamodb": boto3.client("dynamodb"),
        "dynamodbstreams": boto3.client("dynamodbstreams"),
        "sqs": None,
    }
    Pump(reader, dependencies.settings().tables, clients, state_dir).drain()
    return seen


def test_a_request_reads_back_from_the_stream_as_it_was_saved(api: Api, tmp_path: Path) -> None:
    submitted = submit_address_change(api)
    saved = dependencies.requests().get(submitted["id"])
    answer = api.call(
        "POST", f"/staff/requests/{submitted['id']}/decision",
        {"decision": "return", "reason": "Envie a conta inteira.", "version": submitted["version"]},
        api.staff_sign_in("revisor.sp"),
    )  # fmt: skip
    assert answer.status_code == 200, answer.body

    changes = [change for batch in batches_of("requests", tmp_path) for change in batch.changes]

    [insert, decision] = changes
    assert insert.old is None and insert.new == saved
    assert decision.old == saved
    assert decision.new == dependencies.requests().get(submitted["id"])
    assert decision.new is not None and decision.new.status == RequestStatus.RETURNED
    assert decision.new.reason == "Envie a conta inteira."
    assert isinstance(insert.at, datetime) and insert.event_id != decision.event_id


def test_a_professional_reads_back_from_the_stream_as_the_repository_gives_them(
    api: Api, tmp_path: Path
) -> None:
    submit_address_change(api)

    changes = [
        change
        for batch in batches_of("professionals", tmp_path)
        for change in batch.changes
        if change.new is not None and change.new.document == ANA
    ]

    assert changes[-1].new == dependencies.professionals().get(ANA)
    assert changes[-1].old is not None and changes[-1].old.open_groups == frozenset()
    assert changes[-1].new is not None and changes[-1].new.open_groups == {"address"}


def test_a_record_no_code_wrote_is_named_and_the_others_are_read(api: Api, tmp_path: Path) -> None:
    boto3.client("dynamodb").put_item(
        TableName=dependencies.settings().table_name("professionals"),
        Item={
            "document": {"S": "11144477735"}, "registration_number": {"S": "9-T"},
            "region": {"S": "SP"}, "status": {"S": "updated"}, "version": {"N": "1"},
            "data": {"S": "{not json"}, "registry_hash": {"S": "x"},
            "created_at": {"S": "2026-11-21T00:00:00Z"}, "updated_at": {"S": "2026-11-21T00:00:00Z"},
        },
    )  # fmt: skip
    submit_address_change(api)

    [batch] = batches_of("professionals", tmp_path)

    [unreadable] = batch.unreadable
    assert batch.first_failed() == unreadable
    read = {change.sequence_number for change in batch.changes}
    assert unreadable not in read and read | {unreadable} == set(batch.order)
    assert ANA in {change.new.document for change in batch.changes if change.new is not None}
