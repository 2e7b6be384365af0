"""The whole stage as CloudFormation: least privilege per function, cdk-nag's AwsSolutions
rules with every exception explained in code, and cfn-lint clean."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.infra.conftest import resources

pytestmark = pytest.mark.slow
APP_FUNCTIONS = {
    "APIHandler", "ProfessionalAuth", "StaffAuth", "CountProfessionals", "CountRequests",
    "NotifyRequests", "OrderCards", "RemindDeadline", "DigestStalled",
}  # fmt: skip


def test_the_api_has_the_memory_and_so_the_cpu_to_scan_a_20_mib_proof(template: Any) -> None:
    functions = resources(template, "AWS::Serverless::Function")

    memory = {name: functions[name]["Properties"]["MemorySize"] for name in APP_FUNCTIONS}

    assert memory.pop("APIHandler") == 1024
    assert set(memory.values()) == {512}


def role_statements(template: Any, function: str) -> list[dict[str, Any]]:
    """The statements of the policies attached to a function's role."""
    role = resources(template, "AWS::Serverless::Function")[function]["Properties"]["Role"]
    role_id = role["Fn::GetAtt"][0]
    policies = resources(template, "AWS::IAM::Policy").values()
    return [
        statement
        for policy in policies
        if {"Ref": role_id} in policy["Properties"]["Roles"]
        for statement in policy["Properties"]["PolicyDocument"]["Statement"]
    ]


def actions(statements: list[dict[str, Any]]) -> set[str]:
    found: set[str] = set()
    for statement in statements:
        action = statement["Action"]
        found |= {action} if isinstance(action, str) else set(action)
    return found


def test_each_function_has_its_own_role_without_star_resources_or_managed_policies(
    template: Any,
) -> None:
    functions = resources(template, "AWS::Serverless::Function")
    roles = {name: f["Properties"]["Role"]["Fn::GetAtt"][0] for name, f in functions.items()}
    all_roles = resources(template, "AWS::IAM::Role")

    assert set(roles) == APP_FUNCTIONS
    assert len(set(roles.values())) == len(roles)
    for function, role in roles.items():
        assert "ManagedPolicyArns" not in all_roles[role]["Properties"], function
        for statement in role_statements(template, function):
            targets = statement["Resource"]
            targets = targets if isinstance(targets, list) else [targets]
            assert "*" not in targets, (function, statement["Action"])


def test_each_function_may_do_only_what_its_code_does(template: Any) -> None:
    assert actions(role_statements(template, "StaffAuth")) == {
        "logs:CreateLogStream", "logs:PutLogEvents",
    }  # fmt: skip
    orders = role_statements(template, "OrderCards")
    secrets = [s for s in orders if s["Action"] == "secretsmanager:GetSecretValue"]
    assert len(secrets) == 1 and secrets[0]["Resource"]["Ref"].startswith("SecretsVendorApiKey")
    assert "s3:GetObject" not in actions(orders) and "sqs:SendMessage" in actions(orders)
    api = role_statements(template, "APIHandler")
    objects = [s for s in api if "s3:GetObject" in s["Action"]]
    assert len(objects) == 1 and json.dumps(objects[0]["Resource"]).endswith('/uploads/*"]]}')
    assert "dynamodb:GetRecords" not in actions(api)
    reminders = role_statements(template, "RemindDeadline")
    assert not any(
        a.startswith(("dynamodb:Delete", "s3:"))
        for a in actions(reminders)
        - {
            "dynamodb:DeleteItem"  # its idempotency records
        }
    )


def test_only_the_functions_that_audit_or_mail_write_the_subject_log(template: Any) -> None:
    """The API audits, the mailing consumers and schedules log deliveries: each writes the one
    subject log; the counters and the authorizers touch it not at all."""
    tables = resources(template, "AWS::DynamoDB::Table").items()
    (subject_log,) = [
        table for table, properties in tables
        if properties["Properties"]["TableName"] == "recadastro-dev-subject-log"
    ]  # fmt: skip

    def granted(action: str) -> set[str]:
        return {
            function
            for function in APP_FUNCTIONS
            for statement in role_statements(template, function)
            if action in statement["Action"] and subject_log in json.dumps(statement["Resource"])
        }

    writers, readers = granted("dynamodb:PutItem"), granted("dynamodb:Query")

    assert writers == {
        "APIHandler", "NotifyRequests", "OrderCards", "RemindDeadline", "DigestStalled",
    }  # fmt: skip
    assert readers == {"APIHandler"}  # the staff's view of a professional's audit trail


def test_the_template_is_cfn_lint_clean(stack: Any) -> None:
    template = Path(stack.node.root.outdir) / f"{stack.artifact_id}.template.json"

    lint = subprocess.run(
        [str(Path(sys.executable).parent / "cfn-lint"), str(template)], capture_output=True,
        text=True,
        timeout=300,
    )  # fmt: skip

    assert lint.returncode == 0, lint.stdout + lint.stderr


def test_an_unexplained_cdk_nag_finding_stops_the_synthesis(stack: Any) -> None:
    """The stage synthesised for these tests passed the AwsSolutions rules; this shows the
    rules do run on it: a queue without encryption in transit, explained nowhere, fails."""
    from aws_cdk import aws_sqs as sqs

    sqs.Queue(stack, "Careless")
    try:
        with pytest.raises(RuntimeError, match="AwsSolutions-SQS"):
            stack.node.root.synth(force=True)
    finally:
        stack.node.try_remove_child("Careless")
