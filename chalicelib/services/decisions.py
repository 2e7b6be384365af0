"""A reviewer's hand on a request: claiming it, and deciding it (approve, reject, return).
Each is recorded in the request's history and, with the reviewer's address, in the audit
trail of its professional."""

from __future__ import annotations

from chalicelib.domain.audit import professional_subject
from chalicelib.domain.change_requests import Request, RequestKind, RequestStatus, proposed_data
from chalicelib.domain.errors import Conflict, Forbidden
from chalicelib.domain.professional import Professional
from chalicelib.domain.request_commands import DecisionCommand
from chalicelib.domain.staff import StaffCall, StaffMember
from chalicelib.observability import logger
from chalicelib.services.change_requests import professional_of
from chalicelib.services.ports import RequestChange, ReviewDecisions
from chalicelib.services.recovery import decide_recovery
from chalicelib.services.review import visible_request


def claim(call: StaffCall, request_id: str, ports: ReviewDecisions) -> Request:
    """The request is the caller's to decide; claiming one's own again changes nothing."""
    request = visible_request(call.staff, request_id, ports.requests)
    _check_four_eyes(request, call.staff)
    if request.status != RequestStatus.IN_REVIEW:
        raise Conflict("not_in_review")
    if request.assigned_to == call.staff.username:
        return request
    if request.assigned_to:
        raise Conflict("claimed_by_other")
    username = call.staff.username
    claimed = request.then(call.at, username, "claimed", assigned_to=username)
    ports.requests.apply(RequestChange(claimed, request.version))
    _audit_change(call, claimed, "request_claimed", ports)
    return claimed


def decide(
    call: StaffCall, request_id: str, command: DecisionCommand, ports: ReviewDecisions
) -> Request:
    """Approve (the proposed values go on file in the same transaction), reject or return (with
    a reason for the professional). Guarded by the request's and the professional's versions:
    of two reviewers deciding at once, one wins and the other gets a 409."""
    request = visible_request(call.staff, request_id, ports.requests)
    _check_decidable(request, command.version, call.staff)
    if request.kind == RequestKind.ACCESS_RECOVERY:
        return decide_recovery(call, request, command, ports)
    professional = professional_of(request.document, ports.professionals)
    after = _professional_after(professional, request, command.status)
    decided = request.then(
        call.at, call.staff.username, command.action, command.reason,
        status=command.status, reason=command.reason, assigned_to=call.staff.username,
    )  # fmt: skip
    ports.requests.apply(RequestChange(decided, request.version, after, professional.version))
    _audit_change(call, decided, f"request_{command.action}", ports)
    logger.info(
        "request decided", decision=command.action, region=request.region, group=request.group
    )
    return decided


def _check_four_eyes(request: Request, staff: StaffMember) -> None:
    """A request a staff member entered for a professional is decided, and claimed, by another."""
    if request.entered_by and request.entered_by == staff.username:
        raise Forbidden("four_eyes")


def _check_decidable(request: Request, version: int, staff: StaffMember) -> None:
    _check_four_eyes(request, staff)
    if request.status != RequestStatus.IN_REVIEW:
        raise Conflict("not_in_review")
    if request.version != version:
        raise Conflict("stale_version")
    if request.assigned_to and request.assigned_to != staff.username:
        raise Conflict("claimed_by_other")


def _professional_after(
    professional: Professional, request: Request, status: RequestStatus
) -> Professional:
    """A return leaves the group open; a rejection frees it; either takes back the
    professional's confirmation (they confirm again when ready). An approval frees the group
    and puts the values on file, unless the card order has locked the group; it concludes the
    professional only if they had confirmed and nothing else is open."""
    group = str(request.group)
    if status == RequestStatus.RETURNED:
        return professional.returned()
    if status == RequestStatus.REJECTED:
        return professional.rejected(group)
    if request.kind == RequestKind.NO_CHANGE:  # entered by staff: approving it confirms
        return professional.confirmed_without_change()
    if group in professional.locked_groups:
        raise Conflict("group_locked")
    if request.kind == RequestKind.CHANGE:
        _, _, data = proposed_data(professional, group, request.changes, require_difference=False)
        professional = professional.with_data(data)
    return professional.approved(group)


def _audit_change(call: StaffCall, request: Request, action: str, ports: ReviewDecisions) -> None:
    """A staff member's change to a request, in its professional's audit trail (the request's
    own history has it too, without the IP)."""
    ports.audit.record(call.audit(professional_subject(request.document), action, request.id))
