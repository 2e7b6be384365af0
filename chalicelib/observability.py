"""Powertools logger and metrics, and the masks that keep personal data out of logs."""

from __future__ import annotations

from aws_lambda_powertools import Logger, Metrics

from chalicelib.domain.documents import mask_document

logger = Logger(service="recadastro")

metrics = Metrics(namespace="Recadastro", service="recadastro")

__all__ = ["logger", "mask_document", "mask_email", "metrics"]


def mask_email(address: str) -> str:
    """ "ana.souza@example.org" -> "a***@example.org"."""
    local, _, domain = address.partition("@")
    return f"{local[:1]}***@{domain}" if domain else "***"
