"""The staff pool, the secrets and the SES identity CloudFormation makes are what the code signs
in against, reads and sends from, and what the local stack makes on moto."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import boto3
import pytest
from moto import mock_aws

from chalicelib.adapters.identity import PASSWORD_POLICY
from chalicelib.dependencies import council
from chalicelib.domain.staff import all_groups
from chalicelib.settings import Settings
from local.stack import stage_environment
from tests.infra.conftest import INFRA

pytestmark = pytest.mark.slow

os.environ.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")
if str(INFRA) not in sys.path:
    sys.path.insert(0, str(INFRA))

import aws_cdk as cdk  # noqa: E402
from aws_cdk import aws_secretsmanager as secretsmanager  # noqa: E402
from aws_cdk.assertions import Template  # noqa: E402
from recadastro_infra.identity import Mail, Secrets, StaffPool, sender_domain  # noqa: E402

DEV = stage_environment("dev")


def build(stack: cdk.Stack) -> None:
    StaffPool(stack, "Staff", "dev", all_groups(council()))
    Secrets(
        stack,
        "Secrets",
        DEV["JWT_SECRET_NAME"],
        DEV["VENDOR_API_KEY_SECRET_NAME"],
        DEV["VENDOR_WEBHOOK_SECRET_NAME"],
        govbr_client_secret_name=DEV["GOVBR_CLIENT_SECRET_NAME"],
    )
    Mail(stack, "Mail", DEV["MAIL_SENDER"])


def synthesize(outdir: Path, build: Callable[[cdk.Stack], None], nag: bool = False) -> Template:
    app = cdk.App(outdir=str(outdir))
    stack = cdk.Stack(app, "Bare")
    build(stack)
    if nag:
        from cdk_nag import AwsSolutionsChecks

        cdk.Validations.of(app).add_plugins(AwsSolutionsChecks(app))
    app.synth()
    return Template.from_stack(stack)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Template:
    return synthesize(tmp_path_factory.mktemp("identity"), build)


def only(template: Template, kind: str) -> dict[str, Any]:
    found = list(template.find_resources(kind).values())
    assert len(found) == 1, kind
    resource: dict[str, Any] = dict(found[0])
    return resource


def seconds(client: dict[str, Any], token: str) -> int:
    unit = client.get("TokenValidityUnits", {}).get(
        token, "hours" if token != "RefreshToken" else "days"
    )
    per = {"seconds": 1, "minutes": 60, "hours": 3600, "days": 86400}[unit]
    return int(client[f"{token}Validity"]) * per


def test_staff_passwords_follow_the_policy_the_code_and_the_local_pool_use(
    template: Template,
) -> None:
    pool = only(template, "AWS::Cognito::UserPool")["Properties"]
    policy = pool["Policies"]["PasswordPolicy"]

    assert {name: policy[name] for name in PASSWORD_POLICY} == PASSWORD_POLICY
    assert 1 <= policy["TemporaryPasswordValidityDays"] <= 2


def test_only_operators_create_staff_who_sign_in_by_username_with_optional_totp(
    template: Template,
) -> None:
    resource = only(template, "AWS::Cognito::UserPool")
    pool = resource["Properties"]

    assert pool["UserPoolName"] == "recadastro-dev-staff"
    assert pool["AdminCreateUserConfig"]["AllowAdminCreateUserOnly"] is True
    assert "UsernameAttributes" not in pool and "AliasAttributes" not in pool
    assert pool["MfaConfiguration"] == "OPTIONAL"
    assert pool["EnabledMfas"] == ["SOFTWARE_TOKEN_MFA"]
    assert "SmsConfiguration" not in pool
    assert pool["AccountRecoverySetting"]["RecoveryMechanisms"] == [
        {"Name": "verified_email", "Priority": 1}
    ]
    schema = {attribute["Name"]: attribute for attribute in pool["Schema"]}
    assert schema["email"]["Required"] is True and schema["email"]["Mutable"] is True
    assert schema["name"]["Mutable"] is True
    assert "{####}" in pool["VerificationMessageTemplate"]["EmailMessage"]
    assert "código" in pool["VerificationMessageTemplate"]["EmailMessage"]
    assert pool["DeletionProtection"] == "ACTIVE"
    assert resource["DeletionPolicy"] == "Retain"


def test_the_admin_page_client_signs_in_with_the_password_flow_the_app_uses(
    template: Template,
) -> None:
    client = only(template, "AWS::Cognito::UserPoolClient")["Properties"]

    # CognitoSignIn: initiate_auth(AuthFlow="USER_PASSWORD_AUTH"), refreshed by the page.
    assert set(client["ExplicitAuthFlows"]) == {
        "ALLOW_USER_PASSWORD_AUTH",
        "ALLOW_REFRESH_TOKEN_AUTH",
    }
    assert client["GenerateSecret"] is False
    assert "AllowedOAuthFlows" not in client and client.get("AllowedOAuthFlowsUserPoolClient") in (
        None,
        False,
    )
    assert client["PreventUserExistenceErrors"] == "ENABLED"
    assert set(client["ReadAttributes"]) == {"email", "name"}
    assert seconds(client, "AccessToken") == 3600
    assert seconds(client, "IdToken") == 3600
    assert 3600 < seconds(client, "RefreshToken") <= 24 * 3600


def test_one_group_per_role_and_region_of_the_council(template: Template) -> None:
    groups = template.find_resources("AWS::Cognito::UserPoolGroup").values()

    assert sorted(group["Properties"]["GroupName"] for group in groups) == sorted(
        all_groups(council())
    )
    assert {"admin", "region-SP"} <= {group["Properties"]["GroupName"] for group in groups}


def test_the_pool_mirrors_what_the_local_stack_makes_on_moto(
    template: Template, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Drift check: local/aws_resources.py creates the local pool through the Cognito API."""
    from local.aws_resources import create_resources
    from local.moto_state import MotoState

    for name, value in {
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_ACCOUNT_ID_ENDPOINT_MODE": "disabled",
    }.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("AWS_ENDPOINT_URL", raising=False)
    settings = Settings.from_env(stage_environment("local"))
    cloud_pool = only(template, "AWS::Cognito::UserPool")["Properties"]
    cloud_client = only(template, "AWS::Cognito::UserPoolClient")["Properties"]
    cloud_groups = {
        group["Properties"]["GroupName"]
        for group in template.find_resources("AWS::Cognito::UserPoolGroup").values()
    }

    with mock_aws():
        made = create_resources(settings, council(), MotoState(tmp_path))
        cognito = boto3.client("cognito-idp")
        pool = cognito.describe_user_pool(UserPoolId=made.user_pool_id)["UserPool"]
        client = cognito.describe_user_pool_client(
            UserPoolId=made.user_pool_id, ClientId=made.user_pool_client_id
        )["UserPoolClient"]
        groups = {
            g["GroupName"] for g in cognito.list_groups(UserPoolId=made.user_pool_id)["Groups"]
        }

    local_policy = pool["Policies"]["PasswordPolicy"]
    assert {k: cloud_pool["Policies"]["PasswordPolicy"][k] for k in PASSWORD_POLICY} == {
        k: local_policy[k] for k in PASSWORD_POLICY
    }
    assert cloud_pool["AutoVerifiedAttributes"] == pool["AutoVerifiedAttributes"]
    assert set(cloud_client["ExplicitAuthFlows"]) == set(client["ExplicitAuthFlows"])
    assert set(cloud_client["ReadAttributes"]) == set(client["ReadAttributes"])
    assert cloud_client["GenerateSecret"] is ("ClientSecret" in client)
    assert cloud_groups == groups


