"""The CDK app that deploys Recadastro: one `RecadastroStack` per stage (context `stage`, default `dev`).

The stack holds the Chalice app (API Gateway + Lambda, packaged by `chalice.cdk.Chalice` from
the repository root) and what it runs on (recadastro_infra/, one module per concern; README.md
lists them), named as `.chalice/config.json` names them for the stage. Context values a deployer
gives with `-c key=value`: `stage`, `certificate_arn` (the site's domain), `api_domain` and
`api_certificate_arn` (the API's), `govbr_client_id` and `govbr_redirect_uri` (gov.br sign-in),
`alarm_email`.

Synthesise without the CDK CLI or credentials (from `infra/`, with node on the PATH; Chalice's
packager needs a region to name the IAM service principals):

    AWS_DEFAULT_REGION=us-east-1 python cdk_app.py                                 # stage dev
    AWS_DEFAULT_REGION=us-east-1 CDK_CONTEXT_JSON='{"stage": "prod"}' python cdk_app.py

The templates land in `infra/cdk.out/`; the Chalice construct also leaves `chalice.out/` in the
working directory and caches the Linux wheels it fetched in `../.chalice/deployments/`.

This module is not called `app.py`: that name would shadow the Chalice `app` module when tests
import both.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

# aws_cdk starts a node process on import and warns about node 20 on every run.
os.environ.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")

import aws_cdk as cdk
from constructs import Construct

INFRA_DIR = Path(__file__).resolve().parent
REPO_ROOT = INFRA_DIR.parent
# The tables are made from the app's own models (chalicelib), the constructs live beside this.
for path in (str(REPO_ROOT), str(INFRA_DIR)):
    if path not in sys.path:
        sys.path.insert(0, path)

from aws_cdk import aws_sqs as sqs  # noqa: E402
from recadastro_infra.firewall import ApiFirewall  # noqa: E402
from recadastro_infra.gateway import ApiDomain, gateway_responses  # noqa: E402
from recadastro_infra.identity import Mail, Secrets, StaffPool  # noqa: E402
from recadastro_infra.layer import MagicLayer  # noqa: E402
from recadastro_infra.monitoring import Alarms  # noqa: E402
from recadastro_infra.package import LeanChalice, SdkLayer  # noqa: E402
from recadastro_infra.roles import FunctionRoles, Resources, function_name  # noqa: E402
from recadastro_infra.storage import AccessLogs, Attachments, StaticSite  # noqa: E402
from recadastro_infra.tables import Tables  # noqa: E402

from chalicelib.adapters.dynamodb.streams import logical_table_of  # noqa: E402
from chalicelib.dependencies import council  # noqa: E402
from chalicelib.domain.staff import all_groups  # noqa: E402

CHALICE_CONFIG = REPO_ROOT / ".chalice" / "config.json"
DEFAULT_STAGE = "dev"
# `local` is the embedded stack of `make run`: its settings point at 127.0.0.1.
DEPLOYABLE_STAGES = ("dev", "prod")
# Stream deliveries a failing batch gets before it goes to the dead-letter queue. At least the
# card order's own budget (VENDOR_ORDER_ATTEMPTS), so the order is marked failed for an admin to
# see, rather than only set aside.
STREAM_RETRIES = 5
# The API Gateway stage .chalice/config.json gives every stage.
API_STAGE = "api"


def stage_environment(stage: str) -> dict[str, str]:
    """The environment variables `.chalice/config.json` gives the stage's functions.

    Passed to the Chalice construct explicitly, so this is where the names of resources the
    stack creates (tables, bucket, queues) will replace the configured ones.
    """
    config: dict[str, Any] = json.loads(CHALICE_CONFIG.read_text(encoding="utf-8"))
    stages: dict[str, Any] = config.get("stages", {})
    if stage not in stages:
        raise ValueError(f"stage {stage!r} is not in {CHALICE_CONFIG.name}: {sorted(stages)}")
    return {
        **config.get("environment_variables", {}),
        **stages[stage].get("environment_variables", {}),
    }


# What gov.br issues per stage, set at deploy time without editing code
# (`-c govbr_client_id=… -c govbr_redirect_uri=…`): context key -> environment variable.
GOVBR_CONTEXT = {"govbr_client_id": "GOVBR_CLIENT_ID", "govbr_redirect_uri": "GOVBR_REDIRECT_URI"}
# The route gov.br sends the browser back to (chalicelib's gov.br routes).
GOVBR_CALLBACK_ROUTE = "/auth/govbr/callback"


def with_govbr_context(
    environment: dict[str, str], context: Callable[[str], Any]
) -> dict[str, str]:
    """The stage's environment with the deploy's gov.br context values over the configured ones.

    Refuses what gov.br would refuse later, in front of a person at its sign-in page: a client id
    without the callback it was registered with, or a callback that is not HTTPS (gov.br's
    production accepts no other) or not the app's callback route, or not at the API's own
    domain when the stage has one (context `api_domain`).
    """
    merged = dict(environment)
    for key, env in GOVBR_CONTEXT.items():
        value = context(key)
        if value is not None:
            merged[env] = str(value).strip()
    client_id = merged.get("GOVBR_CLIENT_ID", "")
    redirect_uri = merged.get("GOVBR_REDIRECT_URI", "")
    if client_id and not redirect_uri:
        raise ValueError(
            "GOVBR_CLIENT_ID is set but GOVBR_REDIRECT_URI is not: give the callback registered "
            f"at gov.br (-c govbr_redirect_uri=https://<API's public address>{GOVBR_CALLBACK_ROUTE})"
        )
    if redirect_uri:
        parts = urlsplit(redirect_uri)
        if (
            parts.scheme != "https"
            or not parts.hostname
            or not parts.path.endswith(GOVBR_CALLBACK_ROUTE)
            or parts.query
            or parts.fragment
        ):
            raise ValueError(
                f"GOVBR_REDIRECT_URI must be https://<API's public address>{GOVBR_CALLBACK_ROUTE}"
                f", exactly as registered at gov.br, not {redirect_uri!r}"
            )
        api_domain = context("api_domain")
        if api_domain and parts.hostname != str(api_domain).lower():
            raise ValueError(
                f"GOVBR_REDIRECT_URI is at {parts.hostname}, but the API answers at {api_domain}"
            )
    return merged


def govbr_notice(stage: str, environment: dict[str, str]) -> str | None:
    """What the deployer is told when the stage goes out without gov.br sign-in: the context
    values are given on every deploy, and a deploy without them turns it off."""
    if environment.get("GOVBR_CLIENT_ID"):
        return None
    return (
        f"gov.br sign-in is off on stage {stage}: no GOVBR_CLIENT_ID. If the stage has gov.br "
        "credentials, deploy with -c govbr_client_id=... -c govbr_redirect_uri=... "
        "(infra/README.md, 'Entrar com gov.br')."
    )


class RecadastroStack(cdk.Stack):
    """Everything one stage of Recadastro runs on."""

    def __init__(self, scope: Construct, stage: str, **kwargs: Any) -> None:
        # The Chalice construct packages the app for the Chalice stage named after the scope
        # it is created in, so the stack's construct id *is* the stage name; the CloudFormation
        # stack name carries the app's name.
        super().__init__(scope, stage, stack_name=f"recadastro-{stage}", **kwargs)
        self.stage = stage
        environment = with_govbr_context(stage_environment(stage), self.node.try_get_context)
        notice = govbr_notice(stage, environment)
        if notice:
            cdk.Annotations.of(self).add_warning_v2("recadastro:govbr-off", notice)
        self.tables = Tables(self, "Tables", environment)
        self.stream_failures = sqs.Queue(
            self,
            "StreamFailures",
            queue_name=f"recadastro-{stage}-stream-failures",
            retention_period=cdk.Duration.days(14),
            encryption=sqs.QueueEncryption.SQS_MANAGED,
            enforce_ssl=True,
        )
        cdk.Validations.of(self.stream_failures).acknowledge(
            cdk.Acknowledgment(
                id="AwsSolutions-SQS3",
                reason="It is the dead-letter queue: the streams' on-failure destination.",
            )
        )
        self.magic = MagicLayer(self, "Magic")
        self.sdk = SdkLayer(self, "Sdk")
        self.staff = StaffPool(self, "Staff", stage, all_groups(council()))
        self.secrets = Secrets(
            self, "Secrets", environment["JWT_SECRET_NAME"],
            environment["VENDOR_API_KEY_SECRET_NAME"], environment["VENDOR_WEBHOOK_SECRET_NAME"],
            govbr_client_secret_name=environment["GOVBR_CLIENT_SECRET_NAME"],
        )  # fmt: skip
        self.mail = Mail(self, "Mail", environment["MAIL_SENDER"])
        access_logs = AccessLogs(self, "AccessLogs").bucket
        bucket_name = environment["ATTACHMENTS_BUCKET_NAME"]
        self.roles = FunctionRoles(
            self,
            "Roles",
            stage,
            Resources(
                tables=self.tables.by_logical,
                dead_letters_arn=self.stream_failures.queue_arn,
                attachments_bucket_arn=f"arn:{cdk.Aws.PARTITION}:s3:::{bucket_name}",
                secrets={
                    "jwt": self.secrets.jwt.secret_arn,
                    "webhook": self.secrets.webhook.secret_arn,
                    "vendor_api_key": self.secrets.vendor_api_key.secret_arn,
                    "govbr_client_secret": self.secrets.govbr_client_secret.secret_arn,
                },
                mail_identity_arns=self.mail.send_resource_arns,
                user_pool_arn=self.staff.user_pool.user_pool_arn,
            ),
        )
        # The preflight answers `chalice package` writes name the site's origin: app.py reads it
        # from the environment when they are written.
        os.environ["WEB_ORIGIN"] = environment["WEB_ORIGIN"]
        cdk.Validations.of(self.roles.roles["api_handler"]).acknowledge(
            cdk.Acknowledgment(
                id=f"AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::{bucket_name}/uploads/*]",
                reason="The proofs' keys (uploads/<document>/<upload id>) are made per upload: the "
                "API may touch only that prefix, and checks each key's owner itself.",
            )
        )
        # Chalice's construct, whose zip leaves out the AWS SDK: the layer `sdk` brings it.
        self.chalice = LeanChalice(
            self,
            "ChaliceApp",
            source_dir=str(REPO_ROOT),
            stage_config={
                "environment_variables": environment,
                # A regional endpoint: the WAF web ACL sits on its stage.
                "api_gateway_endpoint_type": "REGIONAL",
                # No role generated from the code: each function gets its own (below).
                "manage_iam_role": False,
                "iam_role_arn": self.roles.roles["api_handler"].role_arn,
            },
        )
        self._configure_functions(stage, environment)
        self._connect_streams()
        api = self.chalice.get_resource("RestAPI")
        api.add_property_override("Name", f"recadastro-{stage}")
        api.add_property_override("GatewayResponses", gateway_responses(environment["WEB_ORIGIN"]))
        api_url = self._api_url()
        self.site = StaticSite(
            self, "Site", REPO_ROOT / "web", api_url=api_url,
            attachments_bucket_name=bucket_name, logs=access_logs,
            **_site_domain(environment["WEB_ORIGIN"], self.node.try_get_context("certificate_arn"), self),
        )  # fmt: skip
        self.attachments = Attachments(
            self, "Attachments", bucket_name, environment["WEB_ORIGIN"], logs=access_logs
        )
        self.firewall = ApiFirewall(
            self, "Firewall",
            # SAM reads ${RestAPI.Stage} as the stage it makes: the association waits for it.
            cdk.Fn.sub(
                "arn:${AWS::Partition}:apigateway:${AWS::Region}::/restapis/${RestAPI}/stages/"
                "${RestAPI.Stage}"
            ),
            allowed_origin=environment["WEB_ORIGIN"],
        )  # fmt: skip
        self.alarms = Alarms(
            self, "Alarms", stage, self.stream_failures, api_name=f"recadastro-{stage}",
            api_stage=API_STAGE, alarm_email=self.node.try_get_context("alarm_email"),
        )  # fmt: skip
        _quiet_cdk_handlers_lint(self)
        cdk.CfnOutput(self, "ApiUrl", value=api_url)
        cdk.CfnOutput(self, "SiteUrl", value=self.site.url)
        cdk.Tags.of(self).add("app", "recadastro")
        cdk.Tags.of(self).add("stage", stage)

    def _api_url(self) -> str:
        """The API's public address: its own domain when context `api_domain` and
        `api_certificate_arn` (ACM, the stack's region) are given, else API Gateway's."""
        domain = self.node.try_get_context("api_domain")
        certificate_arn = self.node.try_get_context("api_certificate_arn")
        if bool(domain) != bool(certificate_arn):
            raise ValueError("api_domain and api_certificate_arn go together")
        if not domain:
            return cdk.Fn.sub(
                "https://${RestAPI}.execute-api.${AWS::Region}.${AWS::URLSuffix}/" + API_STAGE
            )
        self.api_domain = ApiDomain(
            self, "ApiDomain", domain_name=domain, certificate_arn=certificate_arn,
            rest_api_id=self.chalice.get_resource("RestAPI").ref,
            # SAM reads ${RestAPI.Stage} as the stage it makes: the mapping waits for it.
            stage_name=cdk.Fn.sub("${RestAPI.Stage}"),
        )  # fmt: skip
        cdk.CfnOutput(
            self, "ApiDomainTarget", value=self.api_domain.target,
            description=f"DNS record to publish: {domain} CNAME this value",
        )  # fmt: skip
        return self.api_domain.url

    def _configure_functions(self, stage: str, environment: dict[str, str]) -> None:
        """Each function: its own role, a fixed name (its log group is made beforehand, with a
        retention), the user pool's ids, the SDK layer; the API function also the libmagic one."""
        for name, role in self.roles.roles.items():
            function = self.chalice.get_resource(_logical_id(name))
            function.add_property_override("Role", role.role_arn)
            function.add_property_override("Layers", [self.sdk.layer.layer_version_arn])
            function.add_property_override("FunctionName", function_name(stage, name))
            function.add_property_override("MemorySize", MEMORY_MB.get(name, DEFAULT_MEMORY_MB))
            staff = {
                "STAFF_USER_POOL_ID": self.staff.user_pool.user_pool_id,
                "STAFF_USER_POOL_CLIENT_ID": self.staff.client.user_pool_client_id,
            }
            for key, value in staff.items():
                function.add_property_override(f"Environment.Variables.{key}", value)
        api = self.chalice.get_resource(_logical_id("api_handler"))
        api.add_property_override(
            "Layers", [self.sdk.layer.layer_version_arn, self.magic.layer.layer_version_arn]
        )
        for key, value in self.magic.environment.items():
            api.add_property_override(f"Environment.Variables.{key}", value)

    def _connect_streams(self) -> None:
        """Chalice packages a stream handler with the placeholder ARN naming its logical table;
        here it gets the real stream, partial batch answers, bisection, a bounded number of
        retries and the dead-letter queue for what still fails."""
        for source in _stream_sources():
            table = self.tables.by_logical[logical_table_of(source.stream_arn)]
            function = self.chalice.get_resource(_logical_id(source.name))
            event = f"Properties.Events.{_logical_id(source.name)}DynamodbEventSource.Properties"
            function.add_override(f"{event}.Stream", table.table_stream_arn)
            function.add_override(f"{event}.FunctionResponseTypes", ["ReportBatchItemFailures"])
            function.add_override(f"{event}.BisectBatchOnFunctionError", True)
            function.add_override(f"{event}.MaximumRetryAttempts", STREAM_RETRIES)
            function.add_override(
                f"{event}.DestinationConfig",
                {"OnFailure": {"Type": "SQS", "Destination": self.stream_failures.queue_arn}},
            )


def _quiet_cdk_handlers_lint(stack: cdk.Stack) -> None:
    """CDK's own site-deployment function declares a dependency its role's GetAtt already makes:
    cfn-lint's W3005, on code that is not ours."""
    for child in stack.node.children:
        if child.node.id.startswith("Custom::CDKBucketDeployment"):
            function = child.node.default_child
            if isinstance(function, cdk.CfnResource):
                function.add_metadata("cfn-lint", {"config": {"ignore_checks": ["W3005"]}})


def _stream_sources() -> list[Any]:
    from chalice.app import DynamoDBEventConfig

    from app import app

    return [source for source in app.event_sources if isinstance(source, DynamoDBEventConfig)]


# Lambda gives CPU in proportion to memory (a full core at 1,769 MB). Chalice's default, 128 MB,
# is 1/14 of a core: the API reads proofs of up to 20 MiB through and scans them (a 20 MiB PDF
# takes 0.3-0.8 s of a full core), so it gets a bigger share; the others mostly wait on I/O.
MEMORY_MB = {"api_handler": 1024}
DEFAULT_MEMORY_MB = 512


def _logical_id(chalice_name: str) -> str:
    """Chalice's name for a function's resource: order_cards -> OrderCards."""
    special = {"api_handler": "APIHandler"}
    return special.get(chalice_name) or "".join(p.capitalize() for p in chalice_name.split("_"))


def _site_domain(web_origin: str, certificate_arn: str | None, scope: Construct) -> dict[str, Any]:
    """The site answers at WEB_ORIGIN's host when a certificate for it (ACM, us-east-1) is given
    as context `certificate_arn`; without one, at CloudFront's own address (then set WEB_ORIGIN
    to it: the API's CORS and the bucket's name the site's origin)."""
    if not certificate_arn:
        return {}
    from aws_cdk import aws_certificatemanager as acm

    return {
        "domain_names": [web_origin.removeprefix("https://")],
        "certificate": acm.Certificate.from_certificate_arn(
            scope, "SiteCertificate", certificate_arn
        ),
    }


def build_app(stage: str | None = None, context: dict[str, Any] | None = None) -> cdk.App:
    """The CDK app for one stage: the `stage` argument, else context `stage`, else `dev`;
    `context` as the CLI's `-c key=value` would give it. cdk-nag's AwsSolutions rules check it:
    a finding without a reason given in code stops the synthesis."""
    from cdk_nag import AwsSolutionsChecks

    # The CDK CLI passes its output directory in CDK_OUTDIR; run directly, write beside this file.
    outdir = os.environ.get("CDK_OUTDIR", str(INFRA_DIR / "cdk.out"))
    app = cdk.App(outdir=outdir, context=context)
    stage = stage or app.node.try_get_context("stage") or DEFAULT_STAGE
    if stage not in DEPLOYABLE_STAGES:
        raise ValueError(f"stage must be one of {DEPLOYABLE_STAGES}, not {stage!r}")
    RecadastroStack(
        app,
        stage,
        env=cdk.Environment(
            account=os.environ.get("CDK_DEFAULT_ACCOUNT"),
            region=os.environ.get("CDK_DEFAULT_REGION"),
        ),
    )
    cdk.Validations.of(app).add_plugins(AwsSolutionsChecks(app))
    return app


if __name__ == "__main__":
    build_app().synth()
