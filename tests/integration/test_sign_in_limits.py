"""Sign-in limits that hold under concurrency and across Lambda containers: a code's 5 tries,
a document's 10 wrong tries a day, tries per client address, and staff accounts locked after
5 wrong passwords, on DynamoDB Local (and moto's Cognito for staff)."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest

from chalicelib import dependencies
from chalicelib.domain.auth import LoginCode, Window, brasilia_day_window, fixed_window
from chalicelib.domain.errors import RateLimited, Unauthorized
from chalicelib.domain.registry import professional_from_row
from chalicelib.domain.sessions import Session
from chalicelib.services.auth import CodeAttempt, open_session
from chalicelib.services.ports import CodeSignIn
from tests.conftest import registry_row
from tests.integration.api import Api
from tests.integration.conftest import ANA, ANA_EMAIL, BRUNO, STAFF_PASSWORD

RIGHT, WRONG = "123456", "000000"


class CountingTokens:
    """Counts the codes compared: a try is evaluated only once it has its place."""

    def __init__(self) -> None:
        self.compared = 0
        self._lock = threading.Lock()

    def issue(
        self, document: str, now: datetime, method: str = "code", level: str | None = None
    ) -> tuple[str, Session]:
        expires = int((now + timedelta(minutes=30)).timestamp())
        return f"token-{document}", Session(document, "s", int(now.timestamp() * 1000), expires)

    def verify(self, token: str) -> dict:
        return {"sub": token.removeprefix("token-")}

    def code_hash(self, document: str, code: str) -> str:
        with self._lock:
            self.compared += 1
        return hashlib.sha256(f"{document}:{code}".encode()).hexdigest()


@pytest.fixture
def on_dynamodb(tables, council) -> tuple[CodeSignIn, CountingTokens]:
    """Signing in by code on DynamoDB Local's tables, Ana on file."""
    professionals = dependencies.professionals()
    professionals.add_new([professional_from_row(registry_row(), council)])
    tokens = CountingTokens()
    ports = CodeSignIn(
        council, professionals, dependencies.login_codes(), dependencies.attempt_limiter(), tokens
    )
    ports.codes.get(ANA)  # the clients exist before the threads race to make them
    return ports, tokens


def plant_code(ports: CodeSignIn, tokens: CountingTokens, now: datetime) -> None:
    """A live code for Ana, as an e-mail would have carried it (not counted as compared)."""
    code_hash = hashlib.sha256(f"{ANA}:{RIGHT}".encode()).hexdigest()
    moment = int(now.timestamp())
    ports.codes.replace(ANA, LoginCode(code_hash, moment + 600), ports.codes.get(ANA))


def race(guesses: list[str], attempt: Callable[[str], str]) -> list[str]:
    """Every guess sent at the same instant, one thread each."""
    start = threading.Barrier(len(guesses))

    def one(guess: str) -> str:
        start.wait()
        return attempt(guess)

    with ThreadPoolExecutor(len(guesses)) as pool:
        return list(pool.map(one, guesses))


def outcome(ports: CodeSignIn, now: datetime) -> Callable[[str], str]:
    def attempt(guess: str) -> str:
        try:
            open_session(CodeAttempt(document=ANA, code=guess), ports, now)
        except Unauthorized:
            return "refused"
        except RateLimited as error:
            return error.key
        return "signed in"

    return attempt


def test_thirty_parallel_tries_at_one_code_evaluate_at_most_five(on_dynamodb) -> None:
    ports, tokens = on_dynamodb
    # Three days, three races: the day's cap of wrong tries stays out of the way.
    for day in range(3):
        # Given a live code, and 29 wrong guesses and the right code sent at the same instant
        now = datetime(2026, 11, 21, 12, tzinfo=UTC) + timedelta(days=day)
        plant_code(ports, tokens, now)
        tokens.compared = 0

        # When they race
        results = race([WRONG] * 29 + [RIGHT], outcome(ports, now))

        # Then only five were compared; the right code signed in only if it was among them
        assert tokens.compared <= 5
        assert results.count("signed in") <= 1
        assert ports.codes.get(ANA).attempts == 5
        assert outcome(ports, now)(RIGHT) == "refused"


def test_the_right_code_after_five_wrong_ones_fails_whatever_the_timing(on_dynamodb) -> None:
    ports, tokens = on_dynamodb
    now = datetime(2026, 11, 21, 12, tzinfo=UTC)
    plant_code(ports, tokens, now)

    wrong = race([WRONG] * 30, outcome(ports, now))

    assert wrong == ["refused"] * 30
    assert tokens.compared == 5
    assert outcome(ports, now)(RIGHT) == "refused"


