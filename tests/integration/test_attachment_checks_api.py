"""Attachments checked past their first bytes, through `POST /me/requests` like the web page
sends them: on moto's S3 (libmagic on the stored bytes) and DynamoDB Local. Each file the
issue found kept is now a 422 that names it, and the object is gone from the bucket."""

from __future__ import annotations

import boto3
import pytest

from chalicelib.services.change_requests import upload_key
from tests.attachment_samples import (
    DOCX,
    EXE_APPENDED,
    JAVASCRIPT_ON_OPEN,
    JAVASCRIPT_PACKED_AND_ESCAPED,
    docx_bomb,
    docx_with_photos,
    scanned_bill,
    text,
    text_then,
)
from tests.integration.api import Api
from tests.integration.conftest import ANA, ANA_EMAIL

pytestmark = pytest.mark.integration


def in_bucket(upload_id: str) -> bool:
    from chalicelib import dependencies

    listing = boto3.client("s3").list_objects_v2(
        Bucket=dependencies.settings().attachments_bucket_name, Prefix=upload_key(ANA, upload_id)
    )
    return listing.get("KeyCount", 0) > 0


def ask_address_change(api: Api, token: str, upload_id: str):
    body = {
        "kind": "change",
        "group": "address",
        "changes": {"street": "Rua Augusta"},
        "upload_ids": [upload_id],
    }
    return api.call("POST", "/me/requests", body, token)


@pytest.mark.parametrize(
    ("content", "filename", "content_type", "code", "said"),
    [
        (JAVASCRIPT_ON_OPEN, "conta.pdf", "application/pdf", "attachment_active_content", "executa ao ser aberto"),
        (JAVASCRIPT_PACKED_AND_ESCAPED, "conta.pdf", "application/pdf", "attachment_active_content", "scripts"),
        (EXE_APPENDED, "conta.pdf", "application/pdf", "attachment_extra_data", "programa anexado"),
        (docx_bomb(), "declaracao.docx", DOCX, "attachment_archive_bomb", "mais de 100 MB"),
        (text_then(b"<html><script>alert(1)</script></html>"), "declaracao.txt", "text/plain", "attachment_not_plain_text", "HTML"),
    ],
    ids=["pdf-javascript", "pdf-javascript-packed-escaped", "pdf-program-appended", "docx-1-gib", "text-html-after-64-kib"],
)  # fmt: skip
def test_a_file_that_hides_danger_past_its_first_bytes_is_a_422_naming_it_and_is_deleted(
    api: Api, content: bytes, filename: str, content_type: str, code: str, said: str
) -> None:
    # Given a professional who uploaded a file whose first 64 KiB are of an allowed type
    token = api.sign_in(ANA, ANA_EMAIL)
    upload_id = api.upload(token, content, filename=filename, content_type=content_type)
    assert in_bucket(upload_id)

    # When they attach it to a request
    answer = ask_address_change(api, token, upload_id)

    # Then the request is refused with a message naming the file and saying why
    assert answer.status_code == 422, answer.body
    assert answer.json_body["code"] == code
    assert filename in answer.json_body["message"]
    assert said in answer.json_body["message"]
    # And the file is gone: it never reaches a reviewer, nor can it be attached again
    assert not in_bucket(upload_id)
    again = ask_address_change(api, token, upload_id)
    assert (again.status_code, again.json_body["code"]) == (422, "attachment_missing")


@pytest.mark.parametrize(
    ("content", "filename", "content_type"),
    [
        (scanned_bill(3), "conta.pdf", "application/pdf"),
        (docx_with_photos(1), "declaracao.docx", DOCX),
        (text(1024 * 1024), "declaracao.txt", "text/plain"),
    ],
    ids=["pdf-3-mib", "docx-1-mib", "text-1-mib"],
)
def test_good_files_past_64_kib_are_taken(
    api: Api, content: bytes, filename: str, content_type: str
) -> None:
    token = api.sign_in(ANA, ANA_EMAIL)
    upload_id = api.upload(token, content, filename=filename, content_type=content_type)

    answer = ask_address_change(api, token, upload_id)

    assert answer.status_code == 201, answer.body
    assert answer.json_body["attachments"][0]["size"] == len(content)
    assert in_bucket(upload_id)
