"""Powertools logger and metrics, and the masks that keep personal data out of logs.

The logger and the metrics are made when first used: importing Powertools loads botocore too
(it tags the SDK's user agent), a quarter of a cold start, and most invocations log nothing."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING, Any, cast

from chalicelib.domain.documents import mask_document

if TYPE_CHECKING:
    from aws_lambda_powertools import Logger, Metrics

__all__ = ["logger", "mask_document", "mask_email", "metrics"]


class _MadeOnFirstUse:
    """Stands for what `make` returns, and makes it the first time one of its attributes is
    asked for."""

    def __init__(self, make: Callable[[], Any]) -> None:
        self._make = make

    def __getattr__(self, name: str) -> Any:
        return getattr(self._make(), name)


@cache
def _logger() -> Logger:
    from aws_lambda_powertools import Logger

    return Logger(service="recadastro")


@cache
def _metrics() -> Metrics:
    from aws_lambda_powertools import Metrics

    return Metrics(namespace="Recadastro", service="recadastro")


logger = cast("Logger", _MadeOnFirstUse(_logger))

metrics = cast("Metrics", _MadeOnFirstUse(_metrics))


def mask_email(address: str) -> str:
    """ "ana.souza@example.org" -> "a***@example.org"."""
    local, _, domain = address.partition("@")
    return f"{local[:1]}***@{domain}" if domain else "***"
