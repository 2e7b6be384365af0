"""The AWS resources of stage `local`, made on the moto server at every start (moto forgets them).
In AWS the CDK app in infra/ makes the same ones."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import boto3

from chalicelib.adapters.identity import PASSWORD_POLICY
from chalicelib.domain.campaign import Council
from chalicelib.domain.staff import all_groups
from chalicelib.settings import Settings
from local.moto_state import MotoState

USER_POOL_NAME = "recadastro-local-staff"
DLQ_NAME = "recadastro-local-stream-failures"


@dataclass(frozen=True)
class LocalResources:
    user_pool_id: str
    user_pool_client_id: str
    dlq_url: str


def create_resources(settings: Settings, council: Council, state: MotoState) -> LocalResources:
    s3 = boto3.client("s3")
    s3.create_bucket(Bucket=settings.attachments_bucket_name)
    s3.put_bucket_cors(
        Bucket=settings.attachments_bucket_name,
        CORSConfiguration={
            "CORSRules": [
                {
                    "AllowedOrigins": [settings.web_origin or "*"],
                    "AllowedMethods": ["POST", "GET"],
                    "AllowedHeaders": ["*"],
                    "MaxAgeSeconds": 600,
                }
            ]
        },
    )
    state.restore_objects(s3)

    boto3.client("ses").verify_email_identity(EmailAddress=settings.mail_sender)
    secrets = boto3.client("secretsmanager")
    for name in (
        settings.jwt_secret_name,
        settings.vendor_api_key_secret_name,
        settings.vendor_webhook_secret_name,
        settings.govbr_client_secret_name,
    ):
        if name:  # a stage without gov.br sign-in may name no client secret
            secrets.create_secret(Name=name, SecretString=state.secret_value(name))
    dlq_url = boto3.client("sqs").create_queue(QueueName=DLQ_NAME)["QueueUrl"]

    cognito = boto3.client("cognito-idp")
    pool_id = cognito.create_user_pool(
        PoolName=USER_POOL_NAME,
        Policies={"PasswordPolicy": PASSWORD_POLICY},
        AutoVerifiedAttributes=["email"],
    )["UserPool"]["Id"]
    client_id = cognito.create_user_pool_client(
        UserPoolId=pool_id,
        ClientName="recadastro-admin-page",
        GenerateSecret=False,
        ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
        # The ID token then carries the name the admin page greets staff by.
        ReadAttributes=["email", "name"],
    )["UserPoolClient"]["ClientId"]
    for group in all_groups(council):
        cognito.create_group(UserPoolId=pool_id, GroupName=group)
    for user in state.saved_users(USER_POOL_NAME):
        _restore_user(cognito, pool_id, user)
    state.start_saving()
    return LocalResources(pool_id, client_id, dlq_url)


def _restore_user(cognito: Any, pool_id: str, user: dict[str, Any]) -> None:
    cognito.admin_create_user(
        UserPoolId=pool_id,
        Username=user["username"],
        UserAttributes=user["attributes"],
        MessageAction="SUPPRESS",
    )
    cognito.admin_set_user_password(
        UserPoolId=pool_id, Username=user["username"], Password=user["password"], Permanent=True
    )
    for group in user["groups"]:
        cognito.admin_add_user_to_group(
            UserPoolId=pool_id, Username=user["username"], GroupName=group
        )
