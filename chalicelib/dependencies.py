"""Composition root: the one place that builds adapters, lazily and once per process."""

from __future__ import annotations

import json
import time
import urllib.parse
from collections.abc import Callable
from datetime import timedelta
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from chalicelib.domain.campaign import CampaignSettings, Council
from chalicelib.services.ports import (
    AccessRecovery,
    AttemptLimiter,
    AuditLog,
    CampaignEditing,
    CampaignRepository,
    CardOrdering,
    CardVendor,
    ChangeRequests,
    CodeSignIn,
    CounterRepository,
    DeadlineReminders,
    DeliveryLog,
    GovbrContact,
    GovbrIdentity,
    GovbrSignIn,
    Handoffs,
    Idempotency,
    LoginCodeRepository,
    Mailer,
    Markers,
    Notifications,
    Outbox,
    ProfessionalRepository,
    RateLimiter,
    RequestRepository,
    ReviewDecisions,
    SessionEnding,
    StaffDirectory,
    StaffReads,
    StaffSessions,
    StaffSignIn,
    StalledDigest,
    Storage,
    StreamBatch,
    SubjectLog,
    Tokens,
    UploadRepository,
    VendorReports,
)
from chalicelib.settings import Settings, get_settings

if TYPE_CHECKING:
    from chalicelib.adapters.dynamodb.models import Tables
    from chalicelib.domain.change_requests import Request
    from chalicelib.domain.professional import Professional

COUNCIL_FILE = Path(__file__).with_name("council.json")


@lru_cache(maxsize=1)
def council() -> Council:
    return Council.model_validate(json.loads(COUNCIL_FILE.read_text(encoding="utf-8")))


def settings() -> Settings:
    return get_settings()


@lru_cache(maxsize=1)
def tables() -> Tables:
    """The stage's tables, handed to each DynamoDB adapter. Factories that read no table never
    call this: so the authorizers never load pynamodb."""
    from chalicelib.adapters.dynamodb.models import Tables

    return Tables(get_settings().tables)


@cache
def boto3_client(service: str) -> Any:
    import boto3

    return boto3.session.Session().client(service)  # type: ignore[call-overload]


@lru_cache(maxsize=1)
def professionals() -> ProfessionalRepository:
    from chalicelib.adapters.dynamodb.repositories import DynamoProfessionalRepository

    return DynamoProfessionalRepository(boto3_client("dynamodb"), tables())


@lru_cache(maxsize=1)
def campaigns() -> CampaignRepository:
    from chalicelib.adapters.dynamodb.repositories import DynamoCampaignRepository

    return DynamoCampaignRepository(tables())


@lru_cache(maxsize=1)
def counters() -> CounterRepository:
    from chalicelib.adapters.dynamodb.repositories import DynamoCounterRepository

    return DynamoCounterRepository(boto3_client("dynamodb"), tables())


@lru_cache(maxsize=1)
def mailer() -> Mailer:
    from chalicelib.adapters.mail import SesMailer

    return SesMailer(boto3_client("ses"), get_settings().mail_sender)


@lru_cache(maxsize=1)
def login_codes() -> LoginCodeRepository:
    from chalicelib.adapters.dynamodb.access import DynamoLoginCodeRepository

    return DynamoLoginCodeRepository(tables())


@lru_cache(maxsize=1)
def rate_limiter() -> RateLimiter:
    from chalicelib.adapters.dynamodb.access import DynamoRateLimiter

    return DynamoRateLimiter(boto3_client("dynamodb"), tables())


@lru_cache(maxsize=1)
def attempt_limiter() -> AttemptLimiter:
    from chalicelib.adapters.dynamodb.access import DynamoAttemptLimiter

    return DynamoAttemptLimiter(boto3_client("dynamodb"), tables())


@lru_cache(maxsize=1)
def tokens() -> Tokens:
    from chalicelib.adapters.tokens import ProfessionalTokens, SecretKey

    key = SecretKey(boto3_client("secretsmanager"), get_settings().jwt_secret_name)
    return ProfessionalTokens(key, ttl=timedelta(minutes=30))


@lru_cache(maxsize=1)
def uploads() -> UploadRepository:
    from chalicelib.adapters.dynamodb.change_requests import DynamoUploadRepository

    return DynamoUploadRepository(tables())


@lru_cache(maxsize=1)
def requests() -> RequestRepository:
    from chalicelib.adapters.dynamodb.change_requests import DynamoRequestRepository

    return DynamoRequestRepository(boto3_client("dynamodb"), tables())


@lru_cache(maxsize=1)
def storage() -> Storage:
    import boto3
    from botocore.config import Config

    from chalicelib.adapters.storage import S3Storage

    # Presigned POSTs and links must be SigV4: S3 refuses SigV2 on buckets made since 2020.
    client = boto3.session.Session().client("s3", config=Config(signature_version="s3v4"))
    return S3Storage(client, get_settings().attachments_bucket_name)


