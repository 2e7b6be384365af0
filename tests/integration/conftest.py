"""Integration fixtures: a DynamoDB Local of the test session, and moto."""

from __future__ import annotations

import tempfile
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
    delete_tables(dependencies.tables())
    create_tables(dependencies.tables())
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


@pytest.fixture(scope="session")
def moto_endpoint() -> Iterator[str]:
    """One moto server for the session's API tests; each test resets it."""
    from local.moto_state import MotoState, PersistentMotoServer

    server = PersistentMotoServer("127.0.0.1", free_port(), MotoState(Path(tempfile.mkdtemp())))
    server.start()
    yield f"http://127.0.0.1:{server.port}"
    server.stop()


@pytest.fixture
def api(
    tables: Settings, moto_endpoint: str, monkeypatch: pytest.MonkeyPatch, council, tmp_path: Path
):
    """The app in-process (chalice.test.Client) on DynamoDB Local and moto, with two
    professionals on file: Ana (SP) and Bruno (RJ)."""
    import urllib.request

    from chalice.test import Client

    from app import app
    from local.aws_resources import create_resources
    from local.moto_state import MotoState
    from tests.conftest import registry_row
    from tests.integration.api import Api

    urllib.request.urlopen(urllib.request.Request(f"{moto_endpoint}/moto-api/reset", method="POST"))
    monkeypatch.setenv("AWS_ENDPOINT_URL", moto_endpoint)
    dependencies.reset()
    settings = dependencies.settings()
    resources = create_resources(settings, council, MotoState(tmp_path / "aws"))
    monkeypatch.setenv("STAFF_USER_POOL_ID", resources.user_pool_id)
    monkeypatch.setenv("STAFF_USER_POOL_CLIENT_ID", resources.user_pool_client_id)
    dependencies.reset()
    directory = dependencies.staff_directory()
    for username, groups in STAFF.items():
        directory.add_staff(
            username, STAFF_PASSWORD, username.title(), f"{username}@example.org", groups
        )
    from chalicelib.domain.registry import professional_from_row

    dependencies.professionals().add_new(
        [
            professional_from_row(registry_row(), council),
            professional_from_row(
                registry_row(
                    document=BRUNO, registration_number="2-T", region="RJ", email=BRUNO_EMAIL
                ),
                council,
            ),
        ]
    )
    with Client(app, stage_name="local") as client:
        yield Api(client, moto_endpoint)
    dependencies.reset()


ANA, ANA_EMAIL = "52998224725", "ana.souza@example.org"
STAFF_PASSWORD = "Senha-Forte-2026"
# Ana is in SP, Bruno in RJ.
STAFF = {"revisor.sp": ["region-SP"], "revisor.rj": ["region-RJ"], "admin": ["admin"]}
BRUNO, BRUNO_EMAIL = "08667638137", "bruno@example.org"
