"""The local moto server keeps each upload as it is made, and only what a request touched."""

from __future__ import annotations

import io
import json
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import boto3
import pytest

from local.dynamodb_local import free_port
from local.moto_state import MotoState, PersistentMotoServer, Touched, object_file, touched_by
from tests.integration.api import PDF, post_form

BUCKET = "recadastro-local-attachments"


@pytest.fixture
def moto(
    aws_credentials, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Callable[[], PersistentMotoServer]]:
    """start() runs a moto server keeping its state in tmp_path, as the stack does at start."""
    port = free_port()
    monkeypatch.setenv("AWS_ENDPOINT_URL", f"http://127.0.0.1:{port}")
    running: list[PersistentMotoServer] = []

    def start() -> PersistentMotoServer:
        server = PersistentMotoServer("127.0.0.1", port, MotoState(tmp_path / "aws"))
        server.start()
        running.append(server)
        s3 = boto3.client("s3")
        s3.create_bucket(Bucket=BUCKET)
        server.state.restore_objects(s3)
        server.state.start_saving()
        return server

    yield start
    for server in running:
        server.stop()
    from moto.moto_api._internal import moto_api_backend

    moto_api_backend.reset()


def browser_upload(key: str, content: bytes) -> None:
    grant = boto3.client("s3").generate_presigned_post(
        Bucket=BUCKET, Key=key, Fields={"x-amz-meta-filename": "conta.pdf"}
    )
    post_form(grant["url"], grant["fields"], content, "conta.pdf")


def test_a_browser_upload_survives_a_restart(moto) -> None:
    server = moto()
    browser_upload("uploads/52998224725/u1", PDF)

    restart(server, moto)

    kept = boto3.client("s3").get_object(Bucket=BUCKET, Key="uploads/52998224725/u1")
    assert kept["Body"].read() == PDF
    assert kept["Metadata"] == {"filename": "conta.pdf"}


def test_a_deleted_object_is_gone_after_a_restart(moto) -> None:
    server = moto()
    browser_upload("uploads/52998224725/u1", PDF)
    s3 = boto3.client("s3")
    s3.delete_object_tagging(Bucket=BUCKET, Key="uploads/52998224725/u1")
    s3.delete_object(Bucket=BUCKET, Key="uploads/52998224725/u1")

    restart(server, moto)

    assert boto3.client("s3").list_objects_v2(Bucket=BUCKET).get("KeyCount") == 0


def test_a_state_directory_with_the_old_index_is_taken_over(moto, tmp_path: Path) -> None:
    objects = tmp_path / "aws" / "s3"
    objects.mkdir(parents=True)
    content = object_file(objects, BUCKET, "uploads/52998224725/velho")
    content.write_bytes(PDF)
    index = {
        f"{BUCKET}/uploads/52998224725/velho": {
            "bucket": BUCKET, "key": "uploads/52998224725/velho", "etag": '"x"',
            "metadata": {"Content-Type": "application/pdf"}, "file": content.name,
        }
    }  # fmt: skip
    (tmp_path / "aws" / "s3-index.json").write_text(json.dumps(index))

    moto()

    kept = boto3.client("s3").get_object(Bucket=BUCKET, Key="uploads/52998224725/velho")
    assert (kept["Body"].read(), kept["ContentType"]) == (PDF, "application/pdf")
    assert not (tmp_path / "aws" / "s3-index.json").exists()


def test_the_local_outbox_lists_the_mail_to_one_address(moto) -> None:
    server = moto()
    ses = boto3.client("ses")
    ses.verify_email_identity(EmailAddress="nao-responda@recadastro.local")
    for to in ("ana@example.org", "bruno@example.org"):
        ses.send_email(
            Source="nao-responda@recadastro.local",
            Destination={"ToAddresses": [to]},
            Message={"Subject": {"Data": "Código"}, "Body": {"Text": {"Data": f"para {to}"}}},
        )

    url = f"http://127.0.0.1:{server.port}/_local/outbox?to=ana@example.org"
    with urllib.request.urlopen(url) as answer:
        [message] = json.load(answer)

    assert (message["to"], message["text"]) == (["ana@example.org"], "para ana@example.org")
    assert message["sent_at"]


def restart(
    server: PersistentMotoServer, start: Callable[[], PersistentMotoServer]
) -> PersistentMotoServer:
    """moto's backends belong to the process, not to a server: a restart must forget them."""
    from moto.moto_api._internal import moto_api_backend

    server.stop()
    moto_api_backend.reset()
    return start()


def environ(method: str, path: str, body: bytes = b"", **extra: str) -> dict[str, object]:
    return {
        "REQUEST_METHOD": method, "PATH_INFO": path, "CONTENT_LENGTH": str(len(body)),
        "wsgi.input": io.BytesIO(body), **extra,
    }  # fmt: skip


def test_each_request_names_only_what_it_can_change() -> None:
    form = (
        b'--b\r\nContent-Disposition: form-data; name="key"\r\n\r\nuploads/1/u2\r\n'
        b'--b\r\nContent-Disposition: form-data; name="file"; filename="a"\r\n\r\nxx\r\n--b--\r\n'
    )
    upload = environ("POST", f"/{BUCKET}", form, CONTENT_TYPE="multipart/form-data; boundary=b")

    assert touched_by(upload) == Touched(objects=((BUCKET, "uploads/1/u2"),))
    assert upload["wsgi.input"].read() == form  # type: ignore[attr-defined]
    assert touched_by(environ("DELETE", f"/{BUCKET}/uploads/1/u2")) == Touched(
        objects=((BUCKET, "uploads/1/u2"),)
    )
    assert (
        touched_by(environ("POST", "/", HTTP_X_AMZ_TARGET="secretsmanager.GetSecretValue"))
        == Touched()
    )
    assert touched_by(
        environ("POST", "/", HTTP_X_AMZ_TARGET="AWSCognitoIdentityProviderService.AdminCreateUser")
    ) == Touched(users=True)
    assert touched_by(environ("GET", f"/{BUCKET}/uploads/1/u2")) is None
    assert touched_by(environ("POST", f"/{BUCKET}", QUERY_STRING="delete")) == Touched(objects=None)
