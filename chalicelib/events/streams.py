"""Consumers of the DynamoDB streams."""

from __future__ import annotations

from typing import Any

from chalice import Blueprint
from chalice.app import DynamoDBEvent

from chalicelib import dependencies
from chalicelib.adapters.dynamodb.streams import placeholder_stream_arn, plain_image
from chalicelib.observability import logger
from chalicelib.services.counters import professional_change

stream_handlers = Blueprint(__name__)


@stream_handlers.on_dynamodb_record(
    stream_arn=placeholder_stream_arn("professionals"),
    batch_size=100,
    starting_position="TRIM_HORIZON",
    name="count_professionals",
)
def count_professionals(event: DynamoDBEvent) -> dict[str, Any]:
    """Keeps the dashboard's professional counters. One transaction per 40 records; on a
    failure, reports the records from the failed one on, as Lambda's partial batch answer."""
    records = list(event)
    changes = [
        professional_change(
            record.event_id, plain_image(record.old_image), plain_image(record.new_image)
        )
        for record in records
    ]
    counters = dependencies.counters()
    try:
        applied = counters.add(changes)
    except Exception:
        logger.exception("counting professionals failed", records=len(records))
        return {"batchItemFailures": [{"itemIdentifier": records[0].sequence_number}]}
    logger.debug("professionals counted", records=len(records), applied=applied)
    return {"batchItemFailures": []}
