"""DynamoDB stream records in Lambda's wire format, read once into domain changes: the services
get requests and professionals, as the repositories give them, never an image's columns."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from chalicelib.observability import logger
from chalicelib.services.ports import Change, Entity, StreamBatch

if TYPE_CHECKING:
    from chalicelib.domain.change_requests import Request
    from chalicelib.domain.professional import Professional

Image = dict[str, Any]


def request_changes(records: Iterable[Mapping[str, Any]]) -> StreamBatch[Request]:
    """The requests stream's records as changes to requests."""
    # pynamodb (and botocore) load with the first batch, not when app.py registers handlers.
    from chalicelib.adapters.dynamodb.change_requests import request_from_image

    return read_batch(records, request_from_image)


def professional_changes(records: Iterable[Mapping[str, Any]]) -> StreamBatch[Professional]:
    """The professionals stream's records as changes to professionals."""
    from chalicelib.adapters.dynamodb.repositories import professional_from_image

    return read_batch(records, professional_from_image)


def read_batch(
    records: Iterable[Mapping[str, Any]], read: Callable[[Image | None], Entity | None]
) -> StreamBatch[Entity]:
    """Each record read with `read` (an image to a domain object). A record that cannot be read
    is logged and left out: the batch names it, so the consumer reports it and goes on."""
    changes: list[Change[Entity]] = []
    order: list[str] = []
    unreadable: set[str] = set()
    for record in records:
        number = str(record["dynamodb"]["SequenceNumber"])
        order.append(number)
        try:
            changes.append(read_change(record, read))
        except Exception:
            logger.exception("stream record unreadable", sequence_number=number)
            unreadable.add(number)
    return StreamBatch(changes, tuple(order), frozenset(unreadable))


def read_change(
    record: Mapping[str, Any], read: Callable[[Image | None], Entity | None]
) -> Change[Entity]:
    stream = record["dynamodb"]
    created = stream.get("ApproximateCreationDateTime")
    return Change(
        event_id=str(record["eventID"]),
        sequence_number=str(stream["SequenceNumber"]),
        old=read(stream.get("OldImage")),
        new=read(stream.get("NewImage")),
        at=datetime.fromtimestamp(float(created), UTC) if created else None,
    )


def placeholder_stream_arn(logical_table: str) -> str:
    """Chalice needs a literal stream ARN to package a handler; CDK puts the real one in its
    place, and the local pump finds the table by the logical name inside it."""
    return f"arn:aws:dynamodb:us-east-1:000000000000:table/{logical_table}/stream/placeholder"


def logical_table_of(stream_arn: str) -> str:
    return stream_arn.split(":table/", 1)[1].split("/", 1)[0]
