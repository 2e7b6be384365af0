"""E-mail through SES, and (stage local) reading back what the local SES has sent."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any


class SesMailer:
    def __init__(self, client: Any, sender: str) -> None:
        self._client = client
        self._sender = sender

    def send(self, to: Sequence[str], subject: str, text: str, html: str | None = None) -> str:
        body: dict[str, Any] = {"Text": {"Data": text, "Charset": "UTF-8"}}
        if html is not None:
            body["Html"] = {"Data": html, "Charset": "UTF-8"}
        answer = self._client.send_email(
            Source=self._sender,
            Destination={"ToAddresses": list(to)},
            Message={"Subject": {"Data": subject, "Charset": "UTF-8"}, "Body": body},
        )
        return str(answer["MessageId"])


def read_local_outbox(moto_endpoint: str) -> list[dict[str, Any]]:
    """The messages the local (moto) SES has sent, oldest first, in the shape of API.md. The
    local moto server lists them itself (local/moto_state.py): moto's own `/moto-api/data.json`
    walks every object it holds, S3's included, and took seconds under a crowd."""
    # Only the local stage reads it: urllib's HTTP and TLS stay out of every cold start.
    import urllib.request

    with urllib.request.urlopen(f"{moto_endpoint}/_local/outbox", timeout=10) as answer:
        return list(json.load(answer))
