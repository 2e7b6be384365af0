"""Consumers of the DynamoDB streams."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from chalice import Blueprint
from chalice.app import DynamoDBEvent

from chalicelib import dependencies
from chalicelib.adapters.dynamodb.streams import placeholder_stream_arn, plain_image
from chalicelib.observability import logger
from chalicelib.services.counters import professional_change, request_change
from chalicelib.services.notifications import (
    decided_requests_of,
    new_requests_of,
    notify_decisions,
    notify_reviewers,
)
from chalicelib.services.ports import CounterChange

stream_handlers = Blueprint(__name__)


@stream_handlers.on_dynamodb_record(
    stream_arn=placeholder_stream_arn("professionals"),
    batch_size=100,
    starting_position="TRIM_HORIZON",
    name="count_professionals",
)
def count_professionals(event: DynamoDBEvent) -> dict[str, Any]:
    """Keeps the dashboard's professional counters."""
    return _count(event, professional_change)


@stream_handlers.on_dynamodb_record(
    stream_arn=placeholder_stream_arn("requests"),
    batch_size=100,
    starting_position="TRIM_HORIZON",
    name="count_requests",
)
def count_requests(event: DynamoDBEvent) -> dict[str, Any]:
    """Keeps the dashboard's request counters, daily series and review-age histogram."""
    return _count(event, request_change)


def _count(event: DynamoDBEvent, change_of: Callable[..., CounterChange]) -> dict[str, Any]:
    """One transaction per 40 records, each counted once however often it comes; on a
    failure, reports the batch from its first record, as Lambda's partial batch answer."""
    records = list(event)
    changes = [
        change_of(record.event_id, plain_image(record.old_image), plain_image(record.new_image))
        for record in records
    ]
    try:
        dependencies.counters().add(changes)
    except Exception:
        logger.exception("counting failed", records=len(records))
        return {"batchItemFailures": [{"itemIdentifier": records[0].sequence_number}]}
    return {"batchItemFailures": []}


@stream_handlers.on_dynamodb_record(
    stream_arn=placeholder_stream_arn("requests"),
    batch_size=100,
    starting_position="TRIM_HORIZON",
    name="notify_requests",
)
def notify_requests(event: DynamoDBEvent) -> dict[str, Any]:
    """E-mails reviewers of new requests (one per region per batch) and professionals of
    rejections and returns. A failure reports the whole batch for redelivery: what was sent
    already is not sent again (idempotency keys), what failed is."""
    records = list(event)
    changes = [(plain_image(record.old_image), plain_image(record.new_image)) for record in records]
    now = datetime.now(UTC)
    once = dependencies.once()
    once.register(event.context)
    try:
        notify_reviewers(
            new_requests_of(changes), dependencies.council(), dependencies.staff_directory(),
            dependencies.mailer(), dependencies.deliveries(), once,
            f"{dependencies.settings().web_origin}/admin/", now,
        )  # fmt: skip
        notify_decisions(
            decided_requests_of(changes), dependencies.council(), dependencies.professionals(),
            dependencies.mailer(), dependencies.deliveries(), once, now,
        )  # fmt: skip
    except Exception:
        logger.exception("notifications failed", records=len(records))
        return {"batchItemFailures": [{"itemIdentifier": records[0].sequence_number}]}
    return {"batchItemFailures": []}
