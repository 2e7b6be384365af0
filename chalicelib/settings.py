"""Every environment variable the functions read, in one validated model."""

from __future__ import annotations

import os
from collections.abc import Mapping
from functools import lru_cache

from pydantic import BaseModel, ConfigDict, Field, ValidationError

# Logical table name -> environment variable holding the real one.
TABLE_ENV = {
    "professionals": "PROFESSIONALS_TABLE_NAME",
    "requests": "REQUESTS_TABLE_NAME",
    "uploads": "UPLOADS_TABLE_NAME",
    "login_codes": "LOGIN_CODES_TABLE_NAME",
    "subject_log": "SUBJECT_LOG_TABLE_NAME",
    "counters": "COUNTERS_TABLE_NAME",
    "campaign": "CAMPAIGN_TABLE_NAME",
    "idempotency": "IDEMPOTENCY_TABLE_NAME",
    "handoffs": "HANDOFFS_TABLE_NAME",
}

OTHER_ENV = {
    "stage": "STAGE",
    "attachments_bucket_name": "ATTACHMENTS_BUCKET_NAME",
    "mail_sender": "MAIL_SENDER",
    "staff_user_pool_id": "STAFF_USER_POOL_ID",
    "staff_user_pool_client_id": "STAFF_USER_POOL_CLIENT_ID",
    "web_origin": "WEB_ORIGIN",
    "jwt_secret_name": "JWT_SECRET_NAME",
    "local_aws_endpoint": "AWS_ENDPOINT_URL",
    "aws_region": "AWS_REGION",
    "vendor_url": "VENDOR_URL",
    "vendor_api_key_secret_name": "VENDOR_API_KEY_SECRET_NAME",
    "vendor_webhook_secret_name": "VENDOR_WEBHOOK_SECRET_NAME",
    "vendor_order_attempts": "VENDOR_ORDER_ATTEMPTS",
    "mail_send_rate": "MAIL_SEND_RATE",
    "govbr_sso_url": "GOVBR_SSO_URL",
    "govbr_api_url": "GOVBR_API_URL",
    "govbr_client_id": "GOVBR_CLIENT_ID",
    "govbr_client_secret_name": "GOVBR_CLIENT_SECRET_NAME",
    "govbr_redirect_uri": "GOVBR_REDIRECT_URI",
}


class SettingsError(RuntimeError):
    """The environment does not hold a valid configuration."""


class Settings(BaseModel):
    model_config = ConfigDict(frozen=True)

    stage: str
    tables: dict[str, str]
    attachments_bucket_name: str
    mail_sender: str
    staff_user_pool_id: str = ""
    staff_user_pool_client_id: str = ""
    web_origin: str = ""
    jwt_secret_name: str = ""
    # Only the local stack sets it: the moto server that stands in for AWS.
    local_aws_endpoint: str = ""
    aws_region: str = "us-east-1"
    vendor_url: str = ""
    vendor_api_key_secret_name: str = ""
    vendor_webhook_secret_name: str = ""
    # Deliveries of a stream record that may fail before its card order is marked failed; at
    # most the stream's retry budget (1 + MaximumRetryAttempts), so the order decides, not the DLQ.
    vendor_order_attempts: int = Field(default=3, ge=1, le=10)
    # E-mails per second the schedules send at most (SES's sending quota of the account).
    mail_send_rate: float = Field(default=14.0, gt=0)
    # gov.br's Login Único, endpoint by endpoint (it publishes no discovery document). No
    # client id: the stage has no gov.br sign-in (POST /auth/govbr/start answers 404).
    govbr_sso_url: str = ""
    govbr_api_url: str = ""
    govbr_client_id: str = ""
    govbr_client_secret_name: str = ""
    # The callback exactly as registered at gov.br (the API's public address + the route).
    govbr_redirect_uri: str = ""

    @property
    def is_local(self) -> bool:
        return self.stage == "local"

    def table_name(self, logical: str) -> str:
        return self.tables[logical]

    @classmethod
    def from_env(cls, environ: Mapping[str, str]) -> Settings:
        missing = [env for env in TABLE_ENV.values() if not environ.get(env)]
        if missing:
            raise SettingsError(f"missing environment variables: {', '.join(missing)}")
        values: dict[str, object] = {
            field: environ[env] for field, env in OTHER_ENV.items() if env in environ
        }
        values["tables"] = {logical: environ[env] for logical, env in TABLE_ENV.items()}
        # Lambda sets AWS_REGION; a shell usually AWS_DEFAULT_REGION.
        region = environ.get("AWS_REGION") or environ.get("AWS_DEFAULT_REGION")
        if region:
            values["aws_region"] = region
        try:
            return cls.model_validate(values)
        except ValidationError as error:
            raise SettingsError(str(error)) from error


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings.from_env(os.environ)
