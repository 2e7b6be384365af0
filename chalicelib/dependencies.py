"""Composition root: the one place that builds adapters, lazily and once per process."""

from __future__ import annotations

import json
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from chalicelib.domain.campaign import Council
from chalicelib.services.ports import (
    CampaignRepository,
    CounterRepository,
    Mailer,
    ProfessionalRepository,
    StaffDirectory,
)
from chalicelib.settings import Settings, get_settings

COUNCIL_FILE = Path(__file__).with_name("council.json")


@lru_cache(maxsize=1)
def council() -> Council:
    return Council.model_validate(json.loads(COUNCIL_FILE.read_text(encoding="utf-8")))


@lru_cache(maxsize=1)
def settings() -> Settings:
    from chalicelib.adapters.dynamodb.models import bind_models

    current = get_settings()
    bind_models(current)
    return current


@cache
def boto3_client(service: str) -> Any:
    import boto3

    return boto3.session.Session().client(service)  # type: ignore[call-overload]


@lru_cache(maxsize=1)
def professionals() -> ProfessionalRepository:
    from chalicelib.adapters.dynamodb.repositories import DynamoProfessionalRepository

    settings()
    return DynamoProfessionalRepository(boto3_client("dynamodb"))


@lru_cache(maxsize=1)
def campaigns() -> CampaignRepository:
    from chalicelib.adapters.dynamodb.repositories import DynamoCampaignRepository

    settings()
    return DynamoCampaignRepository()


@lru_cache(maxsize=1)
def counters() -> CounterRepository:
    from chalicelib.adapters.dynamodb.repositories import DynamoCounterRepository

    settings()
    return DynamoCounterRepository(boto3_client("dynamodb"))


@lru_cache(maxsize=1)
def mailer() -> Mailer:
    from chalicelib.adapters.mail import SesMailer

    return SesMailer(boto3_client("ses"), settings().mail_sender)


@lru_cache(maxsize=1)
def staff_directory() -> StaffDirectory:
    from chalicelib.adapters.identity import CognitoStaffDirectory

    return CognitoStaffDirectory(boto3_client("cognito-idp"), settings().staff_user_pool_id)


def reset() -> None:
    """Forgets every adapter (tests change the environment between cases)."""
    factories = (council, settings, boto3_client, professionals, campaigns, counters, mailer)
    for factory in (*factories, staff_directory):
        factory.cache_clear()
    get_settings.cache_clear()
