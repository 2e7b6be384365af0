"""Consumers of the DynamoDB streams: each reads its batch into domain changes (through the
composition root), hands them to one service, and answers Lambda's partial batch response.

One rule for every failure: a DynamoDB stream resumes from the lowest sequence number reported,
so the answer names the first record that failed (or could not be read), and what came after it
is delivered again; every consumer is idempotent, so that costs nothing twice."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from chalice import Blueprint
from chalice.app import DynamoDBEvent

from chalicelib import dependencies
from chalicelib.observability import logger, metrics
from chalicelib.services.cards import place_due_order
from chalicelib.services.counters import professional_change, request_change
from chalicelib.services.notifications import notify_request_changes

if TYPE_CHECKING:
    from chalicelib.domain.professional import Professional
    from chalicelib.services.ports import (
        CardOrdering,
        Change,
        CounterChange,
        Entity,
        StreamBatch,
    )

stream_handlers = Blueprint(__name__)


@stream_handlers.on_dynamodb_record(
    stream_arn=dependencies.stream_arn("professionals"),
    batch_size=100,
    starting_position="TRIM_HORIZON",
    name="count_professionals",
)
def count_professionals(event: DynamoDBEvent) -> dict[str, Any]:
    """Keeps the dashboard's professional counters: one transaction per 40 records, each
    counted once however often it comes."""
    return _count(dependencies.professional_changes(_records(event)), professional_change)


@stream_handlers.on_dynamodb_record(
    stream_arn=dependencies.stream_arn("requests"),
    batch_size=100,
    starting_position="TRIM_HORIZON",
    name="count_requests",
)
def count_requests(event: DynamoDBEvent) -> dict[str, Any]:
    """Keeps the dashboard's request counters, daily series and review-age histogram."""
    return _count(dependencies.request_changes(_records(event)), request_change)


@stream_handlers.on_dynamodb_record(
    stream_arn=dependencies.stream_arn("requests"),
    batch_size=100,
    starting_position="TRIM_HORIZON",
    name="notify_requests",
)
def notify_requests(event: DynamoDBEvent) -> dict[str, Any]:
    """E-mails reviewers of new requests (one per region per batch) and professionals the
    receipt of each submission and each decision. A failure reports the whole batch for
    redelivery: what was sent already is not sent again (idempotency keys), what failed is."""
    dependencies.once().register(event.context)
    batch = dependencies.request_changes(_records(event))
    try:
        notify_request_changes(batch.changes, dependencies.notifications(), datetime.now(UTC))
    except Exception:
        return _batch_failed("notifications failed", batch)
    return _resume_from(batch.first_failed())


@stream_handlers.on_dynamodb_record(
    stream_arn=dependencies.stream_arn("professionals"),
    batch_size=10,
    starting_position="TRIM_HORIZON",
    name="order_cards",
)
def order_cards(event: DynamoDBEvent) -> dict[str, Any]:
    """Orders the card of each professional who became eligible, and e-mails them the vendor's
    enrollment link. Record by record: after a failure the others still go on (each order is
    idempotent), and the answer reports the first that failed."""
    dependencies.once().register(event.context)
    batch = dependencies.professional_changes(_records(event))
    try:
        failed = _order_each(batch, dependencies.card_ordering())
    except Exception:
        return _batch_failed("card ordering failed", batch)
    finally:
        # Metrics reach CloudWatch as a log line when flushed; unflushed, the CardOrdersFailed
        # alarm would never hear of a failed order.
        if metrics.metric_set:
            metrics.flush_metrics()
    return _resume_from(batch.first_failed(failed))


def _count(
    batch: StreamBatch[Entity], change_of: Callable[[Change[Entity]], CounterChange]
) -> dict[str, Any]:
    try:
        dependencies.counters().add([change_of(change) for change in batch.changes])
    except Exception:
        return _batch_failed("counting failed", batch)
    return _resume_from(batch.first_failed())


def _order_each(batch: StreamBatch[Professional], ordering: CardOrdering) -> list[str]:
    """The records whose order could not be placed; the others are placed regardless."""
    failed = []
    for change in batch.changes:
        try:
            place_due_order(change, ordering, datetime.now(UTC))
        except Exception:
            logger.exception("card order not placed", sequence_number=change.sequence_number)
            failed.append(change.sequence_number)
    return failed


def _records(event: DynamoDBEvent) -> list[dict[str, Any]]:
    return list(event.to_dict()["Records"])


def _batch_failed(what: str, batch: StreamBatch[Any]) -> dict[str, Any]:
    """A failure of the batch as a whole: logged, and reported from its first record."""
    logger.exception(what, records=len(batch.order))
    return _resume_from(batch.order[0] if batch.order else None)


def _resume_from(sequence_number: str | None) -> dict[str, Any]:
    """Lambda's partial batch response: the record to resume from, or none when all is done."""
    failures = [{"itemIdentifier": sequence_number}] if sequence_number else []
    return {"batchItemFailures": failures}
