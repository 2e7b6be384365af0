"""The AWS stand-ins of the local stack (moto): staff accounts, outbox, and state kept across a restart."""

from __future__ import annotations

from pathlib import Path

import boto3
import pytest
from moto import mock_aws

from chalicelib.adapters.identity import PASSWORD_POLICY, CognitoStaffDirectory
from chalicelib.adapters.mail import SesMailer, read_local_outbox
from chalicelib.domain.errors import Conflict, InvalidInput
from chalicelib.settings import Settings
from local.aws_resources import USER_POOL_NAME, create_resources
from local.dynamodb_local import free_port
from local.moto_state import MotoState, PersistentMotoServer
from local.stack import stage_environment


@pytest.fixture
def user_pool(aws_credentials):
    with mock_aws():
        cognito = boto3.client("cognito-idp")
        pool = cognito.create_user_pool(
            PoolName="staff", Policies={"PasswordPolicy": PASSWORD_POLICY}
        )
        pool_id = pool["UserPool"]["Id"]
        for group in ("admin", "region-SP"):
            cognito.create_group(UserPoolId=pool_id, GroupName=group)
        yield cognito, pool_id


def test_a_staff_member_is_created_confirmed_with_their_groups(user_pool) -> None:
    cognito, pool_id = user_pool
    directory = CognitoStaffDirectory(cognito, pool_id)

    directory.add_staff(
        "revisor.sp", "Uma-Senha-Forte-1", "Revisora", "r@example.org", ["region-SP"]
    )

    user = cognito.admin_get_user(UserPoolId=pool_id, Username="revisor.sp")
    groups = cognito.admin_list_groups_for_user(UserPoolId=pool_id, Username="revisor.sp")["Groups"]
    assert user["UserStatus"] == "CONFIRMED"
    assert [group["GroupName"] for group in groups] == ["region-SP"]
    with pytest.raises(Conflict):
        directory.add_staff("revisor.sp", "Uma-Senha-Forte-1", "Outra", "o@example.org", [])


def test_a_weak_password_leaves_no_half_made_user(user_pool) -> None:
    cognito, pool_id = user_pool
    directory = CognitoStaffDirectory(cognito, pool_id)

    with pytest.raises(InvalidInput) as error:
        directory.add_staff("fraco", "123", "Fraco", "f@example.org", ["admin"])

    assert "password" in error.value.fields
    assert cognito.list_users(UserPoolId=pool_id)["Users"] == []


@pytest.fixture
def moto_server(aws_credentials, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """start() runs a moto server keeping its state in tmp_path, on the same port each time."""
    port = free_port()
    monkeypatch.setenv("AWS_ENDPOINT_URL", f"http://127.0.0.1:{port}")
    running: list[PersistentMotoServer] = []

    def start() -> PersistentMotoServer:
        server = PersistentMotoServer("127.0.0.1", port, MotoState(tmp_path / "aws"))
        server.start()
        running.append(server)
        return server

    yield start
    for server in running:
        server.stop()
    reset_moto()


def reset_moto() -> None:
    """moto's backends belong to the process, not to a server: a restart must forget them."""
    from moto.moto_api._internal import moto_api_backend

    moto_api_backend.reset()


def local_settings() -> Settings:
    return Settings.from_env(stage_environment("local"))


def test_the_outbox_lists_what_ses_sent(moto_server, council) -> None:
    server = moto_server()
    settings = local_settings()
    create_resources(settings, council, server.state)
    mailer = SesMailer(boto3.client("ses"), settings.mail_sender)

    mailer.send(["ana@example.org"], "Seu código de acesso", "Código: 123456")

    [message] = read_local_outbox(f"http://127.0.0.1:{server.port}")
    assert message["to"] == ["ana@example.org"]
    assert message["subject"] == "Seu código de acesso"
    assert message["text"] == "Código: 123456"
    assert message["sent_at"]


def test_uploaded_files_and_staff_accounts_survive_a_restart(moto_server, council) -> None:
    settings = local_settings()
    server = moto_server()
    resources = create_resources(settings, council, server.state)
    boto3.client("s3").put_object(
        Bucket=settings.attachments_bucket_name,
        Key="uploads/52998224725/u1",
        Body=b"%PDF-1.4 comprovante",
        ContentType="application/pdf",
        Metadata={"filename": "conta-de-luz.pdf"},
    )
    CognitoStaffDirectory(boto3.client("cognito-idp"), resources.user_pool_id).add_staff(
        "revisor.sp", "Uma-Senha-Forte-1", "Revisora", "r@example.org", ["region-SP"]
    )
    server.stop()
    reset_moto()

    again = create_resources(settings, council, moto_server().state)

    kept = boto3.client("s3").get_object(
        Bucket=settings.attachments_bucket_name, Key="uploads/52998224725/u1"
    )
    assert kept["Body"].read() == b"%PDF-1.4 comprovante"
    assert (kept["ContentType"], kept["Metadata"]) == (
        "application/pdf",
        {"filename": "conta-de-luz.pdf"},
    )
    cognito = boto3.client("cognito-idp")
    signed_in = cognito.admin_initiate_auth(
        UserPoolId=again.user_pool_id,
        ClientId=again.user_pool_client_id,
        AuthFlow="ADMIN_USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": "revisor.sp", "PASSWORD": "Uma-Senha-Forte-1"},
    )
    assert signed_in["AuthenticationResult"]["IdToken"]
    groups = cognito.admin_list_groups_for_user(
        UserPoolId=again.user_pool_id, Username="revisor.sp"
    )
    assert [group["GroupName"] for group in groups["Groups"]] == ["region-SP"]
    assert USER_POOL_NAME in [
        pool["Name"] for pool in cognito.list_user_pools(MaxResults=10)["UserPools"]
    ]
