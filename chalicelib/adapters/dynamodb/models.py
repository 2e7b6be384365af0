"""Table schemas (pynamodb). The one definition of every table: the code, the local stack and the
CDK app all take keys, indexes, streams and TTL from here. Access patterns: docs/data-model.md."""

from __future__ import annotations

import time
from typing import Any

from pynamodb.attributes import (
    BooleanAttribute,
    JSONAttribute,
    ListAttribute,
    MapAttribute,
    NumberAttribute,
    TTLAttribute,
    UnicodeAttribute,
    UnicodeSetAttribute,
)
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex
from pynamodb.models import Model

from chalicelib.settings import Settings


class ProfessionalsPendingIndex(GlobalSecondaryIndex["ProfessionalModel"]):
    """Sparse: only professionals who still have to act carry `pending_region`."""

    class Meta:
        index_name = "pending-by-region"
        projection = AllProjection()

    pending_region = UnicodeAttribute(hash_key=True)
    document = UnicodeAttribute(range_key=True)


class ProfessionalsCardFailedIndex(GlobalSecondaryIndex["ProfessionalModel"]):
    """Sparse: only professionals whose card order failed carry `card_failed_region`."""

    class Meta:
        index_name = "card-failed-by-region"
        projection = AllProjection()

    card_failed_region = UnicodeAttribute(hash_key=True)
    document = UnicodeAttribute(range_key=True)


class ProfessionalModel(Model):
    class Meta:
        table_name = "professionals"
        stream_view_type = "NEW_AND_OLD_IMAGES"

    document = UnicodeAttribute(hash_key=True)
    registration_number = UnicodeAttribute()
    region = UnicodeAttribute()
    status = UnicodeAttribute()
    version = NumberAttribute()
    data = JSONAttribute()
    registry_hash = UnicodeAttribute()
    fee_required = BooleanAttribute(default=False)
    card = MapAttribute[str, Any](null=True)
    open_groups = UnicodeSetAttribute(null=True)
    confirmed = BooleanAttribute(default=False)
    pending_region = UnicodeAttribute(null=True)
    card_failed_region = UnicodeAttribute(null=True)
    created_at = UnicodeAttribute()
    updated_at = UnicodeAttribute()

    pending_index = ProfessionalsPendingIndex()
    card_failed_index = ProfessionalsCardFailedIndex()


class RequestsByProfessionalIndex(GlobalSecondaryIndex["RequestModel"]):
    class Meta:
        index_name = "by-professional"
        projection = AllProjection()

    document = UnicodeAttribute(hash_key=True)
    created_at = UnicodeAttribute(range_key=True)


class RequestsByRegionStatusIndex(GlobalSecondaryIndex["RequestModel"]):
    """The reviewers' queue: `region_status` is "<region>#<status>", oldest first."""

    class Meta:
        index_name = "by-region-status"
        projection = AllProjection()

    region_status = UnicodeAttribute(hash_key=True)
    created_at = UnicodeAttribute(range_key=True)


class RequestsByStatusIndex(GlobalSecondaryIndex["RequestModel"]):
    """The national admins' queue across every region, oldest first."""

    class Meta:
        index_name = "by-status"
        projection = AllProjection()

    status = UnicodeAttribute(hash_key=True)
    created_at = UnicodeAttribute(range_key=True)


class RequestModel(Model):
    """`id` is the protocol number: its uniqueness is the key's, checked when the item is put."""

    class Meta:
        table_name = "requests"
        stream_view_type = "NEW_AND_OLD_IMAGES"

    id = UnicodeAttribute(hash_key=True)
    document = UnicodeAttribute()
    region = UnicodeAttribute()
    region_status = UnicodeAttribute()
    kind = UnicodeAttribute()
    group = UnicodeAttribute(null=True)
    status = UnicodeAttribute()
    # JSON strings: read and written whole, never queried inside, and nulls need no care.
    current = JSONAttribute(null=True)
    changes = JSONAttribute(null=True)
    attachments = JSONAttribute(null=True)
    note = UnicodeAttribute(null=True)
    reason = UnicodeAttribute(null=True)
    assigned_to = UnicodeAttribute(null=True)
    history = JSONAttribute(null=True)
    version = NumberAttribute()
    created_at = UnicodeAttribute()
    updated_at = UnicodeAttribute()
    review_since = UnicodeAttribute(null=True)

    by_professional = RequestsByProfessionalIndex()
    by_region_status = RequestsByRegionStatusIndex()
    by_status = RequestsByStatusIndex()


class UploadModel(Model):
    """A presigned upload handed out; attached to at most one request. Unused ones expire."""

    class Meta:
        table_name = "uploads"

    upload_id = UnicodeAttribute(hash_key=True)
    document = UnicodeAttribute()
    key = UnicodeAttribute()
    filename = UnicodeAttribute()
    content_type = UnicodeAttribute()
    size = NumberAttribute()
    kind = UnicodeAttribute()
    request_id = UnicodeAttribute(null=True)
    created_at = UnicodeAttribute()
    expires_at = TTLAttribute(null=True)


