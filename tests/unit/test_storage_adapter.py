"""The S3 adapter's part in expiring abandoned uploads: uploads are posted tagged pending, and
`keep` removes the tag. S3 itself is stubbed (botocore's Stubber): no network."""

from __future__ import annotations

import base64
import json

import boto3
import pytest
from botocore.stub import Stubber

from chalicelib.adapters.storage import PENDING_TAGGING, S3Storage

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
