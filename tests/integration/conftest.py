"""Integration fixtures: a DynamoDB Local of the test session, and moto."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from chalicelib import dependencies
from chalicelib.settings import Settings
from local.dynamodb_local import DynamoDBLocal, free_port
from local.stack import aws_environment, stage_environment

pytestmark = pytest.mark.integration


@pytest.fixture(scope="session")
def dynamodb_local(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DynamoDBLocal]:
    directory = tmp_path_factory.mktemp("dynamodb")
    database = DynamoDBLocal(free_port(), directory / "data", directory / "dynamodb.log")
    database.start()
    yield database
    database.stop()


@pytest.fixture
def local_env(monkeypatch: pytest.MonkeyPatch, dynamodb_local: DynamoDBLocal) -> Iterator[None]:
    """The local stage's environment, DynamoDB at the session's DynamoDB Local."""
    environment = stage_environment("local") | aws_environment(
        dynamodb_local.endpoint, "http://127.0.0.1:9"
    )
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    dependencies.reset()
    yield
    dependencies.reset()


@pytest.fixture
def tables(local_env: None) -> Settings:
    """Fresh, empty tables made from the models' own definitions."""
    from chalicelib.adapters.dynamodb.models import create_tables, delete_tables

    settings = dependencies.settings()
    delete_tables()
    create_tables()
    return settings


@pytest.fixture
def aws_credentials(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Fake credentials for moto; no endpoint variables, so nothing leaves the process."""
    for name in list(aws_environment("", "")):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_ACCOUNT_ID_ENDPOINT_MODE", "disabled")
