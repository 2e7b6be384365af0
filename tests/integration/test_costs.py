"""What each professional route costs in AWS calls, counted at botocore's door."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from botocore.client import BaseClient

from tests.attachment_samples import DOCX, docx_with_photos, scanned_bill, text
from tests.integration.api import PDF, PNG, Api
from tests.integration.conftest import ANA, ANA_EMAIL


@contextmanager
def aws_calls(monkeypatch: pytest.MonkeyPatch) -> Iterator[Counter[str]]:
    """Every call any boto3 or pynamodb client makes, as "service.Operation"."""
    calls: Counter[str] = Counter()
    original = BaseClient._make_api_call

    def counted(client: BaseClient, operation: str, params: Any) -> Any:
        calls[f"{client.meta.service_model.service_name}.{operation}"] += 1
        return original(client, operation, params)

    with monkeypatch.context() as patch:
        patch.setattr(BaseClient, "_make_api_call", counted)
        yield calls


def test_each_route_costs_what_the_design_allows(api: Api, monkeypatch: pytest.MonkeyPatch) -> None:
    token = api.sign_in(ANA, ANA_EMAIL)
    first = api.call(
        "POST", "/me/requests", {"kind": "no_change", "upload_ids": [api.upload(token, PDF)]}, token
    )
    protocol = first.json_body["protocol"]
    # Warm: the signing key and the campaign settings are read once per container.
    api.call("GET", "/me/requests", token=token)
    upload_id = api.upload(token, PDF)

    with aws_calls(monkeypatch) as me:
        assert api.call("GET", "/me", token=token).status_code == 200
    with aws_calls(monkeypatch) as listing:
        assert api.call("GET", "/me/requests", token=token).status_code == 200
    with aws_calls(monkeypatch) as submission:
        body = {"kind": "no_change", "upload_ids": [upload_id]}
        assert api.call("POST", "/me/requests", body, token).status_code == 201
    with aws_calls(monkeypatch) as lookup:
        assert api.call("GET", f"/protocols/{protocol}").status_code == 200

    # The record read for the view also says whether the session still holds.
    assert me == {"dynamodb.GetItem": 1}
    # Other routes read the record for that (sessions end before they expire), then their own.
    assert listing == {"dynamodb.GetItem": 1, "dynamodb.Query": 1}
    # The professional is read once: the snapshot of the values on file, the rules, and whether
    # the session still holds.
    assert submission == {
        "dynamodb.GetItem": 1,
        "s3.HeadObject": 1,
        "s3.GetObject": 1,
        # The proof is kept: its "pending" tag (lifecycle of abandoned uploads) comes off.
        "s3.DeleteObjectTagging": 1,
        "dynamodb.TransactWriteItems": 1,
    }
    # One read, and the rate-limit window's counter.
    assert lookup == {"dynamodb.GetItem": 1, "dynamodb.UpdateItem": 1}


@pytest.mark.parametrize(
    ("content", "content_type", "gets"),
    [
        (PDF, "application/pdf", 1),  # within the first 64 KiB: read once
        (scanned_bill(1), "application/pdf", 2),  # and the rest, streamed
        (docx_with_photos(1), DOCX, 2),  # and the end: the ZIP directory
        (text(1024 * 1024), "text/plain", 2),  # and the rest, streamed
        (PNG + bytes(200_000), "image/png", 1),  # images: the first bytes only
    ],
    ids=["small-pdf", "large-pdf", "large-docx", "large-text", "large-image"],
)
def test_an_attachment_costs_one_more_read_past_64_kib_where_its_type_needs_it(
    api: Api, monkeypatch: pytest.MonkeyPatch, content: bytes, content_type: str, gets: int
) -> None:
    token = api.sign_in(ANA, ANA_EMAIL)
    api.call("GET", "/me/requests", token=token)  # warm: the signing key, the settings
    upload_id = api.upload(token, content, content_type=content_type)

    with aws_calls(monkeypatch) as submission:
        body = {"kind": "no_change", "upload_ids": [upload_id]}
        assert api.call("POST", "/me/requests", body, token).status_code == 201

    assert submission["s3.HeadObject"] == 1
    assert submission["s3.GetObject"] == gets
    assert submission["s3.DeleteObjectTagging"] == 1
