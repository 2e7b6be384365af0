"""The professional: registry data on file and where they stand in the campaign."""

from __future__ import annotations

import hashlib
import json
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict

from chalicelib.domain.fields import COUNCIL_ONLY_GROUPS, ProfessionalData


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
    # At least one request approved or a "no change" declared.
    confirmed: bool = False

    @property
    def locked_groups(self) -> list[str]:
        return list(COUNCIL_ONLY_GROUPS) if self.status in LOCKING_STATUSES else []

    @property
    def needs_action(self) -> bool:
        """Still has to do something in the campaign: the reminders chase these."""
        return self.status == ProfessionalStatus.NOT_STARTED

    def opened(self, group: str) -> Professional:
        """A request opened on `group`: the group is taken until it closes (one open request
        per group) and the professional is in progress."""
        return self._progress(self.open_groups | {group}, self.confirmed)

    def closed(self, group: str, approved: bool) -> Professional:
        """The request on `group` closed: cancelled or rejected, or approved, which confirms
        the professional (their data on file is what they declared)."""
        return self._progress(self.open_groups - {group}, self.confirmed or approved)

    def confirmed_without_change(self) -> Professional:
        """A "no change" declaration: confirmed at once, no group taken."""
        return self._progress(self.open_groups, confirmed=True)

    def with_data(self, data: ProfessionalData) -> Professional:
        """New values on file: an approved change."""
        return self.model_copy(update={"data": data})

    def _progress(self, open_groups: frozenset[str], confirmed: bool) -> Professional:
        """The campaign status follows the open groups and the confirmation, until the card
        order has taken over."""
        status = self.status
        if status not in CARD_STATUSES:
            if open_groups:
                status = ProfessionalStatus.IN_PROGRESS
            elif confirmed:
                status = ProfessionalStatus.UPDATED
            else:
                status = ProfessionalStatus.NOT_STARTED
        return self.model_copy(
            update={"open_groups": open_groups, "confirmed": confirmed, "status": status}
        )

    def view(self) -> dict[str, Any]:
        """`GET /me`: every group with every field, null where nothing is on file."""
        return {
            "document": self.document,
            "registration_number": self.registration_number,
            "region": self.region,
            "status": self.status.value,
            "version": self.version,
            "fee_required": self.fee_required,
            "card": self.card.public_view() if self.card else None,
            "locked_groups": self.locked_groups,
            "data": self.data.model_dump(mode="json"),
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
