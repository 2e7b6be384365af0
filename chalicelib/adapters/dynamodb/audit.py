"""The audit trail in DynamoDB: one partition per subject, in time order."""

from __future__ import annotations

import uuid

from chalicelib.adapters.dynamodb.models import AuditEventModel, Tables
from chalicelib.domain.audit import AuditEvent


class DynamoAuditLog:
    def __init__(self, tables: Tables) -> None:
        self._model = tables.bind(AuditEventModel)

    def record(self, event: AuditEvent) -> None:
        self._model(
            event.subject,
            f"{event.at}#{uuid.uuid4().hex[:12]}",
            actor=event.actor,
            action=event.action,
            target=event.target,
            ip=event.ip,
            detail=event.detail,
        ).save()

    def trail(self, subject: str, limit: int = 100) -> list[AuditEvent]:
        """The newest `limit` events of a subject, newest first."""
        return [
            AuditEvent(
                subject=item.subject,
                at=item.at_id.split("#", 1)[0],
                actor=item.actor,
                action=item.action,
                target=item.target,
                ip=item.ip,
                detail=item.detail,
            )
            for item in self._model.query(subject, scan_index_forward=False, limit=limit)
        ]