def test_parallel_tries_take_distinct_places_and_no_more_than_the_limit(tables) -> None:
    limiter = dependencies.attempt_limiter()
    window = Window(1_800_000_000, 1_800_086_400)
    limiter.taken("wrong-codes", ANA, window)

    places = race(["x"] * 30, lambda _: str(limiter.take("wrong-codes", ANA, 10, window)))

    assert sorted(place for place in places if place != "None") == sorted(map(str, range(1, 11)))
    assert places.count("None") == 20
    assert limiter.taken("wrong-codes", ANA, window) == 10


# --- through the API ------------------------------------------------------------------------


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[datetime]]:
    """The API's clock, held still (so no window boundary falls inside a test) and movable."""
    now = [datetime.now(UTC).replace(second=1, microsecond=0)]
    monkeypatch.setattr("chalicelib.api.professional._now", lambda: now[0])
    monkeypatch.setattr("chalicelib.api.staff._now", lambda: now[0])
    yield now


def session(api: Api, code: str, document: str = ANA) -> object:
    return api.call("POST", "/auth/session", {"document": document, "code": code})


def test_ten_wrong_codes_in_a_day_lock_the_document_until_midnight_in_every_container(
    api: Api, clock: list[datetime]
) -> None:
    # Given two codes asked for and nine wrong tries
    api.call("POST", "/auth/code", {"document": ANA})
    first = api.last_code(ANA_EMAIL)
    wrong = WRONG if first != WRONG else "111111"
    answers = [session(api, wrong).status_code for _ in range(5)]
    api.call("POST", "/auth/code", {"document": ANA})
    second = api.last_code(ANA_EMAIL)
    wrong = WRONG if second != WRONG else "111111"
    answers += [session(api, wrong).status_code for _ in range(4)]

    # When the tenth wrong try is made
    tenth = session(api, wrong)

    # Then it is told the document is locked until Brasília's midnight, with the regional's
    # contacts; and so is every later call, in another Lambda container too
    until_midnight = brasilia_day_window(clock[0]).end - int(clock[0].timestamp())
    assert answers == [401] * 9
    assert tenth.status_code == 429
    assert tenth.json_body["code"] == "sign_in_locked"
    assert int(tenth.headers["Retry-After"]) == until_midnight
    assert "(11) 3000-0202" in tenth.json_body["message"]
    assert "atendimento.sp@example.org" in tenth.json_body["message"]
    dependencies.reset()
    asked = api.call("POST", "/auth/code", {"document": ANA})
    right = session(api, second)
    assert (asked.status_code, asked.json_body["code"]) == (429, "sign_in_locked")
    assert int(asked.headers["Retry-After"]) == until_midnight
    assert (right.status_code, right.json_body["code"]) == (429, "sign_in_locked")
    assert api.call("POST", "/auth/code", {"document": BRUNO}).status_code == 202


def test_session_tries_from_one_address_are_limited_per_minute(
    api: Api, clock: list[datetime]
) -> None:
    guesses = [session(api, WRONG, document).status_code for document in [ANA, BRUNO] * 10]

    one_too_many = session(api, WRONG)

    assert guesses == [401] * 20
    assert one_too_many.status_code == 429
    assert one_too_many.json_body["code"] == "rate_limited"
    assert int(one_too_many.headers["Retry-After"]) == 59


def staff_sign_in(api: Api, username: str, password: str) -> object:
    return api.call("POST", "/staff/session", {"username": username, "password": password})


def test_five_wrong_passwords_lock_a_staff_account_for_the_rest_of_the_window(
    api: Api, clock: list[datetime]
) -> None:
    # Given four wrong passwords
    wrong = [staff_sign_in(api, "revisor.sp", "Errada-Senha-1").status_code for _ in range(4)]

    # When a fifth is tried (spelt differently), then the right one, in another container
    fifth = staff_sign_in(api, "Revisor.SP", "Errada-Senha-1")
    dependencies.reset()
    right = staff_sign_in(api, "revisor.sp", STAFF_PASSWORD)

    # Then the account is locked until the 15-minute window ends, and then works again
    window_end = fixed_window(int(clock[0].timestamp()), 15 * 60).end
    assert wrong == [401] * 4
    assert (fifth.status_code, fifth.json_body["code"]) == (429, "staff_locked")
    assert (right.status_code, right.json_body["code"]) == (429, "staff_locked")
    assert int(right.headers["Retry-After"]) == window_end - int(clock[0].timestamp())
    clock[0] = datetime.fromtimestamp(window_end, UTC)
    assert staff_sign_in(api, "revisor.sp", STAFF_PASSWORD).status_code == 200


def test_an_unknown_username_is_answered_like_a_staff_member(
    api: Api, clock: list[datetime]
) -> None:
    answers = {
        username: [
            (answer.status_code, answer.json_body["code"])
            for answer in (staff_sign_in(api, username, "Errada-Senha-1") for _ in range(5))
        ]
        for username in ("revisor.sp", "nao.existe")
    }

    assert answers["revisor.sp"] == answers["nao.existe"]
    assert answers["nao.existe"] == [(401, "invalid_credentials")] * 4 + [(429, "staff_locked")]
