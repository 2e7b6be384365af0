"""Submitting attachments: each checked past its first bytes, reading from the bucket only what
its type needs, and a refused one deleted with a message that names it. The bucket is the
in-memory fake; the type is told by the first bytes, as libmagic would."""

from __future__ import annotations

import pytest

from chalicelib.domain.errors import RejectedAttachment
from chalicelib.services.change_requests import inspect_attachments, upload_key
from tests.attachment_samples import (
    DOCX,
    EXE_APPENDED,
    JAVASCRIPT_PACKED_AND_ESCAPED,
    SNIFF,
    bill,
    docx_bomb,
    docx_with_photos,
    scanned_bill,
    text,
    text_then,
)
from tests.fakes import InMemoryStorage

DOCUMENT = "52998224725"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 200_000


def detect(head: bytes) -> str:
    for start, real_type in (
        (b"%PDF", "application/pdf"),
        (b"PK", DOCX),
        (b"\x89PNG", "image/png"),
    ):
        if head.startswith(start):
            return real_type
    return "text/plain"


def stored(content: bytes, filename: str, upload_id: str = "a" * 32) -> tuple[InMemoryStorage, str]:
    storage = InMemoryStorage()
    storage.put(upload_key(DOCUMENT, upload_id), content, filename)
    return storage, upload_id


def submit(storage: InMemoryStorage, upload_id: str) -> list:
    return inspect_attachments(DOCUMENT, [upload_id], storage, detect, SNIFF)


@pytest.mark.parametrize(
    ("content", "filename", "key", "text_said"),
    [
        (
            JAVASCRIPT_PACKED_AND_ESCAPED,
            "conta.pdf",
            "attachment_active_content",
            "executa ao ser aberto",
        ),
        (EXE_APPENDED, "conta.pdf", "attachment_extra_data", "dados a mais depois do fim"),
        (docx_bomb(), "declaracao.docx", "attachment_archive_bomb", "mais de 100 MB"),
        (
            text_then(b"<script>alert(1)</script>"),
            "declaracao.txt",
            "attachment_not_plain_text",
            "HTML",
        ),
    ],
    ids=["pdf-javascript", "pdf-program-appended", "docx-bomb", "text-turning-html"],
)
def test_a_file_refused_past_its_first_bytes_is_named_said_why_and_deleted(
    content: bytes, filename: str, key: str, text_said: str
) -> None:
    # Given an upload that passes the first-64-KiB type check
    storage, upload_id = stored(content, filename)

    # When it is attached to a request
    with pytest.raises(RejectedAttachment) as refused:
        submit(storage, upload_id)

    # Then the request is refused, naming the file and the reason, and the file is gone
    assert refused.value.key == key
    assert filename in refused.value.message
    assert text_said in refused.value.message
    assert storage.objects == {}


@pytest.mark.parametrize(
    ("content", "reads"),
    [
        (bill(), ["first"]),  # all of it within the first 64 KiB
        (scanned_bill(2), ["first", "from"]),  # the rest, streamed
        (text(3 * 1024 * 1024), ["first", "from"]),
        (docx_with_photos(2), ["first", "last"]),  # only its directory, at the end
        (PNG, ["first"]),  # images: their first bytes only, as before
    ],
    ids=["small-pdf", "large-pdf", "large-text", "large-docx", "image"],
)
def test_a_good_file_is_kept_reading_only_what_its_type_needs(content: bytes, reads: list) -> None:
    storage, upload_id = stored(content, "comprovante")

    attachments = submit(storage, upload_id)

    assert [attachment.size for attachment in attachments] == [len(content)]
    assert storage.reads == reads
    assert storage.objects  # kept


def test_a_text_is_read_no_further_than_its_first_bad_chunk() -> None:
    # Given 3 MiB of text that turns into HTML just after its first 64 KiB
    content = text_then(b"<html>") + text(3 * 1024 * 1024)
    storage, upload_id = stored(content, "declaracao.txt")
    storage.chunk = 64 * 1024

    with pytest.raises(RejectedAttachment):
        submit(storage, upload_id)

    # Then the rest of the 3 MiB is never read
    assert storage.chunks_served == 1