def detect_type(data: bytes) -> str:
    from chalicelib.adapters.mime import detect_type as detect

    return detect(data)


def sniff_bytes() -> int:
    from chalicelib.adapters.mime import SNIFF_BYTES

    return SNIFF_BYTES


_campaign_cache: dict[str, tuple[float, CampaignSettings]] = {}


def campaign_settings() -> CampaignSettings:
    """The campaign settings, the one way routes, schedules and streams read them: at most once
    a minute per container, since every request view needs `stall_days` and a read per request
    for a value that changes once a month is waste. `forget_campaign_settings()` after a save."""
    from chalicelib.services.campaign import current_settings

    cached = _campaign_cache.get("settings")
    if cached is None or time.monotonic() - cached[0] > 60:
        cached = (time.monotonic(), current_settings(council(), campaigns()))
        _campaign_cache["settings"] = cached
    return cached[1]


@lru_cache(maxsize=1)
def subject_log() -> SubjectLog:
    from chalicelib.adapters.dynamodb.subject_log import DynamoSubjectLog

    return DynamoSubjectLog(tables())


def audit_log() -> AuditLog:
    return subject_log()


@lru_cache(maxsize=1)
def staff_verifier() -> Any:
    from chalicelib.adapters.identity import CognitoTokenVerifier

    current = get_settings()
    pool, region = current.staff_user_pool_id, current.aws_region
    public_host = f"cognito-idp.{region}.amazonaws.com"
    if current.local_aws_endpoint:
        # moto serves the pool's keys at its own address, for Cognito's host name.
        jwks_url, host = f"{current.local_aws_endpoint}/{pool}/.well-known/jwks.json", public_host
    else:
        jwks_url, host = f"https://{public_host}/{pool}/.well-known/jwks.json", None
    return CognitoTokenVerifier(
        jwks_url, f"https://{public_host}/{pool}", current.staff_user_pool_client_id, host
    )


@lru_cache(maxsize=1)
def staff_sign_in() -> StaffSignIn:
    from chalicelib.adapters.identity import CognitoSignIn

    return CognitoSignIn(
        boto3_client("cognito-idp"), get_settings().staff_user_pool_client_id, staff_verifier()
    )


def deliveries() -> DeliveryLog:
    return subject_log()


@lru_cache(maxsize=1)
def once() -> Idempotency:
    from chalicelib.adapters.idempotency import PowertoolsOnce

    return PowertoolsOnce(get_settings().table_name("idempotency"), boto3_client("dynamodb"))


@lru_cache(maxsize=1)
def vendor() -> CardVendor:
    from chalicelib.adapters.tokens import SecretKey
    from chalicelib.adapters.vendor import HttpVendor

    current = get_settings()
    key = SecretKey(boto3_client("secretsmanager"), current.vendor_api_key_secret_name)
    return HttpVendor(current.vendor_url, key)


@lru_cache(maxsize=1)
def vendor_webhook_secret() -> Callable[[], bytes]:
    from chalicelib.adapters.tokens import SecretKey

    return SecretKey(boto3_client("secretsmanager"), get_settings().vendor_webhook_secret_name)


@lru_cache(maxsize=1)
def markers() -> Markers:
    from chalicelib.adapters.dynamodb.access import DynamoMarkers

    return DynamoMarkers(tables())


def stream_arn(logical_table: str) -> str:
    """The stream ARN a handler is packaged with (CDK and the local pump put the real one)."""
    from chalicelib.adapters.dynamodb.streams import placeholder_stream_arn

    return placeholder_stream_arn(logical_table)


def request_changes(records: list[dict[str, Any]]) -> StreamBatch[Request]:
    """A batch of the requests stream, read into changes to requests."""
    from chalicelib.adapters.dynamodb.streams import request_changes as read

    return read(records)


def professional_changes(records: list[dict[str, Any]]) -> StreamBatch[Professional]:
    """A batch of the professionals stream, read into changes to professionals."""
    from chalicelib.adapters.dynamodb.streams import professional_changes as read

    return read(records)


def forget_campaign_settings() -> None:
    """After an admin saves new settings, this container uses them at once."""
    _campaign_cache.clear()


@lru_cache(maxsize=1)
def staff_directory() -> StaffDirectory:
    from chalicelib.adapters.identity import CognitoStaffDirectory

    return CognitoStaffDirectory(boto3_client("cognito-idp"), get_settings().staff_user_pool_id)


def outbox() -> Outbox:
    return Outbox(mailer(), deliveries())


# What each use case needs (services/ports.py), one bundle each: a route or handler passes one
# value on, and a new port touches its bundle and the factory below.


def code_sign_in() -> CodeSignIn:
    """The ports of signing in by code, each built once by its own factory."""
    return CodeSignIn(council(), professionals(), login_codes(), attempt_limiter(), tokens())


