"""The API's edges in AWS: API Gateway's own answers in the API's error shape, alarms."""

from __future__ import annotations

import json
from typing import Any

import pytest

from chalicelib.domain.messages import message
from tests.infra.conftest import resources

pytestmark = pytest.mark.slow


def test_an_unknown_route_and_a_missing_token_answer_in_the_api_error_shape(
    template: Any,
) -> None:
    [api] = resources(template, "AWS::Serverless::Api").values()
    responses = api["Properties"]["GatewayResponses"]

    unknown = responses["MISSING_AUTHENTICATION_TOKEN"]
    unauthorized = responses["UNAUTHORIZED"]
    assert unknown["StatusCode"] == "404" and unauthorized["StatusCode"] == "401"
    assert json.loads(unknown["ResponseTemplates"]["application/json"]) == {
        "code": "route_not_found", "message": message("route_not_found"), "fields": {},
    }  # fmt: skip
    assert json.loads(unauthorized["ResponseTemplates"]["application/json"])["code"] == (
        "unauthorized"
    )
    headers = unknown["ResponseParameters"]["Headers"]
    assert headers["Access-Control-Allow-Origin"] == "'https://dev.recadastro.example.org'"
    assert headers["X-Content-Type-Options"] == "'nosniff'"
    assert headers["Cache-Control"] == "'no-store'"
    assert api["Properties"]["EndpointConfiguration"] == "REGIONAL"


def test_dead_letters_api_errors_and_failed_card_orders_raise_alarms(template: Any) -> None:
    alarms = resources(template, "AWS::CloudWatch::Alarm").values()
    watched = {alarm["Properties"].get("MetricName") for alarm in alarms}

    assert watched == {"ApproximateNumberOfMessagesVisible", "5XXError", "CardOrdersFailed"}
    for alarm in alarms:
        assert alarm["Properties"]["Threshold"] == 0
        assert alarm["Properties"]["AlarmActions"], "an alarm that tells no one"


def test_the_browser_preflight_answers_name_the_stages_site(template: Any) -> None:
    [api] = resources(template, "AWS::Serverless::Api").values()
    swagger = json.dumps(api["Properties"]["DefinitionBody"])

    assert "'https://dev.recadastro.example.org'" in swagger
    assert "127.0.0.1" not in swagger


def test_reminders_and_digests_run_on_their_schedules(template: Any) -> None:
    functions = resources(template, "AWS::Serverless::Function")
    schedules = {
        name: event["Properties"]["Schedule"]
        for name, function in functions.items()
        for event in function["Properties"].get("Events", {}).values()
        if event["Type"] == "Schedule"
    }

    # Hourly 09:00-17:00 and daily 08:00 in Brasília (UTC-3).
    assert schedules == {
        "RemindDeadline": "cron(0 12-20 * * ? *)",
        "DigestStalled": "cron(0 11 * * ? *)",
    }
