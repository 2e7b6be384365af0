from datetime import date

from chalicelib.domain.campaign import CampaignSettings
from chalicelib.services.campaign import current_settings, describe_campaign
from tests.fakes import InMemoryCampaignRepository


def test_the_public_campaign_uses_the_council_file_until_an_admin_saves_settings(council) -> None:
    settings = current_settings(council, InMemoryCampaignRepository())

    campaign = describe_campaign(council, settings, date(2027, 3, 1))

    assert campaign["council"] == council.council
    assert campaign["deadline"] == "2027-03-31"
    assert campaign["days_left"] == 30
    assert campaign["review_days"] == council.campaign.stall_days  # "até N dias de análise"
    assert [region["code"] for region in campaign["regions"]] == council.region_codes


def test_an_extended_deadline_shows_at_once(council) -> None:
    saved = CampaignSettings(deadline=date(2027, 6, 30), fee_after_deadline=False)

    settings = current_settings(council, InMemoryCampaignRepository(saved))

    campaign = describe_campaign(council, settings, date(2027, 6, 1))

    assert (campaign["deadline"], campaign["days_left"]) == ("2027-06-30", 29)
    assert campaign["fee_after_deadline"] is False


def test_after_the_deadline_no_days_are_left_and_the_fee_applies() -> None:
    settings = CampaignSettings(deadline=date(2027, 3, 31))

    assert settings.days_left(date(2027, 4, 10)) == 0
    assert settings.fee_required(date(2027, 4, 1)) is True
    assert settings.fee_required(date(2027, 3, 31)) is False


def test_reminder_days_are_kept_unique_and_farthest_first() -> None:
    assert CampaignSettings(
        deadline=date(2027, 1, 1), reminder_days=[1, 30, 7, 7]
    ).reminder_days == [
        30,
        7,
        1,
    ]


def test_every_region_says_how_to_reach_it(council) -> None:
    for region in council.regions:
        contacts = region.contacts

        assert contacts is not None, region.code
        assert contacts.phone.startswith("(") and contacts.email.endswith("@example.org")
        assert contacts.address and contacts.hours and contacts.site.startswith("https://")


def test_the_public_campaign_lists_each_regions_contacts(council) -> None:
    # The contract changed (API.md, second wave): regions now carry their contacts.
    settings = current_settings(council, InMemoryCampaignRepository())

    campaign = describe_campaign(council, settings, date(2027, 3, 1))

    assert all(set(region) == {"code", "name", "ufs", "contacts"} for region in campaign["regions"])
    assert all(region["contacts"]["phone"] for region in campaign["regions"])
