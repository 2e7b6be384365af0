"""The delivery log of e-mails."""

from __future__ import annotations

import uuid

from chalicelib.adapters.dynamodb.models import DeliveryModel, Tables
from chalicelib.services.ports import Delivery


class DynamoDeliveryLog:
    def __init__(self, tables: Tables) -> None:
        self._model = tables.bind(DeliveryModel)

    def record(self, delivery: Delivery) -> None:
        self._model(
            delivery.subject,
            f"{delivery.at}#{uuid.uuid4().hex[:12]}",
            to=delivery.to,
            template=delivery.template,
            status=delivery.status,
            message_id=delivery.message_id,
            error=delivery.error,
        ).save()

    def of(self, subject: str, limit: int = 50) -> list[Delivery]:
        """The newest deliveries to a subject, newest first."""
        return [
            Delivery(
                subject=item.subject,
                at=item.at_id.split("#", 1)[0],
                to=item.to,
                template=item.template,
                status=item.status,
                message_id=item.message_id,
                error=item.error,
            )
            for item in self._model.query(subject, scan_index_forward=False, limit=limit)
        ]
