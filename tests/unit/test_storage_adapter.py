"""The S3 adapter's part in expiring abandoned uploads: uploads are posted tagged pending, and
`keep` removes the tag. S3 itself is stubbed (botocore's Stubber): no network."""

from __future__ import annotations

import base64
import io
import json

import boto3
import pytest
from botocore.response import StreamingBody
from botocore.stub import Stubber

from chalicelib.adapters.storage import CHUNK_BYTES, PENDING_TAGGING, S3Storage

BUCKET = "recadastro-test-attachments"


@pytest.fixture
def s3(monkeypatch: pytest.MonkeyPatch):
    for name in ("AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_S3"):
        monkeypatch.delenv(name, raising=False)
    client = boto3.client(
        "s3", region_name="us-east-1", aws_access_key_id="testing", aws_secret_access_key="testing"
    )
    with Stubber(client) as stubber:
        yield client, stubber
        stubber.assert_no_pending_responses()


def test_the_presigned_post_carries_the_pending_tag_set_and_binds_it_in_its_policy(s3) -> None:
    client, _ = s3

    _, fields = S3Storage(client, BUCKET).presigned_post(
        "uploads/1/a", "application/pdf", {"kind": "other"}, 100, 60
    )

    conditions = json.loads(base64.b64decode(fields["policy"]))["conditions"]
    assert fields["tagging"] == PENDING_TAGGING
    assert {"tagging": PENDING_TAGGING} in conditions
    assert "<Key>recadastro-state</Key><Value>pending</Value>" in PENDING_TAGGING


def test_keep_removes_the_tags_of_the_object(s3) -> None:
    client, stubber = s3
    stubber.add_response("delete_object_tagging", {}, {"Bucket": BUCKET, "Key": "uploads/1/a"})

    assert S3Storage(client, BUCKET).keep("uploads/1/a") is True


def test_keep_of_an_object_that_is_gone_is_false(s3) -> None:
    client, stubber = s3
    stubber.add_client_error("delete_object_tagging", "NoSuchKey", http_status_code=404)

    assert S3Storage(client, BUCKET).keep("uploads/1/a") is False


def test_keep_lets_other_failures_through(s3) -> None:
    client, stubber = s3
    stubber.add_client_error("delete_object_tagging", "AccessDenied", http_status_code=403)

    with pytest.raises(client.exceptions.ClientError):
        S3Storage(client, BUCKET).keep("uploads/1/a")


def body(content: bytes) -> StreamingBody:
    return StreamingBody(io.BytesIO(content), len(content))


def test_the_rest_of_an_object_is_one_ranged_read_handed_over_a_chunk_at_a_time(s3) -> None:
    client, stubber = s3
    rest = b"x" * (CHUNK_BYTES + 10)
    stubber.add_response(
        "get_object",
        {"Body": body(rest)},
        {"Bucket": BUCKET, "Key": "uploads/1/a", "Range": "bytes=65536-"},
    )

    chunks = list(S3Storage(client, BUCKET).bytes_from("uploads/1/a", 65536))

    assert [len(chunk) for chunk in chunks] == [CHUNK_BYTES, 10]


def test_the_end_of_an_object_is_a_suffix_range(s3) -> None:
    client, stubber = s3
    stubber.add_response(
        "get_object",
        {"Body": body(b"PK\x05\x06")},
        {"Bucket": BUCKET, "Key": "uploads/1/a", "Range": "bytes=-262144"},
    )

    assert S3Storage(client, BUCKET).last_bytes("uploads/1/a", 262144) == b"PK\x05\x06"
