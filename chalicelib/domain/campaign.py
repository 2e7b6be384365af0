"""The council, its regions, and the campaign's settings."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StrictBool, field_validator
from pydantic_core import PydanticCustomError

# Brasília time: no daylight saving since 2019, so a fixed offset (no tz database needed). The
# campaign's days (deadline, reminders, fee) are Brasília's, not UTC's.
BRASILIA = timezone(timedelta(hours=-3), "BRT")


def brasilia_day(at: datetime) -> date:
    return at.astimezone(BRASILIA).date()


def _iso_date(value: Any) -> Any:
    """A day as YYYY-MM-DD and nothing else: pydantic alone would also take 4102444800 (a Unix
    time) or "2099-12-31T00:00:00", and an admin would not see what was saved."""
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str) and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        return value
    raise PydanticCustomError("invalid_since", "expected YYYY-MM-DD")


IsoDate = Annotated[date, BeforeValidator(_iso_date)]


class RegionContacts(BaseModel):
    """How a professional reaches their regional office (told when they cannot go on alone)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    phone: str
    email: str
    address: str
    hours: str
    site: str


class Region(BaseModel):
    model_config = ConfigDict(frozen=True)

    code: str = Field(pattern=r"^[A-Z0-9]{1,10}$")
    name: str
    ufs: list[str]
    contacts: RegionContacts | None = None


class CampaignSettings(BaseModel):
    """What an admin sets (PUT /staff/campaign): types taken as written, never coerced ("5" is
    not 5, "yes" is not true)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    deadline: IsoDate
    reminder_days: list[Annotated[int, Field(strict=True)]] = Field(
        default_factory=lambda: [30, 7, 1], max_length=10
    )
    stall_days: int = Field(default=5, ge=1, le=90, strict=True)
    fee_after_deadline: StrictBool = True

    @field_validator("reminder_days")
    @classmethod
    def _sorted_unique(cls, days: list[int]) -> list[int]:
        if any(day < 0 or day > 365 for day in days):
            raise ValueError("reminder days must be between 0 and 365")
        return sorted(set(days), reverse=True)

    def days_left(self, today: date) -> int:
        return max((self.deadline - today).days, 0)

    def fee_required(self, today: date) -> bool:
        return self.fee_after_deadline and today > self.deadline


class Council(BaseModel):
    model_config = ConfigDict(frozen=True)

    council: str
    campaign: CampaignSettings
    regions: list[Region]

    def region(self, code: str) -> Region | None:
        return next((region for region in self.regions if region.code == code), None)

    @property
    def region_codes(self) -> list[str]:
        return [region.code for region in self.regions]
