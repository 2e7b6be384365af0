"""The campaign as the public sees it."""

from __future__ import annotations

from datetime import date
from typing import Any

from chalicelib.domain.campaign import CampaignSettings, Council
from chalicelib.services.ports import CampaignRepository


def current_settings(council: Council, campaigns: CampaignRepository) -> CampaignSettings:
    """The settings an admin saved, or the defaults of the council's configuration file. Read
    through `dependencies.campaign_settings()`, which keeps them a minute: the one way the
    routes, schedules and streams read them."""
    return campaigns.get_settings() or council.campaign


def describe_campaign(council: Council, settings: CampaignSettings, today: date) -> dict[str, Any]:
    return {
        "council": council.council,
        "deadline": settings.deadline.isoformat(),
        "days_left": settings.days_left(today),
        "fee_after_deadline": settings.fee_after_deadline,
        "review_days": settings.stall_days,
        "regions": [region.model_dump() for region in council.regions],
    }
