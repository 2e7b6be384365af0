"""Attachments: what may be uploaded, and what a stored file must really be."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from chalicelib.domain.errors import InvalidInput
from chalicelib.domain.messages import message

MAX_BYTES = 20 * 1024 * 1024
KINDS = (
    "proof_of_address", "identity_document", "civil_certificate", "other",
    "selfie_with_document",
)  # fmt: skip
# What an access recovery's token may upload: the ID, and the person holding it.
RECOVERY_KINDS = ("identity_document", "selfie_with_document")
FILENAME_MAX = 120
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT = "application/vnd.oasis.opendocument.text"
# What the browser may declare, and what libmagic must find in the stored bytes.
ALLOWED_TYPES = frozenset(
    {
        "application/pdf",
        "application/msword",
        DOCX,
        ODT,
        "text/plain",
        "image/jpeg",
        "image/png",
        "image/heic",
        "image/heif",
        "image/webp",
    }
)
# Types read beyond their first bytes, to their end (PDF, text) or their ZIP directory (the
# office files): what a reviewer's viewer would run or unpack lies anywhere in them.
WHOLE_FILE_TYPES = frozenset({"application/pdf", "text/plain"})
ARCHIVE_TYPES = frozenset({DOCX, ODT})
# libmagic names some allowed files by other names: old Word files are "CDF" containers, and a
# text whose lines each hold commas ("Rua Augusta, 100, São Paulo") is CSV to it.
REAL_TYPE_ALIASES = {
    "application/x-ole-storage": "application/msword",
    "application/CDFV2": "application/msword",
    "text/csv": "text/plain",
}


@dataclass(frozen=True)
class Refusal:
    """Why a stored file is refused: the message key people see, and a detail for the log
    (which rule, which figure; never the file's content)."""

    problem: str
    detail: str = ""


def clean_filename(raw: object) -> str:
    """A name safe to show and to put in a header: no path, no control characters."""
    if not isinstance(raw, str) or not raw.strip():
        raise InvalidInput(fields={"filename": message("required")})
    name = unicodedata.normalize("NFC", raw).replace("\\", "/").rsplit("/", 1)[-1]
    name = re.sub(r"[\x00-\x1f\x7f\"<>]", "", name).strip()
    if not name:
        raise InvalidInput(fields={"filename": message("required")})
    if len(name) > FILENAME_MAX:
        stem, dot, extension = name.rpartition(".")
        name = (
            (stem[: FILENAME_MAX - len(extension) - 1] + dot + extension)
            if dot
            else name[:FILENAME_MAX]
        )
    return name


def check_upload(content_type: object, size: object, kind: object) -> tuple[str, int, str]:
    fields = {}
    if (
        not isinstance(content_type, str)
        or content_type.split(";")[0].strip().lower() not in ALLOWED_TYPES
    ):
        fields["content_type"] = message("upload_type")
    if not isinstance(size, int) or isinstance(size, bool) or not 1 <= size <= MAX_BYTES:
        fields["size"] = message("upload_size")
    if kind not in KINDS:
        fields["kind"] = message("upload_kind", allowed=", ".join(KINDS))
    if fields:
        raise InvalidInput(fields=fields)
    assert isinstance(content_type, str) and isinstance(size, int) and isinstance(kind, str)
    return content_type.split(";")[0].strip().lower(), size, kind


def real_type_allowed(real_type: str) -> str | None:
    """The allowed type libmagic found, or None."""
    real = REAL_TYPE_ALIASES.get(real_type, real_type)
    return real if real in ALLOWED_TYPES else None
