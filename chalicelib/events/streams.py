"""Consumers of the DynamoDB streams."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial
from typing import TYPE_CHECKING, Any, cast

from chalice import Blueprint
from chalice.app import DynamoDBEvent

from chalicelib import dependencies
from chalicelib.adapters.dynamodb.streams import placeholder_stream_arn, plain_image
from chalicelib.domain.cards import order_to_place
from chalicelib.observability import logger, metrics
from chalicelib.services.campaign import current_settings
from chalicelib.services.cards import card_requested_email, order_card
from chalicelib.services.counters import professional_change, request_change
from chalicelib.services.notifications import (
    decided_requests_of,
    new_requests_of,
    notify_decisions,
    notify_reviewers,
)

if TYPE_CHECKING:
    from aws_lambda_powertools.utilities.data_classes.dynamo_db_stream_event import (
        DynamoDBRecord,
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


@stream_handlers.on_dynamodb_record(
    stream_arn=placeholder_stream_arn("professionals"),
    batch_size=10,
    starting_position="TRIM_HORIZON",
    name="order_cards",
)
def order_cards(event: DynamoDBEvent) -> dict[str, Any]:
    """Orders the card of each professional who became eligible, and e-mails them the vendor's
    enrollment link. Record by record (Powertools BatchProcessor): a failing record is reported
    alone and the others go on."""
    # Powertools' batch utility (and the botocore it loads) only in the function that needs it.
    from aws_lambda_powertools.utilities.batch import (
        BatchProcessor,
        EventType,
        process_partial_response,
    )

    dependencies.once().register(event.context)
    try:
        answer = process_partial_response(
            event=event.to_dict(),
            record_handler=_order_card,
            processor=BatchProcessor(event_type=EventType.DynamoDBStreams),
            context=cast(Any, event.context),
        )
    finally:
        # Metrics reach CloudWatch as a log line when flushed; unflushed, the CardOrdersFailed
        # alarm would never hear of a failed order.
        if metrics.metric_set:
            metrics.flush_metrics()
    return dict(answer)


def _order_card(record: DynamoDBRecord) -> str:
    # pynamodb (and botocore) load when a function first reads a table.
    from chalicelib.adapters.dynamodb.repositories import professional_from_image

    images = record.raw_event["dynamodb"]
    new = professional_from_image(images.get("NewImage"))
    order_id = order_to_place(professional_from_image(images.get("OldImage")), new)
    if new is None or order_id is None:
        return "nothing due"
    now = datetime.now(UTC)
    created = record.dynamodb.approximate_creation_date_time if record.dynamodb else None
    council, settings = dependencies.council(), dependencies.settings()
    email = partial(
        card_requested_email, council=council, portal_url=f"{settings.web_origin}/",
        mailer=dependencies.mailer(), deliveries=dependencies.deliveries(), now=now,
    )  # fmt: skip
    return order_card(
        new,
        order_id,
        datetime.fromtimestamp(created, UTC) if created else now,
        professionals=dependencies.professionals(),
        vendor=dependencies.vendor(),
        once=dependencies.once(),
        campaign=current_settings(council, dependencies.campaigns()),
        attempts_allowed=settings.vendor_order_attempts,
        email=email,
        now=now,
    )
