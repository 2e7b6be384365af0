"""Table schemas (pynamodb). The one definition of every table: the code, the local stack and the
CDK app all take keys, indexes, streams and TTL from here. Access patterns: docs/data-model.md."""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any, TypeVar

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
    approved_groups = UnicodeSetAttribute(null=True)
    sessions_since_ms = NumberAttribute(null=True)
    ended_sessions = UnicodeSetAttribute(null=True)
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
    channel = UnicodeAttribute(null=True)
    entered_by = UnicodeAttribute(null=True)
    recovery = JSONAttribute(null=True)

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
    # The id of the last try counted: an SDK retry of a try that landed finds its own id and
    # is not counted twice (an ADD is not idempotent).
    last_try = UnicodeAttribute(null=True)
    # Kept past the code's expiry for the rate limit's window, then removed by DynamoDB.
    delete_at = TTLAttribute()


class SubjectLogModel(Model):
    """Everything recorded about one subject ("professional#<document>", "staff#<username>",
    "region#SP", "campaign"), of two kinds: audit events (who did or saw what, when, from where)
    and e-mail deliveries (to whom, which template, SES's message id, how it went). The sort key
    starts with the kind, "audit#<at>#<id>" or "delivery#<at>#<id>", so each kind of a subject
    is one key range: read newest first with an exact limit, whatever the other kind holds."""

    class Meta:
        table_name = "subject-log"

    subject = UnicodeAttribute(hash_key=True)
    kind_at_id = UnicodeAttribute(range_key=True)
    # Audit events.
    actor = UnicodeAttribute(null=True)
    action = UnicodeAttribute(null=True)
    target = UnicodeAttribute(null=True)
    ip = UnicodeAttribute(null=True)
    detail = JSONAttribute(null=True)
    # Deliveries.
    to = UnicodeAttribute(null=True)
    template = UnicodeAttribute(null=True)
    status = UnicodeAttribute(null=True)
    message_id = UnicodeAttribute(null=True)
    error = UnicodeAttribute(null=True)


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


class HandoffModel(Model):
    """Single-use handoffs of a sign-in in several steps: a gov.br authorization in flight
    (`govbr-state#<hash of state>`: nonce, PKCE verifier) and the ticket the site trades for a
    session (`govbr-ticket#<hash of ticket>`). Taken by a conditional delete, so each works once;
    `expires_at` is checked on taking, and the TTL only sweeps what was never taken."""

    class Meta:
        table_name = "handoffs"

    key = UnicodeAttribute(hash_key=True)
    payload = JSONAttribute()
    expires_at = NumberAttribute()
    delete_at = TTLAttribute()


M = TypeVar("M", bound=Model)

MODELS: dict[str, type[Model]] = {
    "professionals": ProfessionalModel,
    "requests": RequestModel,
    "uploads": UploadModel,
    "login_codes": LoginCodeModel,
    "subject_log": SubjectLogModel,
    "counters": CounterModel,
    "campaign": CampaignModel,
    "idempotency": IdempotencyModel,
    "handoffs": HandoffModel,
}
_LOGICAL = {model: logical for logical, model in MODELS.items()}


class Tables:
    """The stage's table names, given to each adapter as an argument: `bind(Model)` is the model
    on its table of the stage (a subclass, made once), so no class is changed in place."""

    def __init__(self, names: Mapping[str, str]) -> None:
        self._names = dict(names)
        self._bound: dict[type[Model], type[Model]] = {}

    def name(self, logical: str) -> str:
        return self._names[logical]

    def bind(self, model: type[M]) -> type[M]:
        if model not in self._bound:
            table_name = self._names[_LOGICAL[model]]
            meta = type("Meta", (model.Meta,), {"table_name": table_name})  # type: ignore[arg-type]
            # pynamodb gives the subclass copies of the indexes bound to it; DoesNotExist stays
            # the model's own, so `except Model.DoesNotExist` holds for every stage.
            namespace = {
                "Meta": meta, "_connection": None, "DoesNotExist": model.DoesNotExist,
                "__module__": model.__module__, "__qualname__": model.__qualname__,
            }  # fmt: skip
            self._bound[model] = type(model.__name__, (model,), namespace)
        return self._bound[model]  # type: ignore[return-value]


def create_tables(tables: Tables) -> None:
    """Creates the missing tables, on demand, with their streams and TTL, and adds the indexes
    a table made by an older version lacks (the local stack keeps its data across versions)."""
    for model in MODELS.values():
        bound = tables.bind(model)
        if not bound.exists():
            bound.create_table(billing_mode="PAY_PER_REQUEST", wait=True)
        else:
            _add_missing_indexes(bound)


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


def delete_tables(tables: Tables) -> None:
    for model in MODELS.values():
        bound = tables.bind(model)
        if bound.exists():
            bound.delete_table()
