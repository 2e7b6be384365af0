"""In-memory stand-ins for the ports, for unit tests."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from chalicelib.domain.campaign import CampaignSettings
from chalicelib.domain.errors import Conflict
from chalicelib.domain.professional import Professional, ProfessionalStatus
from chalicelib.services.ports import CounterChange, ImportState


class InMemoryProfessionalRepository:
    def __init__(self) -> None:
        self.items: dict[str, Professional] = {}
        self.hashes: dict[str, str] = {}

    def get(self, document: str) -> Professional | None:
        return self.items.get(document)

    def add_new(self, professionals: Sequence[Professional]) -> dict[str, ImportState]:
        on_file = {}
        for professional in professionals:
            current = self.items.get(professional.document)
            if current is None:
                self._put(professional)
            else:
                on_file[current.document] = ImportState(
                    self.hashes[current.document], current.status, current.version
                )
        return on_file

    def replace_registry_data(self, professional: Professional, expected_version: int) -> None:
        current = self.items[professional.document]
        if current.version != expected_version or current.status != ProfessionalStatus.NOT_STARTED:
            raise Conflict()
        self._put(professional.model_copy(update={"version": expected_version + 1}))

    def _put(self, professional: Professional) -> None:
        self.items[professional.document] = professional
        self.hashes[professional.document] = professional.registry_hash

    def start_campaign(self, document: str) -> None:
        """Test helper: the professional opened a request."""
        current = self.items[document]
        self.items[document] = current.model_copy(
            update={"status": ProfessionalStatus.IN_PROGRESS, "version": current.version + 1}
        )


class InMemoryCampaignRepository:
    def __init__(self, settings: CampaignSettings | None = None) -> None:
        self.settings = settings

    def get_settings(self) -> CampaignSettings | None:
        return self.settings

    def save_settings(self, settings: CampaignSettings, updated_by: str) -> None:
        self.settings = settings


class InMemoryCounterRepository:
    def __init__(self) -> None:
        self.counts: dict[str, dict[str, dict[str, int]]] = {}
        self.applied: set[str] = set()

    def add(self, changes: Iterable[CounterChange]) -> int:
        new = 0
        for change in changes:
            if change.record_id in self.applied or not change.deltas:
                continue
            self.applied.add(change.record_id)
            new += 1
            for (scope, key), deltas in change.deltas.items():
                totals = self.counts.setdefault(scope, {}).setdefault(key, {})
                for name, delta in deltas.items():
                    totals[name] = totals.get(name, 0) + delta
        return new

    def totals(self, scope: str) -> dict[str, int]:
        return dict(self.counts.get(scope, {}).get("totals", {}))

    def scope_items(self, scope: str) -> dict[str, dict[str, int]]:
        return {key: dict(values) for key, values in self.counts.get(scope, {}).items()}


class FakeStaffDirectory:
    def __init__(self) -> None:
        self.users: dict[str, dict[str, object]] = {}

    def add_staff(
        self, username: str, password: str, name: str, email: str, groups: Sequence[str]
    ) -> None:
        if username in self.users:
            raise Conflict("staff_exists")
        self.users[username] = {"name": name, "email": email, "groups": list(groups)}
