"""An upload's content checked beyond its first bytes, reading from the bucket only what its
type needs: a PDF whole, a text file a chunk at a time to its end, an office file's last
bytes (its ZIP directory). Each check is a domain function of the bytes; the scanners are
imported where used, so only a submission that needs one loads it.

Measured on the largest file allowed (20 MiB; `bench/attachment_checks.py`), the checks take
under 0.1 s of CPU for a scanned PDF or a text, and under 1 s for the worst PDF the scanner's
budget still reads: they run inline, so the person learns at once why a file is refused.
"""

from __future__ import annotations

import itertools

from chalicelib.domain.uploads import ARCHIVE_TYPES, Refusal
from chalicelib.services.ports import Storage


def whole_file(storage: Storage, key: str, head: bytes, size: int) -> bytes | bytearray:
    """The object, its first bytes already in hand, in one buffer of the size HEAD gave:
    growing one as chunks come would hold two copies at times (40 MiB for a 20 MiB file)."""
    if len(head) >= size:
        return head
    data = bytearray(size)
    data[: len(head)] = head
    position = len(head)
    for chunk in storage.bytes_from(key, len(head)):
        data[position : position + len(chunk)] = chunk
        position += len(chunk)
    del data[position:]
    return data


def content_refusal(
    storage: Storage, key: str, real_type: str, head: bytes, size: int
) -> Refusal | None:
    """Why the stored file is refused for what lies past its first bytes, or None."""
    if real_type == "application/pdf":
        from chalicelib.domain.pdf_scan import pdf_refusal

        return pdf_refusal(whole_file(storage, key, head, size))
    if real_type == "text/plain":
        from chalicelib.domain.text_scan import text_refusal

        rest = storage.bytes_from(key, len(head)) if len(head) < size else iter(())
        return text_refusal(itertools.chain([head], rest))
    if real_type in ARCHIVE_TYPES:
        from chalicelib.domain.zip_scan import TAIL_BYTES, archive_refusal

        tail = head if len(head) >= size else storage.last_bytes(key, min(size, TAIL_BYTES))
        return archive_refusal(tail, size)
    return None
