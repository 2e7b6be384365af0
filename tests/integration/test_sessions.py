"""Sessions that end: a logout ends its token at once, the end of every session ends every
token issued before it, and GET /me says how the caller signed in."""

from __future__ import annotations

from datetime import UTC, datetime

from chalicelib import dependencies
from chalicelib.services.sessions import end_every_session
from tests.integration.api import Api
from tests.integration.conftest import ANA, ANA_EMAIL


def test_me_says_how_the_caller_signed_in(api: Api) -> None:
    token = api.sign_in(ANA, ANA_EMAIL)

    me = api.call("GET", "/me", token=token).json_body

    assert me["session"] == {"method": "code", "level": None, "actor": None}


def test_a_logout_ends_that_token_at_once_and_no_other(api: Api) -> None:
    phone, laptop = api.sign_in(ANA, ANA_EMAIL), api.sign_in(ANA, ANA_EMAIL)

    answer = api.call("POST", "/auth/logout", token=phone)

    assert answer.status_code == 200
    assert answer.json_body == {"logout_url": None}  # a code session: no gov.br logout
    for path in ("/me", "/me/requests"):
        after = api.call("GET", path, token=phone)
        assert (after.status_code, after.json_body["code"]) == (401, "session_ended")
        assert after.json_body["message"] == "Sua sessão foi encerrada. Entre de novo."
    assert api.call("POST", "/auth/logout", token=phone).status_code == 401
    assert api.call("GET", "/me", token=laptop).status_code == 200


def test_ending_every_session_ends_every_earlier_token_and_no_later_one(api: Api) -> None:
    earlier = [api.sign_in(ANA, ANA_EMAIL), api.sign_in(ANA, ANA_EMAIL)]

    end_every_session(ANA, dependencies.professionals(), datetime.now(UTC))
    later = api.sign_in(ANA, ANA_EMAIL)

    for token in earlier:
        assert api.call("GET", "/me", token=token).status_code == 401
        body = {"filename": "a.pdf", "content_type": "application/pdf", "size": 10, "kind": "other"}
        assert api.call("POST", "/me/uploads", body, token).status_code == 401
    assert api.call("GET", "/me", token=later).status_code == 200


def test_logged_out_sessions_are_swept_once_their_tokens_have_expired(api: Api) -> None:
    professionals = dependencies.professionals()
    professionals.end_session(ANA, "1000:old-session", frozenset())

    token = api.sign_in(ANA, ANA_EMAIL)
    api.call("POST", "/auth/logout", token=token)

    ended = professionals.get(ANA).ended_sessions  # type: ignore[union-attr]
    assert "1000:old-session" not in ended and len(ended) == 1
