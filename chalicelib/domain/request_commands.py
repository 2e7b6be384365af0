"""What a caller asks of the request use cases, read from a JSON body once, at the edge.

Each command is built by `from_body`, which refuses a body with the error the API has always
given for it, checking its fields in the order the API always has, so the services work on
typed values and never read a body. What can only be checked against the data on file (the
values of `changes`, the rules of the professional's groups, the uploads in the bucket) is the
services' to check."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from chalicelib.domain.change_requests import (
    ATTACHMENTS_MAX,
    NOTE_MAX,
    REASON_MAX,
    RequestKind,
    RequestStatus,
    checked_changes,
    checked_group,
    clean_text,
)
from chalicelib.domain.errors import InvalidInput, RejectedAttachment
from chalicelib.domain.messages import message
from chalicelib.domain.uploads import check_upload, clean_filename

# A reviewer's decision -> the request's status after it, and the action its history records.
DECISIONS = {
    "approve": (RequestStatus.APPROVED, "approved"),
    "reject": (RequestStatus.REJECTED, "rejected"),
    "return": (RequestStatus.RETURNED, "returned"),
}


def upload_id_list(raw_ids: object) -> tuple[str, ...]:
    """`upload_ids` as given: a list of strings, each once, at most ATTACHMENTS_MAX."""
    if raw_ids is None:
        return ()
    if not isinstance(raw_ids, list) or not all(isinstance(item, str) for item in raw_ids):
        raise InvalidInput(fields={"upload_ids": message("not_a_list")})
    unique = tuple(dict.fromkeys(raw_ids))
    if len(unique) > ATTACHMENTS_MAX:
        raise RejectedAttachment("too_many_attachments", maximum=ATTACHMENTS_MAX)
    return unique


@dataclass(frozen=True)
class UploadCommand:
    """`POST /me/uploads`: the file a professional is about to send."""

    filename: str
    content_type: str
    size: int
    kind: str

    @classmethod
    def from_body(cls, body: dict[str, Any]) -> UploadCommand:
        filename = clean_filename(body.get("filename"))
        content_type, size, kind = check_upload(
            body.get("content_type"), body.get("size"), body.get("kind")
        )
        return cls(filename, content_type, size, kind)


@dataclass(frozen=True)
class SubmitCommand:
    """`POST /me/requests`: a change to one group (`group`, `changes`) or a "no change"
    declaration (neither), with a note and the uploads it attaches."""

    kind: RequestKind
    note: str | None = None
    group: str | None = None
    changes: dict[str, Any] | None = None
    upload_ids: tuple[str, ...] = ()

    @classmethod
    def from_body(cls, body: dict[str, Any]) -> SubmitCommand:
        kind_value = body.get("kind")
        # An access recovery has a route of its own (POST /me/recovery), never this one.
        if kind_value not in (RequestKind.CHANGE, RequestKind.NO_CHANGE):
            raise InvalidInput(fields={"kind": message("invalid_kind")})
        kind = RequestKind(kind_value)
        note = clean_text(body.get("note"), "note", NOTE_MAX)
        group = changes = None
        if kind == RequestKind.CHANGE:
            group = checked_group(body.get("group"))
            changes = checked_changes(body.get("changes"))
        return cls(kind, note, group, changes, upload_id_list(body.get("upload_ids")))


@dataclass(frozen=True)
class ResubmitCommand:
    """`POST /me/requests/{id}/resubmit`: what a returned request goes back with. `changes`
    None keeps the request's; the note is replaced only when the body names it (null or blank
    clears it); the uploads are added to those it has."""

    changes: dict[str, Any] | None = None
    note_given: bool = False
    note: str | None = None
    upload_ids: tuple[str, ...] = ()

    @classmethod
    def from_body(cls, body: dict[str, Any]) -> ResubmitCommand:
        raw_changes = body.get("changes")
        changes = None if raw_changes is None else checked_changes(raw_changes)
        note_given = "note" in body
        note = clean_text(body.get("note"), "note", NOTE_MAX) if note_given else None
        return cls(changes, note_given, note, upload_id_list(body.get("upload_ids")))

    def note_after(self, previous: str | None) -> str | None:
        return self.note if self.note_given else previous


@dataclass(frozen=True)
class DecisionCommand:
    """`POST /staff/requests/{id}/decision`: approve, reject or return, with the reason the
    professional reads (required but to approve), for the version the reviewer saw."""

    decision: str
    reason: str | None
    version: int

    @classmethod
    def from_body(cls, body: dict[str, Any]) -> DecisionCommand:
        choice = body.get("decision")
        if not isinstance(choice, str) or choice not in DECISIONS:
            raise InvalidInput(fields={"decision": message("invalid_decision")})
        reason = clean_text(body.get("reason"), "reason", REASON_MAX, required=choice != "approve")
        version = body.get("version")
        if not isinstance(version, int) or isinstance(version, bool):
            raise InvalidInput(fields={"version": message("invalid_version")})
        return cls(choice, reason, version)

    @property
    def status(self) -> RequestStatus:
        return DECISIONS[self.decision][0]

    @property
    def action(self) -> str:
        return DECISIONS[self.decision][1]
