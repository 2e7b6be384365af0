"""Requests and uploads; a request changes with its professional in one transaction."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from chalicelib.adapters.dynamodb.models import RequestModel, Tables, UploadModel
from chalicelib.adapters.dynamodb.repositories import now_iso
from chalicelib.domain.change_requests import (
    Attachment,
    HistoryEntry,
    Request,
    RequestKind,
    RequestStatus,
)
from chalicelib.domain.errors import Conflict, InvalidInput, RejectedAttachment
from chalicelib.domain.messages import message
from chalicelib.domain.professional import Professional
from chalicelib.services.ports import PendingUpload, ProtocolTaken, QueueFilter, RequestChange


class DynamoUploadRepository:
    def __init__(self, tables: Tables) -> None:
        self._model = tables.bind(UploadModel)

    def add(self, upload: PendingUpload) -> None:
        self._model(
            upload.upload_id,
            document=upload.document,
            key=upload.key,
            filename=upload.filename,
            content_type=upload.content_type,
            size=upload.size,
            kind=upload.kind,
            created_at=now_iso(),
            expires_at=datetime.fromtimestamp(upload.expires_at, UTC),
        ).save()


class DynamoRequestRepository:
    def __init__(self, client: Any, tables: Tables) -> None:
        self._client = client
        self._model = tables.bind(RequestModel)
        self._requests = tables.name("requests")
        self._professionals = tables.name("professionals")
        self._uploads = tables.name("uploads")

    def get(self, request_id: str) -> Request | None:
        try:
            return _request(self._model.get(request_id, consistent_read=True))
        except RequestModel.DoesNotExist:
            return None

    def list_for(
        self, document: str, limit: int, cursor: str | None
    ) -> tuple[list[Request], str | None]:
        """A professional's requests, newest first, one query per page."""
        start = decode_cursor(cursor, ("id", "document", "created_at"), ("document", document))
        page = self._model.by_professional.query(
            document, scan_index_forward=False, limit=limit, last_evaluated_key=start
        )
        items = [_request(item) for item in page]
        return items, encode_cursor(page.last_evaluated_key)

    def queue(
        self, where: QueueFilter, limit: int, cursor: str | None
    ) -> tuple[list[Request], str | None]:
        """Requests in a status, oldest first, one query per page: on the region's queue index
        for one region, else on the status index with the regions as a filter. Filters may
        leave a page short; `next_cursor` tells whether there is more."""
        status, regions = where.status, where.regions
        condition: Any = None
        for extra in (
            RequestModel.group == where.group if where.group else None,
            RequestModel.kind == where.kind if where.kind else None,
            RequestModel.review_since < where.review_before if where.review_before else None,
            RequestModel.review_since >= where.review_since if where.review_since else None,
        ):
            if extra is not None:
                condition = extra if condition is None else condition & extra
        if regions is not None and len(regions) == 1:
            queue_key = f"{regions[0]}#{status}"
            start = decode_cursor(
                cursor, ("id", "region_status", "created_at"), ("region_status", queue_key)
            )
            page = self._model.by_region_status.query(
                queue_key, filter_condition=condition, limit=limit, last_evaluated_key=start
            )
        else:
            if regions is not None:
                in_regions = RequestModel.region.is_in(*regions)
                condition = in_regions if condition is None else condition & in_regions
            start = decode_cursor(cursor, ("id", "status", "created_at"), ("status", status))
            page = self._model.by_status.query(
                status, filter_condition=condition, limit=limit, last_evaluated_key=start
            )
        items = [_request(item) for item in page]
        return items, encode_cursor(page.last_evaluated_key)

    def approved_changes(self, regions: tuple[str, ...] | None, since: str) -> Iterator[Request]:
        """Approved requests that changed data (changes, and access recoveries, which change the
        e-mail) decided on or after `since`, oldest first (every page)."""
        kinds = RequestModel.kind.is_in("change", "access_recovery")
        condition = kinds & (RequestModel.updated_at >= since)
        if regions is not None:
            condition = condition & RequestModel.region.is_in(*regions)
        for item in self._model.by_status.query("approved", filter_condition=condition):
            yield _request(item)

    def apply(self, change: RequestChange) -> None:
        """The request, the professional's progress and the uploads the step takes, in one
        transaction: all or nothing."""
        items = [_put_request(self._requests, change.request, change.request_version)]
        if change.professional is not None:
            assert change.professional_version is not None
            items.append(
                _update_professional(
                    self._professionals, change.professional, change.professional_version
                )
            )
        takes = [
            _take_upload(self._uploads, upload_id, change.request) for upload_id in change.attach
        ]
        try:
            self._client.transact_write_items(TransactItems=[*items, *takes])
        except self._client.exceptions.TransactionCanceledException as error:
            reasons = [
                reason.get("Code") for reason in error.response.get("CancellationReasons", [])
            ]
            failed = [
                index for index, code in enumerate(reasons) if code == "ConditionalCheckFailed"
            ]
            if not failed and change.professional is not None:
                raise
            if not failed:  # a claim: another transaction on the request cancelled it
                raise Conflict("request_changed") from error
            if failed[0] == 0 and change.request_version is None:
                raise ProtocolTaken() from error
            if failed[0] < len(items):
                raise Conflict("request_changed") from error
            raise RejectedAttachment("attachment_used") from error


