"""The web ACL in front of the API: which requests each rate limit counts, what a limited caller
gets back, the managed protections, and the association with the API stage."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest

from tests.infra.conftest import INFRA

pytestmark = pytest.mark.slow

os.environ.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")
if str(INFRA) not in sys.path:
    sys.path.insert(0, str(INFRA))

import aws_cdk as cdk  # noqa: E402
from aws_cdk.assertions import Template  # noqa: E402
from recadastro_infra.firewall import ApiFirewall  # noqa: E402

STAGE_ARN = "arn:aws:apigateway:us-east-1::/restapis/a1b2c3d4e5/stages/api"
ORIGIN = "https://dev.recadastro.example.org"


def synthesize(outdir: Path, nag: bool = False, **options: Any) -> Template:
    app = cdk.App(outdir=str(outdir))
    stack = cdk.Stack(app, "Bare")
    ApiFirewall(stack, "Firewall", STAGE_ARN, **options)
    if nag:
        from cdk_nag import AwsSolutionsChecks

        cdk.Validations.of(app).add_plugins(AwsSolutionsChecks(app))
    app.synth()
    return Template.from_stack(stack)


@pytest.fixture(scope="module")
def acl(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    template = synthesize(tmp_path_factory.mktemp("firewall"), allowed_origin=ORIGIN)
    (acl,) = template.find_resources("AWS::WAFv2::WebACL").values()
    properties: dict[str, Any] = acl["Properties"]
    return properties


def rules(acl: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {rule["Name"]: rule for rule in acl["Rules"]}


# A small evaluator of the statements used here, to ask which requests a rule counts.
def _transform(value: str, transformations: list[dict[str, Any]]) -> str:
    for step in sorted(transformations, key=lambda t: t["Priority"]):
        if step["Type"] == "URL_DECODE":
            value = unquote(value)
        elif step["Type"] == "NORMALIZE_PATH":
            while "//" in value:
                value = value.replace("//", "/")
        else:
            assert step["Type"] == "NONE", step
    return value


def matches(
    statement: dict[str, Any], method: str, path: str, labels: frozenset[str] = frozenset()
) -> bool:
    if "AndStatement" in statement:
        parts = statement["AndStatement"]["Statements"]
        return all(matches(s, method, path, labels) for s in parts)
    if "OrStatement" in statement:
        parts = statement["OrStatement"]["Statements"]
        return any(matches(s, method, path, labels) for s in parts)
    if "NotStatement" in statement:
        return not matches(statement["NotStatement"]["Statement"], method, path, labels)
    if "LabelMatchStatement" in statement:
        assert statement["LabelMatchStatement"]["Scope"] == "LABEL"
        return statement["LabelMatchStatement"]["Key"] in labels
    byte_match = statement["ByteMatchStatement"]
    field = byte_match["FieldToMatch"]
    value = path if "UriPath" in field else method
    assert "UriPath" in field or "Method" in field, field
    value = _transform(value, byte_match["TextTransformations"])
    search = byte_match["SearchString"]
    return {
        "STARTS_WITH": value.startswith(search),
        "EXACTLY": value == search,
        "CONTAINS": search in value,
    }[byte_match["PositionalConstraint"]]


def answer_over_the_limits(acl: dict[str, Any], method: str, path: str) -> dict[str, Any] | None:
    """What WAF answers a request from an address over every rate limit: the rules in order of
    priority, a rate rule matching whatever its scope-down matches, Count going on with its
    labels; None when the request goes through."""
    labels: frozenset[str] = frozenset()
    for rule in sorted(acl["Rules"], key=lambda rule: rule["Priority"]):
        statement = rule["Statement"]
        if "ManagedRuleGroupStatement" in statement:
            continue
        if "RateBasedStatement" in statement:
            statement = statement["RateBasedStatement"]["ScopeDownStatement"]
        if not matches(statement, method, path, labels):
            continue
        labels |= {label["Name"] for label in rule.get("RuleLabels", [])}
        if "Block" in rule["Action"]:
            response: dict[str, Any] = rule["Action"]["Block"]["CustomResponse"]
            return response
        assert "Count" in rule["Action"], rule
    return None


def counted_by(acl: dict[str, Any], method: str, path: str) -> set[str]:
    return {
        name
        for name, rule in rules(acl).items()
        if "RateBasedStatement" in rule["Statement"]
        and matches(rule["Statement"]["RateBasedStatement"]["ScopeDownStatement"], method, path)
    }


def test_a_regional_acl_that_lets_through_what_no_rule_blocks(acl: dict[str, Any]) -> None:
    assert acl["Scope"] == "REGIONAL"
    assert acl["DefaultAction"] == {"Allow": {}}
    assert acl["VisibilityConfig"]["CloudWatchMetricsEnabled"] is True
    priorities = [rule["Priority"] for rule in acl["Rules"]]
    assert len(set(priorities)) == len(priorities)
    for rule in acl["Rules"]:
        assert rule["VisibilityConfig"]["CloudWatchMetricsEnabled"] is True
        assert rule["VisibilityConfig"]["SampledRequestsEnabled"] is True


def test_sign_in_and_protocol_lookups_are_limited_per_address_over_five_minutes(
    acl: dict[str, Any],
) -> None:
    limits = {
        name: rule["Statement"]["RateBasedStatement"]
        for name, rule in rules(acl).items()
        if "RateBasedStatement" in rule["Statement"]
    }

    assert {name: limit["Limit"] for name, limit in limits.items()} == {
        "SignInRateLimit": 100,
        "ProtocolLookupRateLimit": 300,
    }
    for limit in limits.values():
        assert limit["AggregateKeyType"] == "IP"
        assert limit["EvaluationWindowSec"] == 300


@pytest.mark.parametrize(
    ("method", "path", "rule"),
    [
        # Through the execute-api host the path keeps the stage...
        ("POST", "/api/auth/code", "SignInRateLimit"),
        ("POST", "/api/auth/session", "SignInRateLimit"),
        ("POST", "/api/staff/session", "SignInRateLimit"),
        # gov.br: the browser comes back from gov.br to the callback with a GET.
        ("POST", "/api/auth/govbr/start", "SignInRateLimit"),
        ("GET", "/api/auth/govbr/callback", "SignInRateLimit"),
        ("POST", "/api/auth/govbr/session", "SignInRateLimit"),
        ("POST", "/api/auth/logout", "SignInRateLimit"),
        ("GET", "/api/protocols/R26-ABCD-EFGH", "ProtocolLookupRateLimit"),
        # ...through a custom domain mapped to the stage it does not.
        ("POST", "/auth/code", "SignInRateLimit"),
        ("GET", "/auth/govbr/callback", "SignInRateLimit"),
        ("GET", "/protocols/R26-ABCD-EFGH", "ProtocolLookupRateLimit"),
        # Encoded or doubled slashes do not slip past.
        ("POST", "/api/%61uth/code", "SignInRateLimit"),
        ("POST", "//api//auth/code", "SignInRateLimit"),
        ("GET", "/api/auth/govbr/%63allback", "SignInRateLimit"),
        ("GET", "/api//auth//govbr/callback", "SignInRateLimit"),
    ],
)
def test_each_limit_counts_its_routes(
    acl: dict[str, Any], method: str, path: str, rule: str
) -> None:
    assert counted_by(acl, method, path) == {rule}


@pytest.mark.parametrize(
    ("method", "path"),
    [
        # A CORS preflight answered 429 would reach the page as a network error.
        ("OPTIONS", "/api/auth/code"),
        ("OPTIONS", "/api/auth/govbr/start"),
        ("OPTIONS", "/api/protocols/R26-ABCD-EFGH"),
        ("GET", "/api/me"),
        ("GET", "/api/staff/requests"),
        ("POST", "/api/me/requests"),
        ("PUT", "/api/me/contact-email"),
        ("GET", "/api/campaign"),
        ("POST", "/api/vendor/events"),
    ],
)
def test_other_requests_are_not_counted(acl: dict[str, Any], method: str, path: str) -> None:
    assert counted_by(acl, method, path) == set()
    # From an address over every limit too, they go through (the managed rules aside).
    assert answer_over_the_limits(acl, method, path) is None


def test_the_limited_routes_are_routes_of_the_app(acl: dict[str, Any]) -> None:
    """A renamed route would silently lose its limit."""
    from app import app

    calls = [(method, route) for route, methods in app.routes.items() for method in methods]
    for name in ("SignInRateLimit", "ProtocolLookupRateLimit"):
        counted = [call for call in calls if name in counted_by(acl, call[0], f"/api{call[1]}")]
        assert counted, name
    sign_in = {
        (method, route)
        for method, route in calls
        if "SignInRateLimit" in counted_by(acl, method, f"/api{route}")
    }
    # Every sign-in route of the app, with each of its methods, and nothing else.
    assert sign_in == {
        (method, route)
        for method, route in calls
        if route.startswith("/auth/") or route == "/staff/session"
    }
    assert {("POST", "/auth/code"), ("POST", "/auth/session"), ("POST", "/staff/session")} <= (
        sign_in
    )
    # gov.br's (API.md): the callback is a GET, gov.br's redirect; its limited answer is a page.
    assert {
        ("POST", "/auth/govbr/start"),
        ("GET", "/auth/govbr/callback"),
        ("POST", "/auth/govbr/session"),
        ("POST", "/auth/logout"),
    } <= sign_in
    assert ("PUT", "/me/contact-email") not in sign_in


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("POST", "/api/auth/code"),
        ("POST", "/api/auth/session"),
        ("POST", "/api/auth/govbr/start"),
        ("POST", "/api/auth/govbr/session"),
        ("POST", "/api/auth/logout"),
        ("POST", "/api/staff/session"),
        ("POST", "/auth/code"),
        ("GET", "/api/protocols/R26-ABCD-EFGH"),
    ],
)
def test_a_limited_caller_gets_429_with_the_api_error_shape_in_portuguese(
    acl: dict[str, Any], method: str, path: str
) -> None:
    response = answer_over_the_limits(acl, method, path)

    assert response is not None
    body = acl["CustomResponseBodies"][response["CustomResponseBodyKey"]]
    headers = {header["Name"]: header["Value"] for header in response["ResponseHeaders"]}
    assert response["ResponseCode"] == 429
    assert body["ContentType"] == "APPLICATION_JSON"
    assert json.loads(body["Content"]) == {
        "code": "rate_limited",
        "message": "Muitas tentativas. Aguarde um pouco e tente novamente.",
        "fields": {},
    }
    assert 0 < int(headers["Retry-After"]) <= 300
    # WAF answers before API Gateway adds CORS headers: the page must still read it.
    assert headers["Access-Control-Allow-Origin"] == ORIGIN
    assert "Retry-After" in headers["Access-Control-Expose-Headers"]


def test_aws_managed_protections_block_common_exploits_and_known_bad_inputs(
    acl: dict[str, Any],
) -> None:
    managed = {
        rule["Statement"]["ManagedRuleGroupStatement"]["Name"]: rule
        for rule in acl["Rules"]
        if "ManagedRuleGroupStatement" in rule["Statement"]
    }

    assert set(managed) == {"AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet"}
    for rule in managed.values():
        assert rule["Statement"]["ManagedRuleGroupStatement"]["VendorName"] == "AWS"
        # The groups' own block actions apply (not turned into counts), none excluded.
        assert rule["OverrideAction"] == {"None": {}}
        assert "ExcludedRules" not in rule["Statement"]["ManagedRuleGroupStatement"]
        assert "RuleActionOverrides" not in rule["Statement"]["ManagedRuleGroupStatement"]


def test_the_acl_is_associated_with_the_api_stage(tmp_path: Path) -> None:
    template = synthesize(tmp_path)
    (acl_id,) = template.find_resources("AWS::WAFv2::WebACL")
    (association,) = template.find_resources("AWS::WAFv2::WebACLAssociation").values()

    assert association["Properties"] == {
        "ResourceArn": STAGE_ARN,
        "WebACLArn": {"Fn::GetAtt": [acl_id, "Arn"]},
    }


@pytest.mark.parametrize("path", ["/api/auth/govbr/callback", "/auth/govbr/callback"])
def test_back_from_gov_br_at_a_limited_address_a_person_reads_a_page_with_the_way_back(
    acl: dict[str, Any], path: str
) -> None:
    """The callback is a navigation of the browser (gov.br's redirect), not a call of the
    pages: JSON there would be shown raw."""
    response = answer_over_the_limits(acl, "GET", path)

    assert response is not None
    body = acl["CustomResponseBodies"][response["CustomResponseBodyKey"]]
    headers = {header["Name"]: header["Value"] for header in response["ResponseHeaders"]}
    assert response["ResponseCode"] == 429
    assert body["ContentType"] == "TEXT_HTML"
    assert '<html lang="pt-BR">' in body["Content"]
    assert "Muitas tentativas" in body["Content"] and "Aguarde alguns minutos" in body["Content"]
    assert f'href="{ORIGIN}/#/entrar"' in body["Content"]
    assert 0 < int(headers["Retry-After"]) <= 300
    assert len(body["Content"].encode()) <= 4096  # WAF's limit for a custom body


def test_one_count_per_address_covers_every_sign_in_route(acl: dict[str, Any]) -> None:
    """The code sign-in and gov.br's routes share the limit: going over it with one blocks the
    others, the callback included."""
    (rate_rule,) = [
        rule for rule in acl["Rules"] if rule["Name"] == "SignInRateLimit"
    ]  # fmt: skip
    blockers = [rule for rule in acl["Rules"] if "Block" in rule.get("Action", {})]

    assert "Count" in rate_rule["Action"] and rate_rule["RuleLabels"]
    label = rate_rule["RuleLabels"][0]["Name"]
    assert all(rule["Priority"] > rate_rule["Priority"] for rule in blockers)
    assert answer_over_the_limits(acl, "GET", "/api/auth/govbr/callback") is not None
    # Under the limit (no label) nothing blocks a sign-in.
    for rule in blockers:
        statement = rule["Statement"]
        if "RateBasedStatement" not in statement:
            assert not matches(statement, "GET", "/api/auth/govbr/callback")
            assert matches(statement, "GET", "/api/auth/govbr/callback", frozenset({label}))


def test_without_an_origin_the_429_carries_no_cors_header(tmp_path: Path) -> None:
    template = synthesize(tmp_path)
    (acl,) = template.find_resources("AWS::WAFv2::WebACL").values()
    response = answer_over_the_limits(acl["Properties"], "POST", "/api/auth/code")
    page = answer_over_the_limits(acl["Properties"], "GET", "/api/auth/govbr/callback")

    assert response is not None and page is not None
    assert [header["Name"] for header in response["ResponseHeaders"]] == ["Retry-After"]
    content = acl["Properties"]["CustomResponseBodies"][page["CustomResponseBodyKey"]]["Content"]
    assert "Muitas tentativas" in content and "href" not in content


def test_cdk_nag_finds_nothing_left_unexplained(tmp_path: Path) -> None:
    synthesize(tmp_path, nag=True, allowed_origin=ORIGIN)

    report = json.loads((tmp_path / "validation-report.json").read_text())
    assert all(plugin["conclusion"] == "success" for plugin in report["pluginReports"]), report
