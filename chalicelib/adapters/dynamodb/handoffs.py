"""Single-use handoffs (the handoffs table): written once, taken once by a conditional delete
that returns what it removed, so two calls racing for one never both get it."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from chalicelib.adapters.dynamodb.models import HandoffModel, Tables

# Kept a day past their expiry before DynamoDB's TTL sweeps them (TTL is not punctual; expiry
# is checked on reading).
SWEEP_AFTER_SECONDS = 86_400


class DynamoHandoffs:
    def __init__(self, client: Any, tables: Tables) -> None:
        self._client = client
        self._model = tables.bind(HandoffModel)
        self._table = tables.name("handoffs")

    def put(self, key: str, payload: dict[str, Any], expires_at: int) -> None:
        sweep = datetime.fromtimestamp(expires_at + SWEEP_AFTER_SECONDS, UTC)
        self._model(key, payload=payload, expires_at=expires_at, delete_at=sweep).save()

    def take(self, key: str, now: int) -> dict[str, Any] | None:
        """What was handed off under `key`, removed; None if unknown, taken or expired."""
        try:
            answer = self._client.delete_item(
                TableName=self._table,
                Key={"key": {"S": key}},
                ConditionExpression="attribute_exists(#key)",
                ExpressionAttributeNames={"#key": "key"},
                ReturnValues="ALL_OLD",
            )
        except self._client.exceptions.ConditionalCheckFailedException:
            return None
        item = HandoffModel.from_raw_data(answer["Attributes"])
        return _payload(item) if int(item.expires_at) > now else None

    def peek(self, key: str, now: int) -> dict[str, Any] | None:
        """What is handed off under `key`, left in place; None if unknown or expired."""
        try:
            item = self._model.get(key, consistent_read=True)
        except HandoffModel.DoesNotExist:
            return None
        return _payload(item) if int(item.expires_at) > now else None


def _payload(item: HandoffModel) -> dict[str, Any]:
    value = item.payload
    return dict(value.as_dict() if hasattr(value, "as_dict") else value)
