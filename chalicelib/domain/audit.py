"""The audit trail: every state change and every staff read of personal data."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict


class AuditEvent(BaseModel):
    model_config = ConfigDict(frozen=True)

    subject: str  # "professional#<document>" or "campaign"
    at: str
    actor: str
    action: str
    target: str | None = None
    ip: str | None = None
    detail: dict[str, Any] | None = None

    def view(self) -> dict[str, Any]:
        return self.model_dump(exclude={"subject"}, exclude_none=True)


def professional_subject(document: str) -> str:
    return f"professional#{document}"