def test_the_secrets_have_the_configured_names_and_generated_values(template: Template) -> None:
    secrets = {
        secret["Properties"]["Name"]: secret
        for secret in template.find_resources("AWS::SecretsManager::Secret").values()
    }

    assert set(secrets) == {
        DEV["JWT_SECRET_NAME"],
        DEV["VENDOR_API_KEY_SECRET_NAME"],
        DEV["VENDOR_WEBHOOK_SECRET_NAME"],
        DEV["GOVBR_CLIENT_SECRET_NAME"],
    }
    for secret in secrets.values():
        generated = secret["Properties"]["GenerateSecretString"]
        # SecretKey uses SecretString itself as the key: a plain string, not a JSON document.
        assert "SecretStringTemplate" not in generated and "GenerateStringKey" not in generated
        assert generated["ExcludePunctuation"] is True
        assert generated["PasswordLength"] >= 32
        assert secret["DeletionPolicy"] == "Retain"
    # Issued by others: the council replaces the placeholder with what they issue.
    for issued in ("VENDOR_API_KEY_SECRET_NAME", "GOVBR_CLIENT_SECRET_NAME"):
        description = secrets[DEV[issued]]["Properties"]["Description"]
        assert "replace" in description.lower() and "put-secret-value" in description, issued


def test_mail_goes_out_from_the_sender_domain_signed_with_dkim_through_a_configuration_set(
    template: Template,
) -> None:
    identity = only(template, "AWS::SES::EmailIdentity")["Properties"]
    configuration_set_id = next(iter(template.find_resources("AWS::SES::ConfigurationSet")))
    configuration_set = only(template, "AWS::SES::ConfigurationSet")["Properties"]

    assert identity["EmailIdentity"] == "dev.recadastro.example.org"
    assert identity["EmailIdentity"] == DEV["MAIL_SENDER"].split("@")[1]
    assert identity["DkimAttributes"] == {"SigningEnabled": True}
    assert identity["DkimSigningAttributes"]["NextSigningKeyLength"] == "RSA_2048_BIT"
    assert identity["ConfigurationSetAttributes"] == {
        "ConfigurationSetName": {"Ref": configuration_set_id}
    }
    assert configuration_set["ReputationOptions"] == {"ReputationMetricsEnabled": True}
    assert configuration_set["SendingOptions"] == {"SendingEnabled": True}
    assert set(configuration_set["SuppressionOptions"]["SuppressedReasons"]) == {
        "BOUNCE",
        "COMPLAINT",
    }
    assert len(template.find_outputs("*")) == 3  # the DKIM CNAME records to publish


