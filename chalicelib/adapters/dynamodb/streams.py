"""DynamoDB stream records in Lambda's wire format, made plain."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from boto3.dynamodb.types import TypeDeserializer


@cache
def _deserializer() -> TypeDeserializer:
    # boto3 loads on the first record, not when app.py registers the handlers.
    from boto3.dynamodb.types import TypeDeserializer

    return TypeDeserializer()


def plain_image(image: dict[str, Any] | None) -> dict[str, Any] | None:
    if not image:
        return None
    return {name: _deserializer().deserialize(value) for name, value in image.items()}


def placeholder_stream_arn(logical_table: str) -> str:
    """Chalice needs a literal stream ARN to package a handler; CDK puts the real one in its
    place, and the local pump finds the table by the logical name inside it."""
    return f"arn:aws:dynamodb:us-east-1:000000000000:table/{logical_table}/stream/placeholder"


def logical_table_of(stream_arn: str) -> str:
    return stream_arn.split(":table/", 1)[1].split("/", 1)[0]
