"""The DynamoDB tables, made from the pynamodb models the code uses: one definition of keys,
indexes, streams and TTL (`chalicelib/adapters/dynamodb/models.py`); a test fails if the two
ever drift. On demand, point-in-time recovery, encrypted, retained when the stack goes."""

from __future__ import annotations

from typing import Any

import aws_cdk as cdk
from aws_cdk import aws_dynamodb as dynamodb
from constructs import Construct
from pynamodb.attributes import TTLAttribute
from pynamodb.models import Model

from chalicelib.adapters.dynamodb.models import MODELS
from chalicelib.settings import TABLE_ENV

_TYPES = {"S": dynamodb.AttributeType.STRING, "N": dynamodb.AttributeType.NUMBER,
          "B": dynamodb.AttributeType.BINARY}  # fmt: skip
_STREAMS = {"NEW_AND_OLD_IMAGES": dynamodb.StreamViewType.NEW_AND_OLD_IMAGES}


def model_schema(model: type[Model]) -> dict[str, Any]:
    """Keys, indexes, stream and TTL of a model, in plain terms both sides can compare."""
    schema = model._get_schema()
    types = {d["AttributeName"]: d["AttributeType"] for d in schema["attribute_definitions"]}
    keys = {k["KeyType"]: k["AttributeName"] for k in schema["key_schema"]}
    ttl = [name for name, attribute in model.get_attributes().items()
           if isinstance(attribute, TTLAttribute)]  # fmt: skip
    return {
        "hash": (keys["HASH"], types[keys["HASH"]]),
        "range": (keys["RANGE"], types[keys["RANGE"]]) if "RANGE" in keys else None,
        "indexes": {
            index["index_name"]: {
                key["KeyType"]: (key["AttributeName"], _index_type(index, key["AttributeName"]))
                for key in index["key_schema"]
            }
            for index in schema["global_secondary_indexes"]
        },
        "stream": getattr(model.Meta, "stream_view_type", None),
        "ttl": ttl[0] if ttl else None,
    }


def _index_type(index: dict[str, Any], name: str) -> str:
    return next(d["AttributeType"] for d in index["attribute_definitions"]
                if d["AttributeName"] == name)  # fmt: skip


def _attribute(key: tuple[str, str]) -> dynamodb.Attribute:
    return dynamodb.Attribute(name=key[0], type=_TYPES[key[1]])


class Tables(Construct):
    """Every table of the app, named as the stage's environment names them."""

    def __init__(self, scope: Construct, id: str, environment: dict[str, str]) -> None:
        super().__init__(scope, id)
        self.by_logical: dict[str, dynamodb.Table] = {}
        for logical, model in MODELS.items():
            schema = model_schema(model)
            table = dynamodb.Table(
                self,
                logical.replace("_", "-"),
                table_name=environment[TABLE_ENV[logical]],
                partition_key=_attribute(schema["hash"]),
                sort_key=_attribute(schema["range"]) if schema["range"] else None,
                billing_mode=dynamodb.BillingMode.PAY_PER_REQUEST,
                stream=_STREAMS[schema["stream"]] if schema["stream"] else None,
                time_to_live_attribute=schema["ttl"],
                point_in_time_recovery_specification=dynamodb.PointInTimeRecoverySpecification(
                    point_in_time_recovery_enabled=True
                ),
                encryption=dynamodb.TableEncryption.AWS_MANAGED,
                removal_policy=cdk.RemovalPolicy.RETAIN,
                deletion_protection=True,
            )
            for name, keys in schema["indexes"].items():
                table.add_global_secondary_index(
                    index_name=name,
                    partition_key=_attribute(keys["HASH"]),
                    sort_key=_attribute(keys["RANGE"]) if "RANGE" in keys else None,
                    projection_type=dynamodb.ProjectionType.ALL,
                )
            self.by_logical[logical] = table
