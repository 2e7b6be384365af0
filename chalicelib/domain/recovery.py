"""Access recovery: the knowledge answers a person gives when the e-mail on file no longer
works. They never sign anyone in (OWASP ASVS V6.4): they only tell a reviewer which of them
matched the registry."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from typing import Any

from chalicelib.domain.professional import Professional


def plain(text: str | None) -> str:
    """A name as people type it, compared without accents, case or repeated spaces."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", text)
    letters = "".join(char for char in decomposed if not unicodedata.combining(char))
    return re.sub(r"\s+", " ", letters).strip().casefold()


def _registration(text: str | None) -> str:
    return re.sub(r"[^0-9A-Za-z]", "", text or "").upper()


def answers_matched(
    professional: Professional, registration_number: str, birth_date: date, mother_name: str
) -> dict[str, Any]:
    """For the reviewer: whether each answer matches what the registry holds."""
    personal, filiation = professional.data.personal, professional.data.filiation
    on_file_mother = plain(filiation.mother_name)
    return {
        "registration_number": _registration(registration_number)
        == _registration(professional.registration_number),
        "birth_date": personal.birth_date == birth_date,
        "mother_name": bool(on_file_mother) and plain(mother_name) == on_file_mother,
    }
