"""What each professional route costs in AWS calls, counted at botocore's door."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from botocore.client import BaseClient

from tests.integration.api import PDF, Api
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

    assert me == {"dynamodb.GetItem": 1}
    assert listing == {"dynamodb.Query": 1}
    # The professional is read once: the snapshot of the values on file and the rules need it.
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
