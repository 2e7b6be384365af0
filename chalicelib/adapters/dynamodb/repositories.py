"""Repositories: domain objects in, domain objects out; pynamodb stays in here."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from pynamodb.exceptions import UpdateError
from pynamodb.expressions.update import Action

from chalicelib.adapters.dynamodb.models import (
    CampaignModel,
    ProfessionalModel,
    Tables,
)
from chalicelib.domain.campaign import CampaignSettings
from chalicelib.domain.clock import iso
from chalicelib.domain.errors import Conflict
from chalicelib.domain.fields import ProfessionalData
from chalicelib.domain.professional import CardOrder, CardStatus, Professional, ProfessionalStatus
from chalicelib.services.ports import CounterChange, ImportState

# Stream records live 24 hours; a marker kept a week outlives every redelivery.
_MARKER_TTL = timedelta(days=7)
_TRANSACTION_ITEMS = 100
# A transaction holds at most 100 items: a marker per change plus one update per scope touched.
_CHANGES_PER_TRANSACTION = 40
_PENDING_PAGE = 500


def now_iso() -> str:
    return iso(datetime.now(UTC))


def condition_failed(error: Exception) -> bool:
    """Whether a pynamodb write failed on its condition (someone changed the item first)."""
    return getattr(error, "cause_response_code", None) == "ConditionalCheckFailedException"


def _failed_conditions(reasons: list[dict[str, Any]]) -> set[int]:
    """Positions of the items whose condition failed in a cancelled transaction."""
    return {
        index
        for index, reason in enumerate(reasons)
        if reason.get("Code") == "ConditionalCheckFailed"
    }


class DynamoProfessionalRepository:
    def __init__(self, client: Any, tables: Tables) -> None:
        self._client = client
        self._model = tables.bind(ProfessionalModel)

    def get(self, document: str) -> Professional | None:
        try:
            return _professional(self._model.get(document, consistent_read=True))
        except ProfessionalModel.DoesNotExist:
            return None

    def end_session(self, document: str, entry: str, expired: frozenset[str]) -> None:
        item, exists = self._model(document), ProfessionalModel.document.exists()
        item.update(actions=[ProfessionalModel.ended_sessions.add({entry})], condition=exists)
        if expired:  # one path per update: the sweep is a second, rare, write
            item.update(actions=[ProfessionalModel.ended_sessions.delete(set(expired))])

    def end_all_sessions(self, document: str, since_ms: int) -> None:
        self._model(document).update(
            actions=[
                ProfessionalModel.sessions_since_ms.set(since_ms),
                ProfessionalModel.ended_sessions.remove(),
            ],
            condition=ProfessionalModel.document.exists(),
        )

    def get_many(self, documents: Sequence[str]) -> dict[str, Professional]:
        return {
            item.document: _professional(item) for item in self._model.batch_get(set(documents))
        }

    def add_new(self, professionals: Sequence[Professional]) -> dict[str, ImportState]:
        """Puts each professional not on file, 100 per transaction, each guarded by
        `attribute_not_exists`; a put that finds someone there returns what it found
        (ReturnValuesOnConditionCheckFailure), so an import needs no read before writing."""
        on_file: dict[str, ImportState] = {}
        for start in range(0, len(professionals), _TRANSACTION_ITEMS):
            chunk = professionals[start : start + _TRANSACTION_ITEMS]
            items = {p.document: _professional_model(p).serialize() for p in chunk}
            while items:
                try:
                    self._client.transact_write_items(
                        TransactItems=[self._put_if_absent(item) for item in items.values()]
                    )
                    break
                except self._client.exceptions.TransactionCanceledException as error:
                    reasons = error.response.get("CancellationReasons", [])
                    found = {
                        document: _import_state(reason["Item"])
                        for document, reason in zip(items, reasons, strict=False)
                        if reason.get("Code") == "ConditionalCheckFailed" and "Item" in reason
                    }
                    if not found:
                        raise
                    on_file |= found
                    items = {d: item for d, item in items.items() if d not in found}
        return on_file

    def replace_registry_data(self, professional: Professional, expected_version: int) -> None:
        item = self._model(professional.document)
        actions: list[Action] = [
            ProfessionalModel.registration_number.set(professional.registration_number),
            ProfessionalModel.region.set(professional.region),
            ProfessionalModel.data.set(professional.data.stored()),
            ProfessionalModel.registry_hash.set(professional.registry_hash),
            ProfessionalModel.pending_region.set(professional.region),
            ProfessionalModel.version.set(expected_version + 1),
            ProfessionalModel.updated_at.set(now_iso()),
        ]
        condition = (ProfessionalModel.version == expected_version) & (
            ProfessionalModel.status == ProfessionalStatus.NOT_STARTED.value
        )
        try:
            item.update(actions=actions, condition=condition)
        except UpdateError as error:
            if condition_failed(error):
                raise Conflict() from error
            raise

    def save_card(self, professional: Professional, expected_version: int) -> None:
        card = professional.card
        item = self._model(professional.document)
        actions: list[Action] = [
            ProfessionalModel.card.set(card.model_dump(mode="json", exclude_none=True))
            if card
            else ProfessionalModel.card.remove(),
            ProfessionalModel.status.set(professional.status.value),
            ProfessionalModel.fee_required.set(professional.fee_required),
            ProfessionalModel.version.set(expected_version + 1),
            ProfessionalModel.updated_at.set(now_iso()),
            ProfessionalModel.pending_region.set(professional.region)
            if professional.needs_action
            else ProfessionalModel.pending_region.remove(),
            ProfessionalModel.card_failed_region.set(professional.region)
            if card is not None and card.status == CardStatus.FAILED
            else ProfessionalModel.card_failed_region.remove(),
        ]
        try:
            item.update(actions=actions, condition=ProfessionalModel.version == expected_version)
        except UpdateError as error:
            if condition_failed(error):
                raise Conflict() from error
            raise

    def failed_orders(self, region: str) -> list[Professional]:
        return [_professional(item) for item in self._model.card_failed_index.query(region)]

    def pending(self, region: str) -> Iterator[list[Professional]]:
        start: dict[str, Any] | None = None
        while True:
            page = self._model.pending_index.query(
                region, limit=_PENDING_PAGE, last_evaluated_key=start
            )
            items = [_professional(item) for item in page]
            start = page.last_evaluated_key
            if items:
                yield items
            if not start:
                return

    def _put_if_absent(self, item: dict[str, Any]) -> dict[str, Any]:
        return {
            "Put": {
                "TableName": self._model.Meta.table_name,
                "Item": item,
                "ConditionExpression": "attribute_not_exists(#d)",
                "ExpressionAttributeNames": {"#d": "document"},
                "ReturnValuesOnConditionCheckFailure": "ALL_OLD",
            }
        }


def _import_state(item: dict[str, Any]) -> ImportState:
    return ImportState(
        registry_hash=item["registry_hash"]["S"],
        status=ProfessionalStatus(item["status"]["S"]),
        version=int(item["version"]["N"]),
    )


def _professional_model(professional: Professional) -> ProfessionalModel:
    at = now_iso()
    return ProfessionalModel(
        professional.document,
        registration_number=professional.registration_number,
        region=professional.region,
        status=professional.status.value,
        version=professional.version,
        data=professional.data.stored(),
        registry_hash=professional.registry_hash,
        fee_required=professional.fee_required,
        card=professional.card.model_dump(mode="json", exclude_none=True)
        if professional.card
        else None,
        open_groups=set(professional.open_groups) or None,
        confirmed=professional.confirmed,
        approved_groups=set(professional.approved_groups) or None,
        pending_region=professional.region if professional.needs_action else None,
        created_at=at,
        updated_at=at,
    )


def professional_from_image(image: dict[str, Any] | None) -> Professional | None:
    """A professional from a stream record's image (DynamoDB's wire format)."""
    if not image:
        return None
    return _professional(ProfessionalModel.from_raw_data(image))


def _professional(item: ProfessionalModel) -> Professional:
    return Professional(
        document=item.document,
        registration_number=item.registration_number,
        region=item.region,
        status=ProfessionalStatus(item.status),
        version=int(item.version),
        data=ProfessionalData.model_validate(_plain(item.data)),
        fee_required=bool(item.fee_required),
        card=CardOrder.model_validate(_plain(item.card)) if item.card else None,
        open_groups=frozenset(item.open_groups or ()),
        confirmed=bool(item.confirmed),
        approved_groups=frozenset(item.approved_groups or ()),
        sessions_since_ms=int(item.sessions_since_ms) if item.sessions_since_ms else None,
        ended_sessions=frozenset(item.ended_sessions or ()),
    )


def _plain(value: Any) -> Any:
    """A raw pynamodb map as plain dicts, lists and ints."""
    if hasattr(value, "as_dict"):
        value = value.as_dict()
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


class DynamoCampaignRepository:
    _KEY = "settings"

    def __init__(self, tables: Tables) -> None:
        self._model = tables.bind(CampaignModel)

    def get_settings(self) -> CampaignSettings | None:
        try:
            item = self._model.get(self._KEY)
        except CampaignModel.DoesNotExist:
            return None
        return CampaignSettings.model_validate(item.settings)

    def save_settings(self, settings: CampaignSettings, updated_by: str) -> None:
        self._model(
            self._KEY,
            settings=json.loads(settings.model_dump_json()),
            updated_at=now_iso(),
            updated_by=updated_by,
        ).save()


class DynamoCounterRepository:
    """Counters kept by atomic ADDs; each change carries a marker item written in the same
    transaction, so a redelivered stream record is never counted twice. Plain boto3 here:
    counter names are data, which pynamodb's declared attributes cannot express."""

    def __init__(self, client: Any, tables: Tables) -> None:
        self._client = client
        self._table = tables.name("counters")

    def add(self, changes: Iterable[CounterChange]) -> int:
        pending = [change for change in changes if change.deltas]
        applied = 0
        for start in range(0, len(pending), _CHANGES_PER_TRANSACTION):
            applied += self._add_chunk(pending[start : start + _CHANGES_PER_TRANSACTION])
        return applied

    def _add_chunk(self, chunk: list[CounterChange]) -> int:
        while chunk:
            try:
                self._client.transact_write_items(TransactItems=self._items(chunk))
                return len(chunk)
            except self._client.exceptions.TransactionCanceledException as error:
                reasons = error.response.get("CancellationReasons", [])
                # Markers come first, in chunk order: a failed condition there means "done before".
                already = _failed_conditions(reasons[: len(chunk)])
                if not already:
                    raise
                chunk = [change for index, change in enumerate(chunk) if index not in already]
        return 0

    def _items(self, chunk: list[CounterChange]) -> list[dict[str, Any]]:
        expires = str(int((datetime.now(UTC) + _MARKER_TTL).timestamp()))
        items: list[dict[str, Any]] = [
            {
                "Put": {
                    "TableName": self._table,
                    "Item": {
                        "scope": {"S": f"applied#{change.record_id}"},
                        "key": {"S": "marker"},
                        "expires_at": {"N": expires},
                    },
                    "ConditionExpression": "attribute_not_exists(#scope)",
                    "ExpressionAttributeNames": {"#scope": "scope"},
                }
            }
            for change in chunk
        ]
        totals: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for change in chunk:
            for item, deltas in change.deltas.items():
                for name, delta in deltas.items():
                    totals[item][name] += delta
        for (scope, key), deltas in sorted(totals.items()):
            names = sorted(name for name, delta in deltas.items() if delta)
            if not names:
                continue
            items.append(
                {
                    "Update": {
                        "TableName": self._table,
                        "Key": {"scope": {"S": scope}, "key": {"S": key}},
                        "UpdateExpression": "ADD "
                        + ", ".join(f"#n{i} :v{i}" for i in range(len(names))),
                        "ExpressionAttributeNames": {f"#n{i}": n for i, n in enumerate(names)},
                        "ExpressionAttributeValues": {
                            f":v{i}": {"N": str(deltas[n])} for i, n in enumerate(names)
                        },
                    }
                }
            )
        return items

    def scope_items(self, scope: str) -> dict[str, dict[str, int]]:
        items: dict[str, dict[str, int]] = {}
        arguments: dict[str, Any] = {
            "TableName": self._table,
            "KeyConditionExpression": "#scope = :scope",
            "ExpressionAttributeNames": {"#scope": "scope"},
            "ExpressionAttributeValues": {":scope": {"S": scope}},
        }
        while True:
            answer = self._client.query(**arguments)
            for item in answer.get("Items", []):
                items[item["key"]["S"]] = {
                    name: int(value["N"]) for name, value in item.items() if "N" in value
                }
            if "LastEvaluatedKey" not in answer:
                return items
            arguments["ExclusiveStartKey"] = answer["LastEvaluatedKey"]

    def totals(self, scope: str) -> dict[str, int]:
        answer = self._client.get_item(
            TableName=self._table,
            Key={"scope": {"S": scope}, "key": {"S": "totals"}},
            ConsistentRead=True,
        )
        item = answer.get("Item", {})
        return {name: int(value["N"]) for name, value in item.items() if "N" in value}