class LoginCodeModel(Model):
    """The one live sign-in code of a document (hashed) and when the last codes were sent."""

    class Meta:
        table_name = "login-codes"

    document = UnicodeAttribute(hash_key=True)
    code_hash = UnicodeAttribute()
    attempts = NumberAttribute(default=0)
    sent_at = ListAttribute[Any](default=list)
    expires_at = NumberAttribute()
    # Kept past the code's expiry for the rate limit's window, then removed by DynamoDB.
    delete_at = TTLAttribute()


class AuditEventModel(Model):
    """Who did or saw what, when, from where. `subject` is "professional#<document>"."""

    class Meta:
        table_name = "audit"

    subject = UnicodeAttribute(hash_key=True)
    at_id = UnicodeAttribute(range_key=True)
    actor = UnicodeAttribute()
    action = UnicodeAttribute()
    target = UnicodeAttribute(null=True)
    ip = UnicodeAttribute(null=True)
    detail = JSONAttribute(null=True)


class CounterModel(Model):
    """Dashboard counters ("region#<code>" or "all" x "totals" or "daily#<date>"), the markers
    that make stream consumers count each record once, and rate-limit windows (with a TTL)."""

    class Meta:
        table_name = "counters"

    scope = UnicodeAttribute(hash_key=True)
    key = UnicodeAttribute(range_key=True)
    expires_at = TTLAttribute(null=True)


class CampaignModel(Model):
    """Campaign settings an admin changes (`name` = "settings")."""

    class Meta:
        table_name = "campaign"

    name = UnicodeAttribute(hash_key=True)
    settings = JSONAttribute()
    updated_at = UnicodeAttribute()
    updated_by = UnicodeAttribute()


class IdempotencyModel(Model):
    """The table aws-lambda-powertools' idempotency utility writes to (its default schema)."""

    class Meta:
        table_name = "idempotency"

    id = UnicodeAttribute(hash_key=True)
    expiration = TTLAttribute(null=True)


class DeliveryModel(Model):
    """Every e-mail sent or tried: to whom, which template, SES's message id, how it went.
    `subject` is "professional#<document>" or "staff#<username>", so an admin can answer
    "did they get it?"."""

    class Meta:
        table_name = "deliveries"

    subject = UnicodeAttribute(hash_key=True)
    at_id = UnicodeAttribute(range_key=True)
    to = UnicodeAttribute()
    template = UnicodeAttribute()
    status = UnicodeAttribute()
    message_id = UnicodeAttribute(null=True)
    error = UnicodeAttribute(null=True)


MODELS: dict[str, type[Model]] = {
    "professionals": ProfessionalModel,
    "requests": RequestModel,
    "uploads": UploadModel,
    "login_codes": LoginCodeModel,
    "audit": AuditEventModel,
    "counters": CounterModel,
    "campaign": CampaignModel,
    "idempotency": IdempotencyModel,
    "deliveries": DeliveryModel,
}


def bind_models(settings: Settings) -> None:
    """Points every model at the stage's real table names."""
    for logical, model in MODELS.items():
        model.Meta.table_name = settings.table_name(logical)
        model._connection = None


def create_tables() -> None:
    """Creates the missing tables, on demand, with their streams and TTL, and adds the indexes
    a table made by an older version lacks (the local stack keeps its data across versions)."""
    for model in MODELS.values():
        if not model.exists():
            model.create_table(billing_mode="PAY_PER_REQUEST", wait=True)
        else:
            _add_missing_indexes(model)


def _add_missing_indexes(model: type[Model]) -> None:
    connection = model._get_connection().connection
    table = connection.describe_table(model.Meta.table_name)
    present = {index["IndexName"] for index in table.get("GlobalSecondaryIndexes", [])}
    for index in model._get_schema()["global_secondary_indexes"]:
        if index["index_name"] in present:
            continue
        connection.client.update_table(
            TableName=model.Meta.table_name,
            AttributeDefinitions=index["attribute_definitions"],
            GlobalSecondaryIndexUpdates=[
                {
                    "Create": {
                        "IndexName": index["index_name"],
                        # HASH before RANGE, as DynamoDB insists.
                        "KeySchema": sorted(index["key_schema"], key=lambda key: key["KeyType"]),
                        "Projection": index["projection"],
                    }
                }
            ],
        )
        _wait_for_indexes(connection, model.Meta.table_name)


def _wait_for_indexes(connection: Any, table_name: str, seconds: float = 120) -> None:
    """DynamoDB builds one new index at a time: wait until none is being built."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        indexes = connection.describe_table(table_name).get("GlobalSecondaryIndexes", [])
        if all(index.get("IndexStatus", "ACTIVE") == "ACTIVE" for index in indexes):
            return
        time.sleep(0.5)
    raise TimeoutError(f"the indexes of {table_name} were not built in {seconds}s")


def delete_tables() -> None:
    for model in MODELS.values():
        if model.exists():
            model.delete_table()
