"""What the services need from the outside world. Adapters implement these; tests use fakes."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from chalicelib.domain.campaign import CampaignSettings
from chalicelib.domain.professional import Professional, ProfessionalStatus


@dataclass(frozen=True)
class ImportState:
    """What an import needs to know of a professional already on file."""

    registry_hash: str
    status: ProfessionalStatus
    version: int


class ProfessionalRepository(Protocol):
    def get(self, document: str) -> Professional | None: ...

    def add_new(self, professionals: Sequence[Professional]) -> dict[str, ImportState]:
        """Adds those not on file; leaves the others as they are and returns what is on file
        for them."""

    def replace_registry_data(self, professional: Professional, expected_version: int) -> None:
        """Overwrites the registry data of one who has not started; Conflict if they have meanwhile."""


class CampaignRepository(Protocol):
    def get_settings(self) -> CampaignSettings | None: ...

    def save_settings(self, settings: CampaignSettings, updated_by: str) -> None: ...


@dataclass(frozen=True)
class CounterChange:
    """What one stream record adds to the counters of each scope ("all", "region#SP", ...)."""

    record_id: str
    deltas: dict[str, dict[str, int]] = field(default_factory=dict)


class CounterRepository(Protocol):
    def add(self, changes: Iterable[CounterChange]) -> int:
        """Applies each change exactly once, however often it is given; returns how many were new."""

    def totals(self, scope: str) -> dict[str, int]: ...


class Mailer(Protocol):
    def send(self, to: Sequence[str], subject: str, text: str, html: str | None = None) -> str:
        """Sends one message; returns the provider's message id."""


class StaffDirectory(Protocol):
    def add_staff(
        self, username: str, password: str, name: str, email: str, groups: Sequence[str]
    ) -> None: ...