def staff_sessions() -> StaffSessions:
    """The ports of a staff member's sign-in, each built once by its own factory."""
    return StaffSessions(staff_sign_in(), attempt_limiter())


def change_requests() -> ChangeRequests:
    """The ports of a professional's uploads and requests, each built once by its own factory;
    libmagic itself is loaded only when a file is inspected."""
    return ChangeRequests(
        professionals(), requests(), uploads(), storage(), detect_type, sniff_bytes()
    )


def review_decisions() -> ReviewDecisions:
    """The ports of claiming and deciding a request, each built once by its own factory."""
    return ReviewDecisions(requests(), professionals(), audit_log(), storage())


def staff_reads() -> StaffReads:
    """The ports of the staff's views, with the campaign settings as this container has them."""
    return StaffReads(
        requests(), professionals(), storage(), audit_log(), counters(), campaign_settings()
    )


def campaign_editing() -> CampaignEditing:
    return CampaignEditing(campaigns(), audit_log())


def notifications() -> Notifications:
    """What the e-mails about requests need, each port built once by its own factory."""
    origin = get_settings().web_origin
    return Notifications(
        council(), staff_directory(), professionals(), outbox(), once(), campaign_settings(),
        f"{origin}/admin/", f"{origin}/",
    )  # fmt: skip


@lru_cache(maxsize=1)
def handoffs() -> Handoffs:
    from chalicelib.adapters.dynamodb.handoffs import DynamoHandoffs

    return DynamoHandoffs(boto3_client("dynamodb"), tables())


@lru_cache(maxsize=1)
def govbr_identity() -> GovbrIdentity | None:
    """gov.br's client, kept for the container's life (its keys with it); None where the stage
    has no gov.br client id."""
    current = get_settings()
    if not current.govbr_client_id:
        return None
    from chalicelib.adapters.govbr import GovbrClient
    from chalicelib.adapters.tokens import SecretKey

    secret = SecretKey(boto3_client("secretsmanager"), current.govbr_client_secret_name)
    return GovbrClient(
        current.govbr_sso_url, current.govbr_client_id, secret, current.govbr_redirect_uri
    )


def govbr_sign_in() -> GovbrSignIn:
    """What signing in with gov.br needs, each port built once by its own factory."""
    site = f"{get_settings().web_origin}/"
    return GovbrSignIn(govbr_identity(), handoffs(), professionals(), tokens(), site)


def govbr_contact() -> GovbrContact:
    """What taking the contact e-mail from gov.br needs."""
    return GovbrContact(handoffs(), change_requests(), tokens())


def access_recovery() -> AccessRecovery:
    """What an access recovery needs, each port built once by its own factory."""
    return AccessRecovery(code_sign_in(), handoffs(), mailer(), change_requests())


def session_ending() -> SessionEnding:
    """What logging out needs: gov.br's logout comes back to the site, as registered there."""
    current = get_settings()
    logout = None
    if current.govbr_client_id:
        back = urllib.parse.quote(f"{current.web_origin}/", safe="")
        logout = f"{current.govbr_sso_url}/logout?post_logout_redirect_uri={back}"
    return SessionEnding(professionals(), logout)


def card_ordering() -> CardOrdering:
    """What placing card orders needs, each port built once by its own factory."""
    current = get_settings()
    return CardOrdering(
        professionals(), vendor(), once(), outbox(), council(),
        campaign_settings(), current.vendor_order_attempts, f"{current.web_origin}/",
    )  # fmt: skip


def vendor_reports() -> VendorReports:
    """What taking the vendor's signed reports needs."""
    return VendorReports(professionals(), markers(), audit_log(), vendor_webhook_secret())


def deadline_reminders() -> DeadlineReminders:
    """A reminder run's ports, with a pace of its own (the SES sending rate)."""
    from chalicelib.services.reminders import Pace

    current = get_settings()
    return DeadlineReminders(
        council(), campaign_settings(), professionals(), once(), outbox(),
        Pace(current.mail_send_rate), f"{current.web_origin}/",
    )  # fmt: skip


def stalled_digest() -> StalledDigest:
    current = get_settings()
    return StalledDigest(
        council(), campaign_settings(), requests(), staff_directory(), once(),
        outbox(), f"{current.web_origin}/admin/",
    )  # fmt: skip


def reset() -> None:
    """Forgets every adapter (tests change the environment between cases)."""
    factories = (council, tables, boto3_client, professionals, campaigns, counters, mailer)
    more = (staff_directory, login_codes, rate_limiter, tokens, uploads, requests, storage)
    staff = (subject_log, staff_verifier, staff_sign_in, once)
    cards = (vendor, vendor_webhook_secret, markers)
    limits = (attempt_limiter, handoffs, govbr_identity)
    for factory in (*factories, *more, *staff, *cards, *limits):
        factory.cache_clear()
    _campaign_cache.clear()
    get_settings.cache_clear()
