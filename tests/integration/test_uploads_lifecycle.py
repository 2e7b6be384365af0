"""Abandoned uploads go away by themselves, attached proofs stay: every upload is stored tagged
pending (the bucket's lifecycle expires those after two days), and a request that takes an upload
removes the tag. On DynamoDB Local and moto, through the API like the web page."""

from __future__ import annotations

import base64
import json
import xml.etree.ElementTree as ElementTree
from typing import Any

import boto3
import pytest

from chalicelib.adapters.storage import PENDING_TAG_KEY, PENDING_TAG_VALUE, PENDING_TAGGING
from chalicelib.services.change_requests import upload_key
from tests.integration.api import PDF, PNG, Api, post_form
from tests.integration.conftest import ANA, ANA_EMAIL
from tests.integration.test_professional_api import change, return_for_more_information

pytestmark = pytest.mark.integration

PENDING = {PENDING_TAG_KEY: PENDING_TAG_VALUE}


def tags(key: str) -> dict[str, str]:
    from chalicelib import dependencies

    answer = boto3.client("s3").get_object_tagging(
        Bucket=dependencies.settings().attachments_bucket_name, Key=key
    )
    return {tag["Key"]: tag["Value"] for tag in answer["TagSet"]}


def tag_set(tagging_xml: str) -> list[dict[str, str]]:
    root = ElementTree.fromstring(tagging_xml)
    return [
        {"Key": tag.findtext("Key") or "", "Value": tag.findtext("Value") or ""}
        for tag in root.iter("Tag")
    ]


def upload(api: Api, token: str, content: bytes = PDF, **grant_body: Any) -> str:
    """Uploads like the browser does: every field of the grant, then the file."""
    body: dict[str, Any] = {
        "filename": "comprovante.pdf",
        "content_type": "application/pdf",
        "size": len(content),
        "kind": "proof_of_address",
    } | grant_body
    grant = api.call("POST", "/me/uploads", body, token).json_body
    fields = grant["fields"]
    post_form(grant["url"], fields, content, body["filename"])
    key = fields["key"]
    if not tags(key):
        # moto 5.2.5 drops the POST's `tagging` field, where S3 stores the tag set it carries:
        # put exactly that tag set on the object, as S3 would have.
        from chalicelib import dependencies

        boto3.client("s3").put_object_tagging(
            Bucket=dependencies.settings().attachments_bucket_name,
            Key=key,
            Tagging={"TagSet": tag_set(fields["tagging"])},
        )
    return str(grant["upload_id"])


def test_the_presigned_post_stores_the_upload_tagged_pending(api: Api) -> None:
    token = api.sign_in(ANA, ANA_EMAIL)

    grant = api.call(
        "POST", "/me/uploads",
        {"filename": "conta.pdf", "content_type": "application/pdf", "size": 10, "kind": "proof_of_address"},
        token,
    ).json_body  # fmt: skip

    conditions = json.loads(base64.b64decode(grant["fields"]["policy"]))["conditions"]
    assert grant["fields"]["tagging"] == PENDING_TAGGING
    assert {"tagging": PENDING_TAGGING} in conditions  # S3 refuses a POST with another tag set
    assert tag_set(grant["fields"]["tagging"]) == [
        {"Key": PENDING_TAG_KEY, "Value": PENDING_TAG_VALUE}
    ]


def test_an_attached_upload_loses_the_pending_tag_and_an_unattached_one_keeps_it(
    api: Api,
) -> None:
    token = api.sign_in(ANA, ANA_EMAIL)
    attached, abandoned = upload(api, token), upload(api, token)
    assert tags(upload_key(ANA, attached)) == PENDING

    answer = change(token, api, {"street": "Rua Augusta"}, uploads=[attached])

    assert answer.status_code == 201, answer.body
    assert tags(upload_key(ANA, attached)) == {}
    assert tags(upload_key(ANA, abandoned)) == PENDING


def test_uploads_added_on_resubmission_lose_the_pending_tag(api: Api) -> None:
    token = api.sign_in(ANA, ANA_EMAIL)
    request = change(token, api, {"street": "Rua Augusta"}, uploads=[upload(api, token)]).json_body
    return_for_more_information(request["id"])
    added = upload(api, token, PNG, filename="foto.png", content_type="image/png")

    answer = api.call(
        "POST", f"/me/requests/{request['id']}/resubmit", {"upload_ids": [added]}, token
    )

    assert answer.status_code == 200, answer.body
    assert tags(upload_key(ANA, added)) == {}


def test_a_refused_request_leaves_its_uploads_pending(api: Api) -> None:
    """The request fails before anything is written (here: the proof is of the wrong kind for
    the group), so its upload is not taken and still expires if nobody attaches it."""
    token = api.sign_in(ANA, ANA_EMAIL)
    proof = upload(api, token, kind="identity_document")

    answer = change(token, api, {"street": "Rua Augusta"}, uploads=[proof])

    assert answer.status_code == 422, answer.body
    assert answer.json_body["code"] == "proof_required"
    assert tags(upload_key(ANA, proof)) == PENDING
