"""Sign-in with gov.br on the running local stack, over HTTP as a browser goes (no browser: the
redirects followed by hand): our start → the simulator's authorize form → its redirect to our
callback → the site with a one-time ticket → our session → `GET /me`; what each failure brings
back to the site (a state used twice, a cancelled sign-in, a CPF the council does not have);
logout ending the token and going through gov.br's logout; the gov.br e-mail made the contact
e-mail, which ends the person's other sessions."""

from __future__ import annotations

import re
import time
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

import pytest

from local.client import json_call as call
from tests.e2e.conftest import LocalStack
from tests.e2e.test_professional_journey import demo_professional, sign_in

pytestmark = pytest.mark.e2e

# A valid CPF the demo registry does not hold (the demo's are drawn from a seeded generator).
OUTSIDER_CPF = "11144477735"


class _Stay(urllib.request.HTTPRedirectHandler):
    """Redirects are answers to look at, not to follow."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


_BROWSER = urllib.request.build_opener(_Stay)


def visit(url: str, form: dict[str, str] | None = None) -> tuple[int, str, str | None]:
    """(status, body, Location) of a GET, or of a form POST when `form` is given."""
    data = urllib.parse.urlencode(form).encode() if form is not None else None
    request = urllib.request.Request(url, data=data, method="POST" if form is not None else "GET")
    try:
        with _BROWSER.open(request, timeout=30) as answer:
            return answer.status, answer.read().decode(), answer.headers.get("Location")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(), error.headers.get("Location")


def simulator(stack: LocalStack, path: str = "") -> str:
    return stack.url("GOVBR_PORT", path)


def add_account(stack: LocalStack, professional: dict[str, str], **fields: Any) -> None:
    account = {
        "cpf": professional["document"],
        "name": professional["name"],
        "email": professional["email"],
        "email_verified": True,
        "level": "silver",
        "companies": [],
    } | fields
    status, answer = call("POST", simulator(stack, "/_sim/accounts"), account)
    assert status == 201, answer


def authorize_form(stack: LocalStack) -> str:
    """Our start, then gov.br's sign-in page: the pending authorization's hidden `request`."""
    status, started = call("POST", stack.api("/auth/govbr/start"), {})
    if status == 429:  # sign-in starts per address and minute: as a browser would, wait
        time.sleep(61)
        status, started = call("POST", stack.api("/auth/govbr/start"), {})
    assert status == 200, started
    authorize_url = started["authorize_url"]
    assert authorize_url.startswith(simulator(stack, "/authorize?"))
    query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(authorize_url).query))
    assert query["code_challenge_method"] == "S256"
    assert query["redirect_uri"] == stack.api("/auth/govbr/callback")
    status, page, _ = visit(authorize_url)
    assert status == 200, page
    assert "gov.br" in page
    found = re.search(r'name="request" value="([^"]+)"', page)
    assert found, page
    return found.group(1)


def to_callback(stack: LocalStack, form: dict[str, str]) -> str:
    """The form posted at gov.br: the address of our callback it sends the browser to."""
    status, page, location = visit(simulator(stack, "/authorize"), form)
    assert status == 302, page
    assert location and location.startswith(stack.api("/auth/govbr/callback?")), location
    return location


def back_at_site(stack: LocalStack, callback: str) -> dict[str, str]:
    """Our callback: the query of the site's sign-in screen it sends the browser to."""
    status, body, location = visit(callback)
    assert status == 302, body
    assert location and location.startswith(stack.url("WEB_PORT", "/#/entrar?")), location
    return dict(urllib.parse.parse_qsl(location.split("?", 1)[1]))


def govbr_ticket(stack: LocalStack, cpf: str) -> str:
    back = back_at_site(stack, to_callback(stack, {"request": authorize_form(stack), "cpf": cpf}))
    assert set(back) == {"govbr_ticket"}, back
    return back["govbr_ticket"]


def govbr_session(stack: LocalStack, cpf: str) -> dict[str, Any]:
    status, session = call(
        "POST", stack.api("/auth/govbr/session"), {"ticket": govbr_ticket(stack, cpf)}
    )
    assert status == 200, session
    return dict(session)