def test_sending_is_authorised_on_the_identity_and_its_configuration_set(tmp_path: Path) -> None:
    app = cdk.App(outdir=str(tmp_path))
    stack = cdk.Stack(app, "Bare")
    mail = Mail(stack, "Mail", DEV["MAIL_SENDER"])

    arns = [stack.resolve(arn) for arn in mail.send_resource_arns]

    assert json.dumps(arns[0]).count("MailIdentity") == 1
    assert "configuration-set/" in json.dumps(arns[1])
    assert json.dumps(arns[1]).count("MailConfigurationSet") == 1


def test_the_sender_domain_is_what_follows_the_at_sign() -> None:
    assert sender_domain("nao-responda@Recadastro.Example.org") == "recadastro.example.org"
    with pytest.raises(ValueError):
        sender_domain("recadastro.example.org")


def test_cdk_nag_finds_nothing_left_unexplained(tmp_path: Path) -> None:
    """AwsSolutions fails the synthesis on a finding that is not acknowledged with a reason."""
    synthesize(tmp_path / "ours", build, nag=True)

    report = json.loads((tmp_path / "ours" / "validation-report.json").read_text())
    assert all(plugin["conclusion"] == "success" for plugin in report["pluginReports"]), report

    # The check does run: one more secret, with no reason given, fails it.
    def with_an_unexplained_secret(stack: cdk.Stack) -> None:
        build(stack)
        secretsmanager.Secret(stack, "Unexplained")

    with pytest.raises(RuntimeError, match="ValidationFailed"):
        synthesize(tmp_path / "control", with_an_unexplained_secret, nag=True)
    report = json.loads((tmp_path / "control" / "validation-report.json").read_text())
    flagged = {
        (violation["ruleName"], construct["constructPath"])
        for plugin in report["pluginReports"]
        for violation in plugin["violations"]
        for construct in violation["violatingConstructs"]
    }
    assert flagged == {("AwsSolutions-SMG4", "Bare/Unexplained/Resource")}
