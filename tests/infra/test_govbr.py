"""gov.br sign-in in AWS: the stage's endpoints and the deploy's client id reach the API, the
client secret is a placeholder only the API reads, and the handoffs of a sign-in in flight sit
in a table of the API's own that sweeps itself."""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from local.stack import stage_environment
from tests.infra.conftest import DEPLOY_CONTEXT, INFRA, resources
from tests.infra.test_stack import APP_FUNCTIONS, role_statements

pytestmark = pytest.mark.slow

os.environ.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")
if str(INFRA) not in sys.path:
    sys.path.insert(0, str(INFRA))

from cdk_app import govbr_notice, with_govbr_context  # noqa: E402

DEV = stage_environment("dev")
CALLBACK = "https://api.recadastro.conselho.gov.br/auth/govbr/callback"


def api_environment(template: Any) -> dict[str, Any]:
    functions = resources(template, "AWS::Serverless::Function")
    variables: dict[str, Any] = functions["APIHandler"]["Properties"]["Environment"]["Variables"]
    return variables


def logical_id(template: Any, kind: str, name_key: str, name: str) -> str:
    (found,) = [
        logical
        for logical, resource in resources(template, kind).items()
        if resource["Properties"].get(name_key) == name
    ]
    return found


def granted(template: Any, action: str, logical: str) -> set[str]:
    """The functions whose role may do `action` on the resource `logical` (or beneath it)."""
    return {
        function
        for function in APP_FUNCTIONS
        for statement in role_statements(template, function)
        if action in statement["Action"] and logical in json.dumps(statement["Resource"])
    }


def test_the_api_talks_to_the_stages_gov_br_with_the_client_id_given_at_deploy(
    template: Any,
) -> None:
    environment = api_environment(template)

    assert environment["GOVBR_SSO_URL"] == "https://sso.staging.acesso.gov.br"
    assert environment["GOVBR_API_URL"] == "https://api.staging.acesso.gov.br"
    assert environment["GOVBR_CLIENT_ID"] == DEPLOY_CONTEXT["govbr_client_id"]
    assert environment["GOVBR_REDIRECT_URI"] == DEPLOY_CONTEXT["govbr_redirect_uri"]
    assert environment["GOVBR_CLIENT_SECRET_NAME"] == "recadastro-dev/govbr-client-secret"


def test_production_signs_in_at_gov_brs_production_and_staging_at_its_staging() -> None:
    prod = stage_environment("prod")

    assert prod["GOVBR_SSO_URL"] == "https://sso.acesso.gov.br"
    assert prod["GOVBR_API_URL"] == "https://api.acesso.gov.br"
    assert DEV["GOVBR_SSO_URL"] == "https://sso.staging.acesso.gov.br"
    # Until the council has credentials the stage has no gov.br sign-in; the secret is named
    # per stage, so staging's credential never signs production in.
    for stage in (DEV, prod):
        assert stage["GOVBR_CLIENT_ID"] == "" and stage["GOVBR_REDIRECT_URI"] == ""
    assert DEV["GOVBR_CLIENT_SECRET_NAME"] != prod["GOVBR_CLIENT_SECRET_NAME"]


def test_without_context_the_configured_gov_br_settings_stay() -> None:
    assert with_govbr_context(DEV, lambda key: None) == DEV


def test_the_deploys_context_sets_the_client_id_and_callback() -> None:
    context = {"govbr_client_id": " recadastro.conselho.gov.br ", "govbr_redirect_uri": CALLBACK}

    environment = with_govbr_context(DEV, context.get)

    assert environment["GOVBR_CLIENT_ID"] == "recadastro.conselho.gov.br"
    assert environment["GOVBR_REDIRECT_URI"] == CALLBACK
    assert environment["GOVBR_SSO_URL"] == DEV["GOVBR_SSO_URL"]
    assert DEV["GOVBR_CLIENT_ID"] == ""  # the stage's own settings are not touched


@pytest.mark.parametrize(
    ("context", "complaint"),
    [
        # gov.br sends the browser back only to the callback it registered: without one, every
        # sign-in would end at gov.br's error page.
        ({"govbr_client_id": "recadastro.conselho.gov.br"}, "GOVBR_REDIRECT_URI is not"),
        (
            {"govbr_client_id": "x", "govbr_redirect_uri": CALLBACK.replace("https", "http")},
            "https",
        ),
        (
            {"govbr_client_id": "x", "govbr_redirect_uri": CALLBACK.removesuffix("/callback")},
            "https",
        ),
        ({"govbr_client_id": "x", "govbr_redirect_uri": CALLBACK + "?stage=dev"}, "https"),
        ({"govbr_client_id": "x", "govbr_redirect_uri": "/auth/govbr/callback"}, "https"),
    ],
)
def test_a_client_id_without_a_usable_callback_stops_the_synthesis(
    context: dict[str, str], complaint: str
) -> None:
    with pytest.raises(ValueError, match=complaint):
        with_govbr_context(DEV, context.get)


def test_a_deploy_without_a_client_id_is_told_gov_br_sign_in_is_off(stack: Any) -> None:
    notice = govbr_notice("prod", stage_environment("prod"))

    assert notice and "off on stage prod" in notice and "-c govbr_client_id=" in notice
    assert govbr_notice("dev", with_govbr_context(DEV, DEPLOY_CONTEXT.get)) is None
    # The stage synthesised with a client id carries no such warning.
    warnings = [
        entry
        for entry in stack.node.metadata
        if entry.type == "aws:cdk:warning" and "gov.br" in str(entry.data)
    ]
    assert warnings == []


