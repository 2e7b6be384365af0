"""Requests (solicitações): a change to one field group, or a "no change" declaration."""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from chalicelib.domain.clock import from_iso
from chalicelib.domain.errors import Conflict, InvalidInput, RejectedAttachment
from chalicelib.domain.fields import (
    GROUP_RULES,
    PROOF_OF_ADDRESS,
    Address,
    Birthplace,
    Documents,
    Filiation,
    Group,
    Personal,
    ProfessionalData,
    field_errors,
)
from chalicelib.domain.messages import message
from chalicelib.domain.professional import Professional
from chalicelib.domain.sessions import Session

OBJECT_GROUPS: dict[str, type[Group]] = {
    "personal": Personal,
    "filiation": Filiation,
    "birthplace": Birthplace,
    "documents": Documents,
    "address": Address,
}
LIST_GROUPS = ("phones", "emails")
NOTE_MAX = 1000
REASON_MAX = 1000
ATTACHMENTS_MAX = 10


class RequestKind(StrEnum):
    CHANGE = "change"
    NO_CHANGE = "no_change"
    # Access recovery: a new e-mail, proven by an ID photo and a selfie, a reviewer decides.
    ACCESS_RECOVERY = "access_recovery"


class RequestStatus(StrEnum):
    IN_REVIEW = "in_review"
    RETURNED = "returned"
    APPROVED = "approved"
    REJECTED = "rejected"
    CANCELLED = "cancelled"


OPEN_STATUSES = frozenset({RequestStatus.IN_REVIEW, RequestStatus.RETURNED})


class Attachment(BaseModel):
    model_config = ConfigDict(frozen=True)

    upload_id: str
    filename: str
    kind: str
    content_type: str
    size: int


class HistoryEntry(BaseModel):
    model_config = ConfigDict(frozen=True)

    at: str
    actor: str
    action: str
    reason: str | None = None
    # How the professional had signed in for a step of theirs (sending, sending back): "code" or
    # "govbr", and gov.br's assurance level. What the reviewer weighs; absent before gov.br.
    method: str | None = None
    level: str | None = None

    def view(self) -> dict[str, Any]:
        return self.model_dump(exclude_none=True)


