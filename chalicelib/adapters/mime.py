"""The real type of a file, by its content (libmagic), whatever its name or declared type says."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

# Enough of the file for libmagic to tell a DOCX or ODT from a plain ZIP: their markers sit in
# the first entries of the archive, well within this.
SNIFF_BYTES = 64 * 1024


@lru_cache(maxsize=1)
def _magic() -> Any:
    import magic

    return magic.Magic(mime=True)


def detect_type(data: bytes) -> str:
    return str(_magic().from_buffer(data))
