"""A professional opens the files of their own requests, and only those."""

from __future__ import annotations

import pytest

from chalicelib.domain.errors import NotFound
from chalicelib.services.change_requests import own_attachment_link, upload_key
from tests.unit.request_world import ANA, BRUNO, World


@pytest.fixture
def world(council) -> World:
    return World(council)


def test_a_professional_gets_a_link_to_a_file_of_their_own_request(world: World) -> None:
    request = world.change_address()
    upload_id = request.attachments[0].upload_id

    link = own_attachment_link(ANA, request.id, upload_id, world.requests, world.storage)

    assert link == {"download_url": f"https://bucket.example.org/{upload_key(ANA, upload_id)}"}


def test_anothers_request_an_unknown_one_and_a_file_not_in_it_answer_alike(world: World) -> None:
    anas = world.change_address()
    brunos = world.change_address(document=BRUNO)
    anas_file = anas.attachments[0].upload_id

    for document, request_id, upload_id in (
        (BRUNO, anas.id, anas_file),  # Ana's request, asked for by Bruno
        (ANA, brunos.id, brunos.attachments[0].upload_id),  # Bruno's, by Ana
        (ANA, anas.id, brunos.attachments[0].upload_id),  # a file her request does not hold
        (ANA, "00000-00000", anas_file),  # no such request
    ):
        with pytest.raises(NotFound):
            own_attachment_link(document, request_id, upload_id, world.requests, world.storage)