def test_a_demo_professional_signs_in_through_govbr_and_me_says_how(stack: LocalStack) -> None:
    professional = demo_professional(3)

    ticket = govbr_ticket(stack, professional["document"])
    status, session = call("POST", stack.api("/auth/govbr/session"), {"ticket": ticket})

    assert status == 200, session
    assert session["level"] == "silver"
    assert session["token"] and session["expires_at"]
    status, me = call("GET", stack.api("/me"), token=session["token"])
    assert status == 200, me
    assert me["document"] == professional["document"]
    assert me["session"] == {"method": "govbr", "level": "silver", "actor": None}
    # The ticket works once.
    status, again = call("POST", stack.api("/auth/govbr/session"), {"ticket": ticket})
    assert status == 401, again


def test_a_sign_in_brought_back_twice_is_refused_the_second_time(stack: LocalStack) -> None:
    professional = demo_professional(5)
    callback = to_callback(
        stack, {"request": authorize_form(stack), "cpf": professional["document"]}
    )
    assert "govbr_ticket" in back_at_site(stack, callback)

    assert back_at_site(stack, callback) == {"govbr_error": "state_invalid"}


def test_a_made_up_state_is_refused(stack: LocalStack) -> None:
    callback = stack.api("/auth/govbr/callback?code=inventado&state=inventado")

    assert back_at_site(stack, callback) == {"govbr_error": "state_invalid"}


def test_cancelling_at_govbr_comes_back_as_cancelled(stack: LocalStack) -> None:
    callback = to_callback(stack, {"request": authorize_form(stack), "cancel": "1"})

    assert back_at_site(stack, callback) == {"govbr_error": "access_denied"}


def test_a_govbr_account_the_council_does_not_have_comes_back_as_not_in_registry(
    stack: LocalStack,
) -> None:
    outsider = {"document": OUTSIDER_CPF, "name": "Pessoa de Fora", "email": "fora@example.org"}
    add_account(stack, outsider)

    callback = to_callback(stack, {"request": authorize_form(stack), "cpf": OUTSIDER_CPF})

    assert back_at_site(stack, callback) == {"govbr_error": "not_in_registry"}


def test_logout_ends_the_token_and_goes_through_govbr_and_back_to_the_site(
    stack: LocalStack,
) -> None:
    professional = demo_professional(6)
    token = govbr_session(stack, professional["document"])["token"]

    status, answer = call("POST", stack.api("/auth/logout"), {}, token)

    assert status == 200, answer
    logout_url = answer["logout_url"]
    assert logout_url.startswith(simulator(stack, "/logout?post_logout_redirect_uri="))
    status, me = call("GET", stack.api("/me"), token=token)
    assert status == 401, me
    status, page, location = visit(logout_url)
    assert status == 302, page
    assert location == stack.url("WEB_PORT", "/")
    _, logouts = call("GET", simulator(stack, "/_sim/logouts"))
    assert logouts["items"][-1]["post_logout_redirect_uri"] == stack.url("WEB_PORT", "/")


def test_a_code_session_logs_out_without_govbr(stack: LocalStack) -> None:
    token = sign_in(stack, demo_professional(7))

    status, answer = call("POST", stack.api("/auth/logout"), {}, token)

    assert (status, answer) == (200, {"logout_url": None})
    status, _ = call("GET", stack.api("/me"), token=token)
    assert status == 401


def test_the_govbr_email_becomes_the_contact_email_and_ends_the_other_sessions(
    stack: LocalStack,
) -> None:
    professional = demo_professional(8)
    add_account(stack, professional, email="novo.endereco@example.org", level="gold")
    other_tab = govbr_session(stack, professional["document"])["token"]
    session = govbr_session(stack, professional["document"])
    assert session["level"] == "gold"
    token = session["token"]

    status, answer = call("PUT", stack.api("/me/contact-email"), {"source": "govbr"}, token)

    assert status == 200, answer
    assert answer["data"]["emails"][0]["address"] == "novo.endereco@example.org"
    status, me = call("GET", stack.api("/me"), token=answer["token"])
    assert status == 200, me
    assert me["data"]["emails"][0]["address"] == "novo.endereco@example.org"
    for ended in (token, other_tab):
        status, refused = call("GET", stack.api("/me"), token=ended)
        assert (status, refused["code"]) == (401, "session_ended")


def test_a_bronze_account_may_not_change_the_contact_email(stack: LocalStack) -> None:
    professional = demo_professional(9)
    add_account(stack, professional, email="bronze@example.org", level="bronze")
    token = govbr_session(stack, professional["document"])["token"]

    status, refused = call("PUT", stack.api("/me/contact-email"), {"source": "govbr"}, token)

    assert (status, refused["code"]) == (403, "level_too_low")
    _, me = call("GET", stack.api("/me"), token=token)
    assert me["data"]["emails"][0]["address"] == professional["email"]
