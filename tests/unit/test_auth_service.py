"""Sign-in rules with fakes: codes hashed, short-lived, single-use, burned by wrong tries; the
document's day of wrong tries; staff accounts locked after wrong passwords."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from chalicelib.domain.errors import NotFound, RateLimited, Unauthorized
from chalicelib.domain.registry import professional_from_row
from chalicelib.domain.sessions import Session
from chalicelib.services.auth import (
    CodeAttempt,
    CodeRequest,
    StaffCredentials,
    open_session,
    send_login_code,
    sign_in_staff,
)
from chalicelib.services.ports import CodeSignIn, StaffSessions
from tests.conftest import registry_row
from tests.fakes import (
    FakeMailer,
    FakeStaffSignIn,
    InMemoryAttemptLimiter,
    InMemoryLoginCodeRepository,
    InMemoryProfessionalRepository,
)

NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)  # 09:00 in Brasília
ANA = "52998224725"


class FakeTokens:
    def __init__(self) -> None:
        # Runs while a code is being compared: other tries arriving at that very moment.
        self.while_comparing: Callable[[], None] | None = None

    def issue(
        self, document: str, now: datetime, method: str = "code", level: str | None = None
    ) -> tuple[str, Session]:
        expires = int((now + timedelta(minutes=30)).timestamp())
        session = Session(
            document, "session-1", int(now.timestamp() * 1000), expires, method, level
        )
        return f"token-{document}", session

    def verify(self, token: str) -> dict:
        return {"sub": token.removeprefix("token-")}

    def code_hash(self, document: str, code: str) -> str:
        meanwhile, self.while_comparing = self.while_comparing, None
        if meanwhile:
            meanwhile()
        return hashlib.sha256(f"{document}:{code}".encode()).hexdigest()


@pytest.fixture
def ports(council) -> CodeSignIn:
    professionals = InMemoryProfessionalRepository()
    professionals.add_new([professional_from_row(registry_row(), council)])
    codes, tries = InMemoryLoginCodeRepository(), InMemoryAttemptLimiter()
    return CodeSignIn(council, professionals, codes, tries, FakeTokens())


@pytest.fixture
def mailer() -> FakeMailer:
    return FakeMailer()


def send(ports: CodeSignIn, mailer: FakeMailer, at: datetime = NOW, document: str = ANA) -> str:
    """Asks for a code; the code the e-mail carried."""
    send_login_code(CodeRequest(document=document), ports, mailer, at)
    return mailed_code(mailer)


def mailed_code(mailer: FakeMailer) -> str:
    text = mailer.sent[-1]["text"]
    return next(word for word in text.split() if word.isdigit() and len(word) == 6)


def wrong(code: str) -> str:
    return "000000" if code != "000000" else "999999"


def try_code(ports: CodeSignIn, code: str, at: datetime = NOW) -> dict:
    return open_session(CodeAttempt(document=ANA, code=code), ports, at)


def test_the_code_is_mailed_and_only_its_keyed_hash_is_kept(ports, mailer) -> None:
    answer = send_login_code(CodeRequest(document="529.982.247-25"), ports, mailer, NOW)

    code = mailed_code(mailer)
    stored = ports.codes.get(ANA)
    assert answer == {"masked_email": "a***@example.org", "expires_in": 600}
    assert mailer.sent[-1]["to"] == ["ana.souza@example.org"]
    assert stored.code_hash == FakeTokens().code_hash(ANA, code)
    assert code not in repr(stored)


def test_three_codes_per_15_minutes(ports, mailer) -> None:
    for minute in range(3):
        send(ports, mailer, NOW + timedelta(minutes=minute))

    with pytest.raises(RateLimited) as error:
        send(ports, mailer, NOW + timedelta(minutes=5))
    assert error.value.retry_after == 10 * 60
    send(ports, mailer, NOW + timedelta(minutes=15, seconds=1))


def test_someone_not_in_the_registry_gets_no_code(ports, mailer) -> None:
    with pytest.raises(NotFound):
        send(ports, mailer, document="123.456.789-09")


def test_the_right_code_opens_one_session(ports, mailer) -> None:
    code = send(ports, mailer)

    session = open_session(CodeAttempt(document="529.982.247-25", code=code), ports, NOW)

    assert session == {"token": f"token-{ANA}", "expires_at": "2026-11-21T12:30:00Z"}
    with pytest.raises(Unauthorized):
        try_code(ports, code)


def test_a_code_expires_after_ten_minutes(ports, mailer) -> None:
    code = send(ports, mailer)

    with pytest.raises(Unauthorized):
        try_code(ports, code, NOW + timedelta(minutes=10))


def test_the_right_code_still_works_at_the_fifth_try(ports, mailer) -> None:
    code = send(ports, mailer)
    for _ in range(4):
        with pytest.raises(Unauthorized):
            try_code(ports, wrong(code))

    assert try_code(ports, code)["token"] == f"token-{ANA}"


def test_five_wrong_tries_burn_the_code(ports, mailer) -> None:
    code = send(ports, mailer)
    for _ in range(5):
        with pytest.raises(Unauthorized):
            try_code(ports, wrong(code))

    with pytest.raises(Unauthorized):
        try_code(ports, code)


def test_a_wrong_code_says_how_many_tries_the_code_has_left(ports, mailer) -> None:
    code = send(ports, mailer)
    said = []
    for _ in range(5):
        with pytest.raises(Unauthorized) as refused:
            try_code(ports, wrong(code))
        assert refused.value.key == "invalid_code"
        said.append(refused.value.message)

    assert said[0].startswith("Código incorreto. Restam 4 tentativas com este código")
    assert "Restam 2 tentativas" in said[2]
    assert "Resta 1 tentativa" in said[3]
    assert said[4] == "Código incorreto. Este código não vale mais: peça um novo."


def test_tries_arriving_while_one_is_compared_count_before_the_right_code(ports, mailer) -> None:
    # Given a code, and four more wrong guesses arriving while the first is being compared,
    # then the right code, still during that comparison
    code = send(ports, mailer)
    outcomes: list[str] = []

    def meanwhile() -> None:
        for guess in [wrong(code)] * 4 + [code]:
            try:
                try_code(ports, guess)
                outcomes.append("signed in")
            except Unauthorized:
                outcomes.append("refused")

    ports.tokens.while_comparing = meanwhile

    # When the first guess is compared
    with pytest.raises(Unauthorized):
        try_code(ports, wrong(code))

    # Then those five tries were all the code had: the right code, a sixth, is refused
    assert outcomes == ["refused"] * 5


def test_ten_wrong_tries_in_a_day_lock_code_sign_in_until_brasilia_midnight(ports, mailer) -> None:
    # Given two codes, each burned by five wrong tries
    first = send(ports, mailer)
    for _ in range(5):
        with pytest.raises(Unauthorized):
            try_code(ports, wrong(first))
    second = send(ports, mailer, NOW + timedelta(minutes=1))
    for _ in range(4):
        with pytest.raises(Unauthorized):
            try_code(ports, wrong(second), NOW + timedelta(minutes=1))

    # When the tenth wrong try of the day is made
    with pytest.raises(RateLimited) as tenth:
        try_code(ports, wrong(second), NOW + timedelta(minutes=1))

    # Then it and every code sign-in after it are refused until midnight in Brasília
    # (03:00 UTC), with the regional's contacts
    error = tenth.value
    assert error.key == "sign_in_locked"
    assert error.retry_after == 15 * 3600 - 60
    assert "bloqueada até a meia-noite" in error.message
    assert "(11) 3000-0202" in error.message
    assert "atendimento.sp@example.org" in error.message
    with pytest.raises(RateLimited) as asking:
        send(ports, mailer, NOW + timedelta(hours=2))
    assert (asking.value.key, asking.value.retry_after) == ("sign_in_locked", 13 * 3600)
    assert len(mailer.sent) == 2
    next_day = datetime(2026, 11, 22, 3, 0, tzinfo=UTC)
    assert try_code(ports, send(ports, mailer, next_day), next_day)["token"]


def test_the_right_code_is_refused_once_the_day_is_locked(ports, mailer) -> None:
    # Given three codes with 3, 4 and 3 wrong tries: the last code still has tries left
    for minute, wrong_tries in enumerate((3, 4, 3)):
        at = NOW + timedelta(minutes=minute)
        code = send(ports, mailer, at)
        for _ in range(wrong_tries):
            with pytest.raises((Unauthorized, RateLimited)):
                try_code(ports, wrong(code), at)

    # When its right code is tried
    with pytest.raises(RateLimited) as error:
        try_code(ports, code, NOW + timedelta(minutes=3))

    # Then the day's lock holds
    assert error.value.key == "sign_in_locked"


def test_signing_in_does_not_count_as_a_wrong_try(ports, mailer) -> None:
    # Given nine wrong tries today and then a right code
    for minute in (0, 1):
        code = send(ports, mailer, NOW + timedelta(minutes=minute))
        for _ in range(5 - minute):
            with pytest.raises(Unauthorized):
                try_code(ports, wrong(code), NOW + timedelta(minutes=minute))
    right = send(ports, mailer, NOW + timedelta(minutes=2))
    try_code(ports, right, NOW + timedelta(minutes=2))

    # When the professional asks for another code later that day
    again = send(ports, mailer, NOW + timedelta(minutes=20))

    # Then it comes, and works
    assert try_code(ports, again, NOW + timedelta(minutes=20))["token"]


# --- staff -----------------------------------------------------------------------------------


@pytest.fixture
def cognito() -> FakeStaffSignIn:
    return FakeStaffSignIn({"revisor.sp": "Senha-Forte-2026"})


def staff(cognito, tries, username: str, password: str, at: datetime = NOW) -> dict:
    credentials = StaffCredentials(username=username, password=password)
    return sign_in_staff(credentials, StaffSessions(cognito, tries), at)


def test_five_wrong_passwords_lock_the_account_for_the_rest_of_the_window(cognito) -> None:
    tries = InMemoryAttemptLimiter()
    for _ in range(4):
        with pytest.raises(Unauthorized):
            staff(cognito, tries, "revisor.sp", "errada-1234")

    with pytest.raises(RateLimited) as fifth:
        staff(cognito, tries, "Revisor.SP", "errada-1234", NOW + timedelta(minutes=5))
    with pytest.raises(RateLimited) as right:
        staff(cognito, tries, "revisor.sp", "Senha-Forte-2026", NOW + timedelta(minutes=10))

    assert (fifth.value.key, fifth.value.retry_after) == ("staff_locked", 10 * 60)
    assert "10 min" in fifth.value.message
    assert (right.value.key, right.value.retry_after) == ("staff_locked", 5 * 60)
    assert cognito.calls == 5
    after = NOW + timedelta(minutes=15)
    assert staff(cognito, tries, "revisor.sp", "Senha-Forte-2026", after)["token"]


def test_an_unknown_username_is_answered_like_a_known_one(cognito) -> None:
    tries = InMemoryAttemptLimiter()
    answers = []
    for username in ("revisor.sp", "ninguem"):
        for _ in range(5):
            try:
                staff(cognito, tries, username, "errada-1234")
            except (Unauthorized, RateLimited) as error:
                answers.append((username, type(error).__name__, error.key))

    known = [(kind, key) for name, kind, key in answers if name == "revisor.sp"]
    unknown = [(kind, key) for name, kind, key in answers if name == "ninguem"]
    assert (
        known
        == unknown
        == [("Unauthorized", "invalid_credentials")] * 4 + [("RateLimited", "staff_locked")]
    )


def test_a_success_between_wrong_passwords_does_not_clear_them(cognito) -> None:
    tries = InMemoryAttemptLimiter()
    for _ in range(3):
        with pytest.raises(Unauthorized):
            staff(cognito, tries, "revisor.sp", "errada-1234")
    staff(cognito, tries, "revisor.sp", "Senha-Forte-2026")
    with pytest.raises(Unauthorized):
        staff(cognito, tries, "revisor.sp", "errada-1234")

    with pytest.raises(RateLimited):
        staff(cognito, tries, "revisor.sp", "errada-1234")


def test_staff_who_sign_in_often_are_never_locked(cognito) -> None:
    tries = InMemoryAttemptLimiter()

    for _ in range(20):
        staff(cognito, tries, "revisor.sp", "Senha-Forte-2026")
