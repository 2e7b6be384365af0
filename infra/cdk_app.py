"""The CDK app that deploys Recadastro: one `RecadastroStack` per stage (context `stage`, default `dev`).

A placeholder for now: the stack holds only the Chalice app (API Gateway + Lambda, packaged by
`chalice.cdk.Chalice` from the repository root). The DynamoDB tables and their streams, the
attachments bucket, SES, the SQS dead-letter queue, the EventBridge schedules, the Cognito user
pool, the static site (S3 + CloudFront) and the libmagic layer come in a later issue; until then
the functions get the resource *names* that `.chalice/config.json` gives the stage, and nothing
creates those resources.

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
from pathlib import Path
from typing import Any

# aws_cdk starts a node process on import and warns about node 20 on every run.
os.environ.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")

import aws_cdk as cdk
from chalice.cdk import Chalice
from constructs import Construct

INFRA_DIR = Path(__file__).resolve().parent
REPO_ROOT = INFRA_DIR.parent
# The tables are made from the app's own models (chalicelib), the constructs live beside this.
for path in (str(REPO_ROOT), str(INFRA_DIR)):
    if path not in sys.path:
        sys.path.insert(0, path)

from aws_cdk import aws_sqs as sqs  # noqa: E402
from recadastro_infra.gateway import gateway_responses  # noqa: E402
from recadastro_infra.monitoring import Alarms  # noqa: E402
from recadastro_infra.tables import Tables  # noqa: E402

from chalicelib.adapters.dynamodb.streams import logical_table_of  # noqa: E402

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


class RecadastroStack(cdk.Stack):
    """Everything one stage of Recadastro runs on. For now: the Chalice API and its functions."""

    def __init__(self, scope: Construct, stage: str, **kwargs: Any) -> None:
        # The Chalice construct packages the app for the Chalice stage named after the scope
        # it is created in, so the stack's construct id *is* the stage name; the CloudFormation
        # stack name carries the app's name.
        super().__init__(scope, stage, stack_name=f"recadastro-{stage}", **kwargs)
        self.stage = stage
        environment = stage_environment(stage)
        self.tables = Tables(self, "Tables", environment)
        self.stream_failures = sqs.Queue(
            self,
            "StreamFailures",
            queue_name=f"recadastro-{stage}-stream-failures",
            retention_period=cdk.Duration.days(14),
            encryption=sqs.QueueEncryption.SQS_MANAGED,
            enforce_ssl=True,
        )
        self.chalice = Chalice(
            self,
            "ChaliceApp",
            source_dir=str(REPO_ROOT),
            stage_config={
                "environment_variables": environment,
                # A regional endpoint: the WAF web ACL sits on its stage.
                "api_gateway_endpoint_type": "REGIONAL",
            },
        )
        self._connect_streams()
        api = self.chalice.get_resource("RestAPI")
        api.add_property_override("Name", f"recadastro-{stage}")
        api.add_property_override("GatewayResponses", gateway_responses(environment["WEB_ORIGIN"]))
        self.alarms = Alarms(
            self, "Alarms", stage, self.stream_failures, api_name=f"recadastro-{stage}",
            api_stage=API_STAGE, alarm_email=self.node.try_get_context("alarm_email"),
        )  # fmt: skip
        cdk.Tags.of(self).add("app", "recadastro")
        cdk.Tags.of(self).add("stage", stage)

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


def _stream_sources() -> list[Any]:
    from chalice.app import DynamoDBEventConfig

    from app import app

    return [source for source in app.event_sources if isinstance(source, DynamoDBEventConfig)]


def _logical_id(function_name: str) -> str:
    """Chalice's name for a function's resource: order_cards -> OrderCards."""
    return "".join(part.capitalize() for part in function_name.split("_"))


def build_app(stage: str | None = None) -> cdk.App:
    """The CDK app for one stage: the `stage` argument, else context `stage`, else `dev`."""
    # The CDK CLI passes its output directory in CDK_OUTDIR; run directly, write beside this file.
    outdir = os.environ.get("CDK_OUTDIR", str(INFRA_DIR / "cdk.out"))
    app = cdk.App(outdir=outdir)
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
    return app


if __name__ == "__main__":
    build_app().synth()
