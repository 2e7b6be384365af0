"""Sign-in of professionals: a 6-digit code e-mailed to the address on file; and the limits on
wrong tries that hold for professionals' codes and staff passwords alike."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from chalicelib.domain.campaign import BRASILIA

CODE_TTL_SECONDS = 600
MAX_ATTEMPTS = 5
MAX_CODES = 3
CODES_WINDOW_SECONDS = 15 * 60
CODE_FORMAT = re.compile(r"^\d{6}$")
USED = "used"

# Every code of a day together: two codes burned by wrong tries, and code sign-in stops for the
# document until the next Brasília day (a person who lost track talks to their regional).
MAX_WRONG_CODES_PER_DAY = 10
WRONG_CODES = "wrong-codes"
# Above the 10 codes per minute an address may ask for: a typo or two per code still passes.
SESSIONS_PER_IP_PER_MINUTE = 20

STAFF_MAX_FAILURES = 5
STAFF_FAILURE_WINDOW_SECONDS = 15 * 60
STAFF_FAILURES = "staff-failures"


@dataclass(frozen=True)
class LoginCode:
    """The live code of a document (hashed), its tries so far, and when the last codes were sent
    (epoch seconds), which the rate limit counts."""

    code_hash: str
    expires_at: int
    attempts: int = 0
    sent_at: tuple[int, ...] = field(default_factory=tuple)

    def usable(self, now: int) -> bool:
        return self.code_hash != USED and now < self.expires_at and self.attempts < MAX_ATTEMPTS

    def recent_sends(self, now: int) -> tuple[int, ...]:
        return tuple(sent for sent in self.sent_at if sent > now - CODES_WINDOW_SECONDS)


@dataclass(frozen=True)
class Window:
    """A span of time tries are counted in: [start, end) in epoch seconds."""

    start: int
    end: int

    def seconds_left(self, now: int) -> int:
        return max(self.end - now, 1)


def brasilia_day_window(now: datetime) -> Window:
    """The Brasília day `now` falls in (its midnight to the next)."""
    midnight = datetime.combine(now.astimezone(BRASILIA).date(), time(), BRASILIA)
    return Window(int(midnight.timestamp()), int((midnight + timedelta(days=1)).timestamp()))


def fixed_window(now: int, seconds: int) -> Window:
    start = now - now % seconds
    return Window(start, start + seconds)


def normalize_username(username: str) -> str:
    """One count for every spelling Cognito takes as the same user (the pool ignores case)."""
    return unicodedata.normalize("NFKC", username).strip().casefold()