def test_a_callback_elsewhere_than_the_apis_own_domain_stops_the_synthesis() -> None:
    context = {
        "api_domain": "api.recadastro.conselho.gov.br",
        "govbr_client_id": "recadastro.conselho.gov.br",
        "govbr_redirect_uri": "https://recadastro.conselho.gov.br/auth/govbr/callback",
    }

    with pytest.raises(
        ValueError, match=re.escape("the API answers at api.recadastro.conselho.gov.br")
    ):
        with_govbr_context(DEV, context.get)
    context["govbr_redirect_uri"] = CALLBACK
    assert with_govbr_context(DEV, context.get)["GOVBR_REDIRECT_URI"] == CALLBACK


def test_the_api_answers_at_the_councils_domain_where_gov_br_sends_the_browser_back(
    template: Any, stack: Any
) -> None:
    (domain,) = resources(template, "AWS::ApiGateway::DomainName").values()
    (mapping,) = resources(template, "AWS::ApiGateway::BasePathMapping").values()
    callback = urlsplit(DEPLOY_CONTEXT["govbr_redirect_uri"])

    assert domain["Properties"]["DomainName"] == DEPLOY_CONTEXT["api_domain"] == callback.hostname
    assert domain["Properties"]["RegionalCertificateArn"] == DEPLOY_CONTEXT["api_certificate_arn"]
    assert domain["Properties"]["EndpointConfiguration"] == {"Types": ["REGIONAL"]}
    assert domain["Properties"]["SecurityPolicy"] == "TLS_1_2"
    # At the root: the callback is /auth/govbr/callback there, no stage in the path.
    assert "BasePath" not in mapping["Properties"]
    assert mapping["Properties"]["RestApiId"] == {"Ref": "RestAPI"}
    assert mapping["Properties"]["Stage"] == {"Fn::Sub": "${RestAPI.Stage}"}
    assert "ApiDomainTarget" in template.find_outputs("*")
    # The pages call the API there too, and their CSP lets them.
    assert site_config(stack)["apiUrl"] == f"https://{DEPLOY_CONTEXT['api_domain']}"
    (policy,) = resources(template, "AWS::CloudFront::ResponseHeadersPolicy").values()
    headers = policy["Properties"]["ResponseHeadersPolicyConfig"]["SecurityHeadersConfig"]
    csp = headers["ContentSecurityPolicy"]["ContentSecurityPolicy"]
    assert f"https://{DEPLOY_CONTEXT['api_domain']}" in json.dumps(csp)


def site_config(stack: Any) -> dict[str, Any]:
    """The `config.js` the site is deployed with."""
    outdir = Path(stack.node.root.outdir)
    template = json.loads((outdir / f"{stack.artifact_id}.template.json").read_text())
    (deployment,) = [
        resource
        for resource in template["Resources"].values()
        if resource["Type"] == "Custom::CDKBucketDeployment"
    ]
    for key in deployment["Properties"]["SourceObjectKeys"]:
        config = outdir / f"asset.{key.removesuffix('.zip')}" / "config.js"
        if config.exists():
            text = config.read_text(encoding="utf-8")
            found = re.fullmatch(r"window\.RECADASTRO_CONFIG = (\{.*\});\n", text)
            assert found, text
            settings: dict[str, Any] = json.loads(found.group(1))
            return settings
    raise AssertionError("no config.js in the site's deployment")


def test_the_gov_br_client_secret_is_a_placeholder_to_replace_never_a_value_in_the_template(
    template: Any,
) -> None:
    secrets = resources(template, "AWS::SecretsManager::Secret")
    logical = logical_id(
        template, "AWS::SecretsManager::Secret", "Name", DEV["GOVBR_CLIENT_SECRET_NAME"]
    )
    secret = secrets[logical]

    assert "SecretString" not in secret["Properties"]
    assert "GenerateSecretString" in secret["Properties"]
    assert "put-secret-value" in secret["Properties"]["Description"]
    assert secret["DeletionPolicy"] == "Retain"
    for other in secrets.values():
        assert "SecretString" not in other["Properties"]


def test_only_the_api_reads_the_gov_br_client_secret(template: Any) -> None:
    logical = logical_id(
        template, "AWS::SecretsManager::Secret", "Name", DEV["GOVBR_CLIENT_SECRET_NAME"]
    )

    assert granted(template, "secretsmanager:GetSecretValue", logical) == {"APIHandler"}


def test_the_handoffs_table_sweeps_what_was_never_taken_and_is_the_apis_alone(
    template: Any,
) -> None:
    logical = logical_id(template, "AWS::DynamoDB::Table", "TableName", DEV["HANDOFFS_TABLE_NAME"])
    table = resources(template, "AWS::DynamoDB::Table")[logical]["Properties"]

    assert table["KeySchema"] == [{"AttributeName": "key", "KeyType": "HASH"}]
    assert table["TimeToLiveSpecification"] == {"AttributeName": "delete_at", "Enabled": True}
    assert "StreamSpecification" not in table
    # Taken by a conditional delete (single use), written when a sign-in starts.
    for action in ("dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:DeleteItem"):
        assert granted(template, action, logical) == {"APIHandler"}, action


def test_every_secret_the_code_reads_by_name_is_one_the_stack_makes(template: Any) -> None:
    """A new `*_SECRET_NAME` setting without its secret would fail only when first read."""
    from chalicelib.settings import OTHER_ENV

    read = {DEV[env] for field, env in OTHER_ENV.items() if field.endswith("_secret_name")}
    made = {
        secret["Properties"]["Name"]
        for secret in resources(template, "AWS::SecretsManager::Secret").values()
    }

    assert DEV["GOVBR_CLIENT_SECRET_NAME"] in read
    assert read == made
