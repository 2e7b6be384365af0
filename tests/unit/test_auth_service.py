"""Sign-in rules with fakes: codes hashed, short-lived, single-use, burned by wrong tries."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

import pytest

from chalicelib.domain.auth import LoginCode
from chalicelib.domain.errors import Conflict, NotFound, RateLimited, Unauthorized
from chalicelib.domain.registry import professional_from_row
from chalicelib.services.auth import open_session, send_login_code
from tests.conftest import registry_row
from tests.fakes import InMemoryProfessionalRepository

NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)


class FakeCodes:
    def __init__(self) -> None:
        self.items: dict[str, LoginCode] = {}

    def get(self, document: str) -> LoginCode | None:
        return self.items.get(document)

    def replace(self, document: str, code: LoginCode, previous: LoginCode | None) -> None:
        if self.items.get(document) != previous:
            raise Conflict()
        self.items[document] = code

    def count_wrong_try(self, document: str, code_hash: str) -> None:
        code = self.items[document]
        self.items[document] = LoginCode(
            code.code_hash, code.expires_at, code.attempts + 1, code.sent_at
        )

    def use(self, document: str, code_hash: str) -> bool:
        code = self.items[document]
        if code.code_hash != code_hash:
            return False
        self.items[document] = LoginCode("used", code.expires_at, code.attempts, code.sent_at)
        return True


class FakeTokens:
    def issue(self, document: str, now: datetime) -> tuple[str, datetime]:
        return f"token-{document}", now + timedelta(minutes=30)

    def verify(self, token: str) -> dict:
        return {"sub": token.removeprefix("token-")}

    def code_hash(self, document: str, code: str) -> str:
        return hashlib.sha256(f"{document}:{code}".encode()).hexdigest()


class FakeMailer:
    def __init__(self) -> None:
        self.sent: list[tuple[list[str], str, str]] = []

    def send(self, to, subject, text, html=None) -> str:
        self.sent.append((list(to), subject, text))
        return "message-id"


@pytest.fixture
def world(council):
    professionals = InMemoryProfessionalRepository()
    professionals.add_new([professional_from_row(registry_row(), council)])
    return council, professionals, FakeCodes(), FakeTokens(), FakeMailer()


def send(world, at: datetime = NOW, document: str = "52998224725") -> dict:
    council, professionals, codes, tokens, mailer = world
    return send_login_code(document, council, professionals, codes, tokens, mailer, at)


def sent_code(world) -> str:
    text = world[4].sent[-1][2]
    return next(word for word in text.split() if word.isdigit() and len(word) == 6)


def test_the_code_is_mailed_and_only_its_keyed_hash_is_kept(world) -> None:
    answer = send(world)

    code = sent_code(world)
    stored = world[2].items["52998224725"]
    assert answer == {"masked_email": "a***@example.org", "expires_in": 600}
    assert world[4].sent[-1][0] == ["ana.souza@example.org"]
    assert stored.code_hash == FakeTokens().code_hash("52998224725", code)
    assert code not in repr(stored)


def test_three_codes_per_15_minutes(world) -> None:
    for minute in range(3):
        send(world, NOW + timedelta(minutes=minute))

    with pytest.raises(RateLimited) as error:
        send(world, NOW + timedelta(minutes=5))
    assert error.value.retry_after == 10 * 60
    send(world, NOW + timedelta(minutes=15, seconds=1))


def test_someone_not_in_the_registry_gets_no_code(world) -> None:
    with pytest.raises(NotFound):
        send(world, document="123.456.789-09")


def test_the_right_code_opens_one_session(world) -> None:
    send(world)
    code = sent_code(world)

    session = open_session("529.982.247-25", code, world[2], world[3], NOW)

    assert session == {"token": "token-52998224725", "expires_at": "2026-11-21T12:30:00Z"}
    with pytest.raises(Unauthorized):
        open_session("52998224725", code, world[2], world[3], NOW)


def test_a_code_expires_after_ten_minutes(world) -> None:
    send(world)

    with pytest.raises(Unauthorized):
        open_session(
            "52998224725", sent_code(world), world[2], world[3], NOW + timedelta(minutes=10)
        )


def test_five_wrong_tries_burn_the_code(world) -> None:
    send(world)
    code = sent_code(world)
    wrong = "000000" if code != "000000" else "999999"
    for _ in range(5):
        with pytest.raises(Unauthorized):
            open_session("52998224725", wrong, world[2], world[3], NOW)

    with pytest.raises(Unauthorized):
        open_session("52998224725", code, world[2], world[3], NOW)
