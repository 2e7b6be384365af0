"""Staff: reviewers of one or more regions, and national admins. Cognito groups carry both."""

from __future__ import annotations

from enum import StrEnum

from chalicelib.domain.campaign import Council
from chalicelib.domain.errors import InvalidInput
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
