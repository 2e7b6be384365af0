"""The subject log in DynamoDB: one partition per subject holding its audit events and its
e-mail deliveries, each kind one key range ("audit#…", "delivery#…") in time order."""

from __future__ import annotations

import time
import uuid
from typing import Any

from chalicelib.adapters.dynamodb.models import SubjectLogModel, Tables
from chalicelib.domain.audit import AuditEvent
from chalicelib.services.ports import Delivery

AUDIT = "audit"
DELIVERY = "delivery"


class DynamoSubjectLog:
    def __init__(self, tables: Tables) -> None:
        self._model = tables.bind(SubjectLogModel)

    def record(self, entry: AuditEvent | Delivery) -> None:
        if isinstance(entry, AuditEvent):
            self._put(AUDIT, entry.subject, entry.at, actor=entry.actor, action=entry.action,
                      target=entry.target, ip=entry.ip, detail=entry.detail)  # fmt: skip
        else:
            self._put(DELIVERY, entry.subject, entry.at, to=entry.to, template=entry.template,
                      status=entry.status, message_id=entry.message_id, error=entry.error)  # fmt: skip

    def trail(self, subject: str, limit: int = 100) -> list[AuditEvent]:
        """The newest `limit` audit events of a subject, newest first."""
        return [
            AuditEvent(
                subject=item.subject,
                at=_at(item),
                actor=_written(item.actor),
                action=_written(item.action),
                target=item.target,
                ip=item.ip,
                detail=item.detail,
            )
            for item in self._newest(AUDIT, subject, limit)
        ]

    def deliveries(self, subject: str, limit: int = 50) -> list[Delivery]:
        """The newest `limit` e-mails sent or tried to a subject, newest first."""
        return [
            Delivery(
                subject=item.subject,
                at=_at(item),
                to=_written(item.to),
                template=_written(item.template),
                status=_written(item.status),
                message_id=item.message_id,
                error=item.error,
            )
            for item in self._newest(DELIVERY, subject, limit)
        ]

    # The name the DeliveryLog port gives it.
    of = deliveries

    def _put(self, kind: str, subject: str, at: str, **attributes: Any) -> None:
        self._model(subject, f"{kind}#{at}#{uuid.uuid4().hex[:12]}", **attributes).save()

    def _newest(self, kind: str, subject: str, limit: int) -> list[SubjectLogModel]:
        # One key range per kind: the limit counts only items of that kind.
        return list(
            self._model.query(
                subject,
                self._model.kind_at_id.startswith(f"{kind}#"),
                scan_index_forward=False,
                limit=limit,
            )
        )


def copy_former_logs(client: Any, tables: Tables, audit_table: str, deliveries_table: str) -> int:
    """Once per deployed stage: copies the items of the tables the subject log replaced (`audit`
    and `deliveries`, keyed `<at>#<id>`), so the trails and deliveries recorded before it still
    show. Each item keeps its key behind its kind: running it again writes the same items."""
    target, copied = tables.name("subject_log"), 0
    for kind, source in ((AUDIT, audit_table), (DELIVERY, deliveries_table)):
        for page in client.get_paginator("scan").paginate(TableName=source):
            items = [
                {name: value for name, value in item.items() if name != "at_id"}
                | {"kind_at_id": {"S": f"{kind}#{item['at_id']['S']}"}}
                for item in page["Items"]
            ]
            for start in range(0, len(items), 25):
                _write_all(client, target, items[start : start + 25])
            copied += len(items)
    return copied


def _write_all(client: Any, table: str, items: list[dict[str, Any]]) -> None:
    requests = {table: [{"PutRequest": {"Item": item}} for item in items]}
    for attempt in range(8):
        requests = client.batch_write_item(RequestItems=requests).get("UnprocessedItems") or {}
        if not requests:
            return
        time.sleep(0.05 * 2**attempt)  # throttled: back off, as the SDK advises
    raise RuntimeError(f"DynamoDB kept items of {table} unprocessed")


def _at(item: SubjectLogModel) -> str:
    return item.kind_at_id.split("#", 2)[1]


def _written(value: str | None) -> str:
    """An attribute every item of its kind is written with."""
    if value is None:
        raise ValueError("a subject log item lacks an attribute of its kind")
    return value