class Request(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    protocol: str
    document: str
    region: str
    kind: RequestKind
    group: str | None
    status: RequestStatus
    current: dict[str, Any] | None = None
    changes: dict[str, Any] | None = None
    attachments: list[Attachment] = []
    note: str | None = None
    reason: str | None = None
    assigned_to: str | None = None
    history: list[HistoryEntry] = []
    version: int = 1
    created_at: str
    updated_at: str
    # When it last entered review (submitted or resubmitted): what "stalled" counts from.
    review_since: str | None = None
    # Entered by a staff member for a professional who came to the counter ("counter") or
    # sent papers by post ("mail"); None: sent online by the professional.
    channel: str | None = None
    entered_by: str | None = None
    # An access recovery's new e-mail and whether each knowledge answer matched the registry
    # (reviewers only); `images_deleted` once its photos are gone.
    recovery: dict[str, Any] | None = None

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def stalled(self, now: datetime, stall_days: int) -> bool:
        """In review for longer than the campaign allows (a flag, not a status)."""
        if self.status != RequestStatus.IN_REVIEW:
            return False
        since = from_iso(self.review_since or self.created_at)
        return now - since > timedelta(days=stall_days)

    @property
    def signed_in(self) -> dict[str, Any] | None:
        """How the professional had signed in when they last sent it (reviewers see it)."""
        for entry in reversed(self.history):
            if entry.action in ("submitted", "resubmitted") and entry.method:
                return {"method": entry.method, "level": entry.level}
        return None

    def differences(self) -> list[str]:
        """The fields whose proposed value differs from the one on file (staff see them marked)."""
        if not self.changes or self.current is None:
            return []
        return [field for field, value in self.changes.items() if self.current.get(field) != value]

    def then(
        self,
        at: str,
        actor: str,
        action: str,
        why: str | None = None,
        signed_in: Session | None = None,
        **update: Any,
    ) -> Request:
        """The request after one more step of its history (`why`: the reason it records;
        `signed_in`: the professional's session, for a step of theirs)."""
        entry = HistoryEntry(
            at=at,
            actor=actor,
            action=action,
            reason=why,
            method=signed_in.method if signed_in else None,
            level=signed_in.level if signed_in else None,
        )
        return self.model_copy(
            update=update
            | {"version": self.version + 1, "updated_at": at, "history": [*self.history, entry]}
        )

    def view(self, now: datetime, stall_days: int) -> dict[str, Any]:
        """The request as API.md shows it to its professional and to staff."""
        return {
            "id": self.id,
            "protocol": self.protocol,
            "kind": self.kind.value,
            "group": self.group,
            "status": self.status.value,
            "stalled": self.stalled(now, stall_days),
            "current": self.current,
            "changes": self.changes,
            "attachments": [attachment.model_dump() for attachment in self.attachments],
            "note": self.note,
            "reason": self.reason,
            "created_at": self.created_at,
            "updated_at": self.updated_at,
            "version": self.version,
            "assigned_to": self.assigned_to,
            "history": [entry.view() for entry in self.history],
        } | {
            name: value
            for name, value in (("channel", self.channel), ("entered_by", self.entered_by))
            if value is not None
        }

    def public_view(self) -> dict[str, Any]:
        """What anyone holding the protocol number may see: no personal data."""
        return {
            "protocol": self.protocol,
            "kind": self.kind.value,
            "group": self.group,
            "status": self.status.value,
            "created_at": self.created_at,
            "updated_at": self.updated_at,
        }


def proposed_data(
    professional: Professional, group: object, changes: object, require_difference: bool = True
) -> tuple[dict[str, Any], dict[str, Any], ProfessionalData]:
    """(the group on file, the changes as they will be stored, the data once they apply).

    A field given replaces the value on file, a field left out keeps it, null clears an
    optional one; `phones` and `emails` come whole, as `{"phones": [...]}`."""
    name, given = checked_group(group), checked_changes(changes)
    data = professional.data
    on_file = data.model_dump(mode="json")
    if name in LIST_GROUPS:
        if set(given) != {name}:
            raise InvalidInput(fields={"changes": message("list_changes", group=name)})
        merged = on_file | {name: given[name]}
    else:
        merged = on_file | {name: on_file[name] | given}
    try:
        new_data = ProfessionalData.model_validate(merged)
    except ValidationError as error:
        raise InvalidInput(fields=_changes_fields(error, name)) from error
    new_values = new_data.model_dump(mode="json")
    current = {name: on_file[name]} if name in LIST_GROUPS else on_file[name]
    proposed = {name: new_values[name]} if name in LIST_GROUPS else new_values[name]
    stored = {field: proposed[field] for field in given}
    if require_difference and all(current.get(field) == value for field, value in stored.items()):
        raise InvalidInput(fields={"changes": message("nothing_changes")})
    return current, stored, new_data


def checked_group(group: object) -> str:
    """One of the field groups a request may change."""
    if not isinstance(group, str) or group not in GROUP_RULES:
        allowed = ", ".join(GROUP_RULES)
        raise InvalidInput(fields={"group": message("invalid_choice", allowed=allowed)})
    return group


def checked_changes(changes: object) -> dict[str, Any]:
    """Changes in the shape a request carries them: a non-empty object of field -> value. Their
    values are checked against the data on file (`proposed_data`)."""
    if not isinstance(changes, dict) or not changes:
        raise InvalidInput(fields={"changes": message("changes_required")})
    return changes


def _changes_fields(error: ValidationError, group: str) -> dict[str, str]:
    fields = {}
    for path, text in field_errors(error).items():
        if group in LIST_GROUPS:
            fields[f"changes.{path}"] = text
        else:
            fields[f"changes.{path.removeprefix(group + '.')}"] = text
    return fields


def check_can_change(professional: Professional, group: str) -> None:
    if group in professional.locked_groups:
        raise Conflict("group_locked")
    if group in professional.open_groups:
        raise Conflict("open_request_exists")


def check_proofs(
    kind: RequestKind,
    group: str | None,
    attachments: list[Attachment],
    address_proven: bool = False,
) -> None:
    """Each request needs a proof of the kind its group names (DESIGN.md); others may come too.
    The confirmation ("no change") needs a proof of address, unless an address change with its
    proof was approved for the professional in this campaign (`address_proven`)."""
    if len(attachments) > ATTACHMENTS_MAX:
        raise RejectedAttachment("too_many_attachments", maximum=ATTACHMENTS_MAX)
    if kind == RequestKind.NO_CHANGE and address_proven:
        return
    needed = (
        PROOF_OF_ADDRESS if kind == RequestKind.NO_CHANGE else GROUP_RULES[str(group)].proof_kinds
    )
    if not any(attachment.kind in needed for attachment in attachments):
        names = " ou ".join(message(f"kind_{kind_name}") for kind_name in sorted(needed))
        raise RejectedAttachment("proof_required", proofs=names)


def clean_text(value: object, field: str, maximum: int, required: bool = False) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise InvalidInput(fields={field: message("required")})
        return None
    if not isinstance(value, str):
        raise InvalidInput(fields={field: message("not_a_text")})
    if len(value) > maximum:
        raise InvalidInput(fields={field: message("too_long", max=maximum)})
    return value.strip()
