"""The professional: registry data on file and where they stand in the campaign."""

from __future__ import annotations

import hashlib
import json
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict

from chalicelib.domain.fields import COUNCIL_ONLY_GROUPS, ProfessionalData
from chalicelib.domain.sessions import Session, session_open


class ProfessionalStatus(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    UPDATED = "updated"
    CARD_REQUESTED = "card_requested"
    CARD_IN_PRODUCTION = "card_in_production"
    CARD_SHIPPED = "card_shipped"


LOCKING_STATUSES = frozenset(
    {ProfessionalStatus.CARD_IN_PRODUCTION, ProfessionalStatus.CARD_SHIPPED}
)
CARD_STATUSES = LOCKING_STATUSES | {ProfessionalStatus.CARD_REQUESTED}


class CardStatus(StrEnum):
    PENDING = "pending"  # due, not yet accepted by the vendor (being tried)
    FAILED = "failed"  # the vendor refused it or kept failing: an admin retries it
    REQUESTED = "requested"  # the vendor accepted it: enrollment link sent
    ENROLLED = "enrolled"  # the professional completed the vendor's enrollment
    IN_PRODUCTION = "in_production"
    SHIPPED = "shipped"


class CardOrder(BaseModel):
    """The card order of a professional's latest eligibility. `order_id` is the vendor's
    Idempotency-Key; `data_hash` fingerprints the card data it carries."""

    model_config = ConfigDict(frozen=True)

    status: CardStatus
    order_id: str = ""
    data_hash: str = ""
    enrollment_url: str | None = None
    cardholder_id: str | None = None
    attempts: int = 0
    error: str | None = None
    updated_at: str | None = None

    def public_view(self) -> dict[str, Any]:
        """What the professional sees: a failure is the council's to solve, so it shows as
        pending until an admin retries it."""
        status = CardStatus.PENDING if self.status == CardStatus.FAILED else self.status
        return {"status": status.value, "enrollment_url": self.enrollment_url}


class Professional(BaseModel):
    model_config = ConfigDict(frozen=True)

    document: str
    registration_number: str
    region: str
    data: ProfessionalData
    status: ProfessionalStatus = ProfessionalStatus.NOT_STARTED
    version: int = 1
    fee_required: bool = False
    card: CardOrder | None = None
    # Groups with a request in review or returned: one open request per group.
    open_groups: frozenset[str] = frozenset()
    # The professional declared that their data is correct (a "no change" request), and no
    # request of theirs was returned or rejected since. Confirmed with nothing open is
    # concluded (`concluded`): the campaign is done for them and the card follows.
    confirmed: bool = False
    # Groups with a change approved in this campaign (its proofs accepted by a reviewer).
    approved_groups: frozenset[str] = frozenset()
    # Sessions ended before their expiry (domain/sessions.py): every one issued at or before
    # `sessions_since_ms`, and each logged out ("<expiry>:<session id>").
    sessions_since_ms: int | None = None
    ended_sessions: frozenset[str] = frozenset()

    def holds(self, session: Session) -> bool:
        """Whether this session of theirs is still open."""
        return session_open(session, self.sessions_since_ms, self.ended_sessions)

    @property
    def locked_groups(self) -> list[str]:
        return list(COUNCIL_ONLY_GROUPS) if self.status in LOCKING_STATUSES else []

    @property
    def concluded(self) -> bool:
        """Confirmed by the professional with nothing left open: the card order follows."""
        return self.confirmed and not self.open_groups

    @property
    def address_proven(self) -> bool:
        """An address change, which always carries its proof, was approved in this campaign:
        the confirmation needs no proof of address again."""
        return "address" in self.approved_groups

    @property
    def needs_action(self) -> bool:
        """Still has to do something in the campaign: the reminders chase these. Not started,
        or changes approved but the data never confirmed."""
        if self.status == ProfessionalStatus.NOT_STARTED:
            return True
        return (
            self.status == ProfessionalStatus.IN_PROGRESS
            and bool(self.approved_groups)
            and not self.confirmed
        )

    def opened(self, group: str) -> Professional:
        """A request opened on `group`: the group is taken until it closes (one open request
        per group) and the professional is in progress."""
        return self._progress(self.open_groups | {group}, self.confirmed)

    def approved(self, group: str) -> Professional:
        """The change on `group` approved: its group is free and counted as changed. It
        concludes the professional only if they had confirmed and it was the last one open."""
        changed = self.model_copy(update={"approved_groups": self.approved_groups | {group}})
        return changed._progress(self.open_groups - {group}, self.confirmed)

    def returned(self) -> Professional:
        """A request sent back to the professional: it stays open, and their confirmation no
        longer stands (they confirm again when ready)."""
        return self._progress(self.open_groups, confirmed=False)

    def cancelled(self, group: str) -> Professional:
        """The request on `group` withdrawn by the professional: the group is free, and their
        confirmation, their own act, stands."""
        return self._progress(self.open_groups - {group}, self.confirmed)

    def rejected(self, group: str) -> Professional:
        """The request on `group` rejected: the group is free and their confirmation no longer
        stands (they confirm again when ready)."""
        return self._progress(self.open_groups - {group}, confirmed=False)

    def confirmed_without_change(self) -> Professional:
        """The professional's confirmation that their data is correct ("no change"): concluded
        at once with nothing open, else when the last open request is approved."""
        return self._progress(self.open_groups, confirmed=True)

    def with_data(self, data: ProfessionalData) -> Professional:
        """New values on file: an approved change."""
        return self.model_copy(update={"data": data})

    def _progress(self, open_groups: frozenset[str], confirmed: bool) -> Professional:
        """The campaign status follows the open groups, the confirmation and the approved
        changes, until the card order has taken over: an approved change without the
        confirmation leaves the professional in progress (what is left is to confirm)."""
        status = self.status
        if status not in CARD_STATUSES:
            if open_groups:
                status = ProfessionalStatus.IN_PROGRESS
            elif confirmed:
                status = ProfessionalStatus.UPDATED
            elif self.approved_groups:
                status = ProfessionalStatus.IN_PROGRESS
            else:
                status = ProfessionalStatus.NOT_STARTED
        return self.model_copy(
            update={"open_groups": open_groups, "confirmed": confirmed, "status": status}
        )

    def view(self, session: Session | None = None) -> dict[str, Any]:
        """`GET /me`: every group with every field, null where nothing is on file, and how the
        caller signed in."""
        return {
            "document": self.document,
            "registration_number": self.registration_number,
            "region": self.region,
            "status": self.status.value,
            "confirmed": self.confirmed,
            "version": self.version,
            "fee_required": self.fee_required,
            "card": self.card.public_view() if self.card else None,
            "locked_groups": self.locked_groups,
            "data": self.data.model_dump(mode="json"),
            "session": session.view() if session else None,
        }

    @property
    def email(self) -> str | None:
        return self.data.emails[0].address if self.data.emails else None

    @property
    def registry_hash(self) -> str:
        """Fingerprint of what the registry says, to tell an unchanged import row from a new one."""
        payload = {
            "registration_number": self.registration_number,
            "region": self.region,
            "data": self.data.stored(),
        }
        encoded = json.dumps(payload, sort_keys=True, ensure_ascii=False).encode()
        return hashlib.sha256(encoded).hexdigest()[:32]
