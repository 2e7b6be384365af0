"""One IAM role per function, with only what that function's code uses: its tables (and the
indexes it queries), its stream, its bucket prefix, its secrets, its queue. No `*` resource and
no AWS managed policy: each role writes only its own log group."""

from __future__ import annotations

from dataclasses import dataclass, field

import aws_cdk as cdk
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_iam as iam
from aws_cdk import aws_logs as logs
from constructs import Construct

READ = (
    "dynamodb:GetItem",
    "dynamodb:BatchGetItem",
    "dynamodb:Query",
    "dynamodb:ConditionCheckItem",
)
WRITE = ("dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem")
STREAM = (
    "dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator",
    "dynamodb:ListStreams",
)  # fmt: skip


@dataclass(frozen=True)
class Needs:
    """What one function's code touches. Tables by logical name; `indexes` those it queries."""

    read: tuple[str, ...] = ()
    write: tuple[str, ...] = ()
    indexes: tuple[str, ...] = ()
    stream: str | None = None
    secrets: tuple[str, ...] = ()
    attachments: tuple[str, ...] = ()  # S3 actions on the attachments' `uploads/*` prefix
    mail: bool = False
    staff_directory: bool = False
    dead_letters: bool = False
    extra: tuple[iam.PolicyStatement, ...] = field(default=())


# The API reads and writes each of these (and no other table): the idempotency table is the
# stream consumers' and the schedules'; the handoffs (a gov.br sign-in in flight, the ticket the
# site trades for a session) are the API's alone.
API_TABLES = (
    "professionals", "requests", "uploads", "login_codes", "subject_log", "counters", "campaign",
    "handoffs",
)  # fmt: skip

# The app's functions (Chalice's names) and what each one's code uses; see chalicelib/.
NEEDS: dict[str, Needs] = {
    "api_handler": Needs(
        read=API_TABLES,
        write=API_TABLES,
        indexes=(
            "requests/by-professional",
            "requests/by-region-status",
            "requests/by-status",
            "professionals/card-failed-by-region",
        ),
        # The gov.br client secret: Basic authentication at gov.br's token endpoint.
        secrets=("jwt", "webhook", "govbr_client_secret"),
        attachments=(
            "s3:PutObject",
            "s3:PutObjectTagging",
            "s3:GetObject",
            "s3:DeleteObject",
            "s3:DeleteObjectTagging",
        ),
        mail=True,
    ),
    "professional_auth": Needs(secrets=("jwt",)),
    "staff_auth": Needs(),  # checks Cognito's public keys: no AWS call
    "count_professionals": Needs(write=("counters",), stream="professionals", dead_letters=True),
    "count_requests": Needs(write=("counters",), stream="requests", dead_letters=True),
    "notify_requests": Needs(
        read=("professionals", "campaign", "idempotency"),
        write=("idempotency", "subject_log"),
        stream="requests",
        mail=True,
        staff_directory=True,
        dead_letters=True,
    ),
    "order_cards": Needs(
        read=("professionals", "campaign", "idempotency"),
        write=("professionals", "idempotency", "subject_log"),
        stream="professionals",
        secrets=("vendor_api_key",),
        mail=True,
        dead_letters=True,
    ),
    "remind_deadline": Needs(
        read=("professionals", "campaign", "idempotency"),
        write=("idempotency", "subject_log"),
        indexes=("professionals/pending-by-region",),
        mail=True,
    ),
    "digest_stalled": Needs(
        read=("requests", "campaign", "idempotency"),
        write=("idempotency", "subject_log"),
        indexes=("requests/by-region-status",),
        mail=True,
        staff_directory=True,
    ),
}


@dataclass(frozen=True)
class Resources:
    """What the roles grant access to, made by the other constructs of the stack."""

    tables: dict[str, dynamodb.Table]
    dead_letters_arn: str
    attachments_bucket_arn: str
    secrets: dict[str, str]  # logical name -> secret ARN
    mail_identity_arns: list[str]
    user_pool_arn: str


def function_name(stage: str, chalice_name: str) -> str:
    return f"recadastro-{stage}-{chalice_name.replace('_', '-')}"


class FunctionRoles(Construct):
    """`.roles[chalice name]` — and a log group per function, kept 90 days."""

    def __init__(self, scope: Construct, id: str, stage: str, resources: Resources) -> None:
        super().__init__(scope, id)
        self.roles: dict[str, iam.Role] = {}
        for name, needs in NEEDS.items():
            log_group = logs.LogGroup(
                self, f"{name}-logs", log_group_name=f"/aws/lambda/{function_name(stage, name)}",
                retention=logs.RetentionDays.THREE_MONTHS, removal_policy=cdk.RemovalPolicy.RETAIN,
            )  # fmt: skip
            role = iam.Role(
                self, name, assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"),
                description=f"Recadastro {stage}: only what {name} uses",
            )  # fmt: skip
            for statement in _statements(needs, resources, log_group.log_group_arn):
                role.add_to_policy(statement)
            self.roles[name] = role


def _statements(
    needs: Needs, resources: Resources, log_group_arn: str
) -> list[iam.PolicyStatement]:
    statements = [
        iam.PolicyStatement(
            actions=["logs:CreateLogStream", "logs:PutLogEvents"], resources=[log_group_arn]
        )
    ]
    tables = resources.tables
    if needs.read:
        arns = [tables[name].table_arn for name in needs.read]
        arns += [_index_arn(tables, index) for index in needs.indexes]
        statements.append(iam.PolicyStatement(actions=list(READ), resources=arns))
    if needs.write:
        statements.append(
            iam.PolicyStatement(
                actions=list(WRITE), resources=[tables[name].table_arn for name in needs.write]
            )
        )
    if needs.stream:
        statements.append(
            iam.PolicyStatement(
                actions=list(STREAM), resources=[tables[needs.stream].table_stream_arn or ""]
            )
        )
    if needs.secrets:
        statements.append(
            iam.PolicyStatement(
                actions=["secretsmanager:GetSecretValue"],
                resources=[resources.secrets[name] for name in needs.secrets],
            )
        )
    if needs.attachments:
        statements.append(
            iam.PolicyStatement(
                actions=list(needs.attachments),
                resources=[f"{resources.attachments_bucket_arn}/uploads/*"],
            )
        )
        # Without it S3 answers 403, not 404, for an object that is not there.
        statements.append(
            iam.PolicyStatement(
                actions=["s3:ListBucket"],
                resources=[resources.attachments_bucket_arn],
                conditions={"StringLike": {"s3:prefix": ["uploads/*"]}},
            )
        )
    if needs.mail:
        statements.append(
            iam.PolicyStatement(
                actions=["ses:SendEmail", "ses:SendRawEmail"],
                resources=resources.mail_identity_arns,
            )
        )
    if needs.staff_directory:
        statements.append(
            iam.PolicyStatement(
                actions=["cognito-idp:ListUsersInGroup"], resources=[resources.user_pool_arn]
            )
        )
    if needs.dead_letters:
        statements.append(
            iam.PolicyStatement(actions=["sqs:SendMessage"], resources=[resources.dead_letters_arn])
        )
    return statements + list(needs.extra)


def _index_arn(tables: dict[str, dynamodb.Table], index: str) -> str:
    """ "requests/by-status" -> that index's ARN."""
    table, _, name = index.partition("/")
    return f"{tables[table].table_arn}/index/{name}"
