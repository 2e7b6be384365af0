"""Instants as the API, the tables and the logs write them: UTC, to the second, with a "Z"."""

from __future__ import annotations

from datetime import UTC, datetime

ISO_FORMAT = "%Y-%m-%dT%H:%M:%SZ"


def iso(moment: datetime) -> str:
    return moment.strftime(ISO_FORMAT)


def iso_from_unix(seconds: int) -> str:
    return iso(datetime.fromtimestamp(seconds, UTC))


def from_iso(text: str) -> datetime:
    """An instant written by `iso` (or any ISO 8601 with an offset), as an aware datetime."""
    return datetime.fromisoformat(text.replace("Z", "+00:00"))
