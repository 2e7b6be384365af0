"""Staff: reviewers of one or more regions, and national admins. Cognito groups carry both."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from chalicelib.domain.audit import AuditEvent
from chalicelib.domain.campaign import Council
from chalicelib.domain.clock import iso
from chalicelib.domain.errors import Forbidden, InvalidInput
from chalicelib.domain.messages import message

ADMIN_GROUP = "admin"
REGION_GROUP_PREFIX = "region-"


class Role(StrEnum):
    REVIEWER = "reviewer"
    ADMIN = "admin"


def region_group(code: str) -> str:
    return f"{REGION_GROUP_PREFIX}{code}"


def all_groups(council: Council) -> list[str]:
    return [ADMIN_GROUP] + [region_group(code) for code in council.region_codes]


def staff_groups(role: str, regions: list[str], council: Council) -> list[str]:
    """The groups of a new staff member; a reviewer needs at least one region of the council."""
    if role not in tuple(Role):
        raise InvalidInput(fields={"role": message("invalid_choice", allowed="reviewer, admin")})
    codes = [code.upper() for code in regions]
    unknown = [code for code in codes if council.region(code) is None]
    if unknown:
        allowed = ", ".join(council.region_codes)
        raise InvalidInput(
            fields={"region": message("unknown_region", value=unknown[0], allowed=allowed)}
        )
    if role == Role.REVIEWER and not codes:
        raise InvalidInput(fields={"region": message("reviewer_needs_region")})
    groups = [ADMIN_GROUP] if role == Role.ADMIN else []
    return groups + [region_group(code) for code in codes]


@dataclass(frozen=True)
class StaffMember:
    """Who is signed in on the admin page: their role and the regions they may see."""

    username: str
    role: Role
    regions: tuple[str, ...]

    @classmethod
    def from_groups(cls, username: str, groups: list[str]) -> StaffMember:
        role = Role.ADMIN if ADMIN_GROUP in groups else Role.REVIEWER
        regions = tuple(
            sorted(
                group.removeprefix(REGION_GROUP_PREFIX)
                for group in groups
                if group.startswith(REGION_GROUP_PREFIX)
            )
        )
        return cls(username, role, regions)

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    def sees(self, region: str) -> bool:
        return self.is_admin or region in self.regions

    def require_admin(self) -> None:
        if not self.is_admin:
            raise Forbidden("admins_only")

    def scope(self, region: str | None) -> tuple[str, ...] | None:
        """The regions a query may cover: the one asked (403 if not theirs), or all of theirs;
        None means every region (an admin who asked for none)."""
        if region:
            code = region.upper()
            if not self.sees(code):
                raise Forbidden("region_not_yours")
            return (code,)
        return None if self.is_admin else self.regions


@dataclass(frozen=True)
class StaffCall:
    """One call of a staff member: who, from which address, when. Every staff use case takes
    it, and every audit event it records says the same three things."""

    staff: StaffMember
    ip: str
    now: datetime

    @property
    def at(self) -> str:
        return iso(self.now)

    def audit(
        self,
        subject: str,
        action: str,
        target: str | None = None,
        detail: dict[str, Any] | None = None,
    ) -> AuditEvent:
        """The audit event of something this call did or saw."""
        return AuditEvent(
            subject=subject, at=self.at, actor=self.staff.username, action=action,
            target=target, ip=self.ip, detail=detail,
        )  # fmt: skip
