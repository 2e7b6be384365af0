"""Sign-in of professionals: a 6-digit code e-mailed to the address on file."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

CODE_TTL_SECONDS = 600
MAX_ATTEMPTS = 5
MAX_CODES = 3
CODES_WINDOW_SECONDS = 15 * 60
CODE_FORMAT = re.compile(r"^\d{6}$")
USED = "used"


@dataclass(frozen=True)
class LoginCode:
    """The live code of a document (hashed), its wrong tries, and when the last codes were sent
    (epoch seconds), which the rate limit counts."""

    code_hash: str
    expires_at: int
    attempts: int = 0
    sent_at: tuple[int, ...] = field(default_factory=tuple)

    def usable(self, now: int) -> bool:
        return self.code_hash != USED and now < self.expires_at and self.attempts < MAX_ATTEMPTS

    def recent_sends(self, now: int) -> tuple[int, ...]:
        return tuple(sent for sent in self.sent_at if sent > now - CODES_WINDOW_SECONDS)