def _put_request(table: str, request: Request, expected_version: int | None) -> dict[str, Any]:
    item = _request_model(request).serialize()
    put: dict[str, Any] = {"TableName": table, "Item": item}
    if expected_version is None:
        put |= {
            "ConditionExpression": "attribute_not_exists(id)",
        }
    else:
        put |= {
            "ConditionExpression": "version = :expected",
            "ExpressionAttributeValues": {":expected": {"N": str(expected_version)}},
        }
    return {"Put": put}


def _update_professional(
    table: str, professional: Professional, expected_version: int
) -> dict[str, Any]:
    sets = [
        "#status = :status", "confirmed = :confirmed", "version = :next", "updated_at = :at",
        "#data = :data",
    ]  # fmt: skip
    removes = []
    values: dict[str, Any] = {
        ":data": {"S": json.dumps(professional.data.stored(), ensure_ascii=False)},
        ":status": {"S": professional.status.value},
        ":confirmed": {"BOOL": professional.confirmed},
        ":next": {"N": str(expected_version + 1)},
        ":expected": {"N": str(expected_version)},
        ":at": {"S": now_iso()},
    }
    # DynamoDB stores no empty set: an empty one is an absent attribute.
    for name, groups in (
        ("open_groups", professional.open_groups),
        ("approved_groups", professional.approved_groups),
    ):
        if groups:
            sets.append(f"{name} = :{name}")
            values[f":{name}"] = {"SS": sorted(groups)}
        else:
            removes.append(name)
    if professional.needs_action:
        sets.append("pending_region = :region")
        values[":region"] = {"S": professional.region}
    else:
        removes.append("pending_region")
    expression = "SET " + ", ".join(sets) + (" REMOVE " + ", ".join(removes) if removes else "")
    return {
        "Update": {
            "TableName": table,
            "Key": {"document": {"S": professional.document}},
            "UpdateExpression": expression,
            "ConditionExpression": "version = :expected",
            "ExpressionAttributeNames": {"#status": "status", "#data": "data"},
            "ExpressionAttributeValues": values,
        }
    }


def _take_upload(table: str, upload_id: str, request: Request) -> dict[str, Any]:
    """An upload goes into one request only, and only its owner's."""
    return {
        "Update": {
            "TableName": table,
            "Key": {"upload_id": {"S": upload_id}},
            "UpdateExpression": "SET request_id = :request REMOVE expires_at",
            "ConditionExpression": "document = :document AND attribute_not_exists(request_id)",
            "ExpressionAttributeValues": {
                ":request": {"S": request.id},
                ":document": {"S": request.document},
            },
        }
    }


def _request_model(request: Request) -> RequestModel:
    return RequestModel(
        request.id,
        document=request.document,
        region=request.region,
        region_status=f"{request.region}#{request.status.value}",
        kind=request.kind.value,
        group=request.group,
        status=request.status.value,
        current=request.current,
        changes=request.changes,
        attachments=[attachment.model_dump() for attachment in request.attachments],
        note=request.note,
        reason=request.reason,
        assigned_to=request.assigned_to,
        history=[entry.model_dump(exclude_none=True) for entry in request.history],
        version=request.version,
        created_at=request.created_at,
        updated_at=request.updated_at,
        review_since=request.review_since,
        channel=request.channel,
        entered_by=request.entered_by,
        recovery=request.recovery,
    )


def request_from_image(image: dict[str, Any] | None) -> Request | None:
    """A request from a stream record's image (DynamoDB's wire format), read as `get` reads it."""
    if not image:
        return None
    return _request(RequestModel.from_raw_data(image))


def _request(item: RequestModel) -> Request:
    return Request(
        id=item.id,
        protocol=item.id,
        document=item.document,
        region=item.region,
        kind=RequestKind(item.kind),
        group=item.group,
        status=RequestStatus(item.status),
        current=item.current,
        changes=item.changes,
        attachments=[Attachment.model_validate(a) for a in item.attachments or []],
        note=item.note,
        reason=item.reason,
        assigned_to=item.assigned_to,
        history=[HistoryEntry.model_validate(h) for h in item.history or []],
        version=int(item.version),
        created_at=item.created_at,
        updated_at=item.updated_at,
        review_since=item.review_since,
        channel=item.channel,
        entered_by=item.entered_by,
        recovery=item.recovery,
    )


def encode_cursor(key: dict[str, Any] | None) -> str | None:
    if not key:
        return None
    return base64.urlsafe_b64encode(json.dumps(key, separators=(",", ":")).encode()).decode()


# Longer than any of our keys, shorter than DynamoDB's key limits (1,024 bytes for a sort key).
CURSOR_VALUE_MAX = 256


def decode_cursor(
    cursor: str | None, names: tuple[str, ...], partition: tuple[str, str]
) -> dict[str, Any] | None:
    """The key a page starts after. Only one of the index's own shape, in the partition being
    queried, with no empty value is taken: DynamoDB refuses anything else with an error of its
    own, and a cursor is something a caller can edit."""
    if not cursor:
        return None
    try:
        key = json.loads(base64.urlsafe_b64decode(cursor.encode()))
    except (binascii.Error, ValueError, UnicodeDecodeError, RecursionError) as error:
        raise InvalidInput(fields={"cursor": message("invalid_cursor")}) from error
    well_formed = (
        isinstance(key, dict)
        and set(key) == set(names)
        and all(
            isinstance(value, dict)
            and isinstance(value.get("S"), str)
            and len(value) == 1
            and 0 < len(value["S"]) <= CURSOR_VALUE_MAX
            for value in key.values()
        )
        and key[partition[0]] == {"S": partition[1]}
    )
    if not well_formed:
        raise InvalidInput(fields={"cursor": message("invalid_cursor")})
    return dict(key)
