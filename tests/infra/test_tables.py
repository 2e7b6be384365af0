"""The tables CloudFormation makes are the tables the code and the local stack use."""

from __future__ import annotations

from typing import Any

import pytest

from chalicelib.adapters.dynamodb.models import MODELS
from chalicelib.settings import TABLE_ENV
from local.stack import stage_environment
from tests.infra.conftest import resources

pytestmark = pytest.mark.slow


def by_name(template: Any) -> dict[str, dict[str, Any]]:
    tables = resources(template, "AWS::DynamoDB::Table").values()
    return {table["Properties"]["TableName"]: table["Properties"] for table in tables}


def keys(schema: list[dict[str, str]]) -> dict[str, str]:
    return {key["KeyType"]: key["AttributeName"] for key in schema}


def test_every_table_of_the_code_is_made_on_demand_with_recovery_and_encryption(
    template: Any,
) -> None:
    made = by_name(template)
    names = stage_environment("dev")

    assert set(made) == {names[TABLE_ENV[logical]] for logical in MODELS}
    for properties in made.values():
        assert properties["BillingMode"] == "PAY_PER_REQUEST"
        assert properties["PointInTimeRecoverySpecification"] == {
            "PointInTimeRecoveryEnabled": True
        }
        assert properties["SSESpecification"]["SSEEnabled"] is True
        assert properties["DeletionProtectionEnabled"] is True


def test_keys_indexes_streams_and_ttl_match_what_the_local_stack_creates(
    template: Any, dynamodb_local: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Drift check: pynamodb creates the local tables (an independent path from the CDK code);
    what DynamoDB Local then describes must be what CloudFormation would make."""
    from chalicelib import dependencies
    from chalicelib.adapters.dynamodb.models import create_tables, delete_tables
    from local.stack import aws_environment

    environment = stage_environment("dev") | aws_environment(dynamodb_local.endpoint, "http://x")
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    dependencies.reset()
    delete_tables(dependencies.tables())
    create_tables(dependencies.tables())
    client = dependencies.boto3_client("dynamodb")
    made = by_name(template)

    for logical, model in MODELS.items():
        name = environment[TABLE_ENV[logical]]
        local = client.describe_table(TableName=name)["Table"]
        cloud = made[name]
        assert keys(cloud["KeySchema"]) == keys(local["KeySchema"]), name
        assert {
            index["IndexName"]: (keys(index["KeySchema"]), index["Projection"]["ProjectionType"])
            for index in cloud.get("GlobalSecondaryIndexes", [])
        } == {
            index["IndexName"]: (keys(index["KeySchema"]), index["Projection"]["ProjectionType"])
            for index in local.get("GlobalSecondaryIndexes", [])
        }, name
        assert {
            (d["AttributeName"], d["AttributeType"]) for d in cloud["AttributeDefinitions"]
        } == {(d["AttributeName"], d["AttributeType"]) for d in local["AttributeDefinitions"]}, name
        local_stream = local.get("StreamSpecification", {}).get("StreamViewType")
        assert cloud.get("StreamSpecification", {}).get("StreamViewType") == local_stream, name
        ttl = [n for n, a in model.get_attributes().items() if type(a).__name__ == "TTLAttribute"]
        expected_ttl = {"AttributeName": ttl[0], "Enabled": True} if ttl else None
        assert cloud.get("TimeToLiveSpecification") == expected_ttl, name
    dependencies.reset()


def test_stream_handlers_read_the_real_streams_with_partial_failures_and_a_dead_letter_queue(
    template: Any,
) -> None:
    functions = resources(template, "AWS::Serverless::Function")
    streams = {
        name: event["Properties"]
        for name, function in functions.items()
        for event in function["Properties"].get("Events", {}).values()
        if event["Type"] == "DynamoDB"
    }

    assert set(streams) == {"CountProfessionals", "CountRequests", "NotifyRequests", "OrderCards"}
    for name, source in streams.items():
        table = (
            "Tablesprofessionals"
            if name in ("CountProfessionals", "OrderCards")
            else "Tablesrequests"
        )
        assert source["Stream"]["Fn::GetAtt"][0].startswith(table), name
        assert source["FunctionResponseTypes"] == ["ReportBatchItemFailures"]
        assert source["BisectBatchOnFunctionError"] is True
        assert 3 <= source["MaximumRetryAttempts"] <= 10
        assert source["DestinationConfig"]["OnFailure"]["Type"] == "SQS"
