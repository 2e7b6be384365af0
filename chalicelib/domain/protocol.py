"""Protocol numbers: unguessable, short enough to read over the phone, self-checking.

Nine characters of Crockford's base32 (45 random bits; no I, L, O or U to misread) and a
check character (Luhn mod 32), shown in two groups of five, like `K3QM9-XH2TZ`. The check catches every mistyped
character and all swaps of two neighbours but one pair (0 and Z). Reading back, case, spaces and hyphens do not
matter and O/I/L are taken for 0/1/1, as people mistype them."""

from __future__ import annotations

import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_VALUE = {character: index for index, character in enumerate(ALPHABET)}
_MISREAD = str.maketrans({"O": "0", "I": "1", "L": "1"})
DATA_LENGTH = 9


def _check_character(data: str) -> str:
    total = 0
    for position, character in enumerate(reversed(data)):
        value = _VALUE[character]
        if position % 2 == 0:
            value *= 2
            value = value // 32 + value % 32
        total += value
    return ALPHABET[(32 - total % 32) % 32]


def new_protocol() -> str:
    data = "".join(secrets.choice(ALPHABET) for _ in range(DATA_LENGTH))
    code = data + _check_character(data)
    return f"{code[:5]}-{code[5:]}"


def normalize_protocol(text: str) -> str | None:
    """The protocol in its stored form, or None if it cannot be one (malformed or bad check)."""
    compact = text.upper().replace("-", "").replace(" ", "").translate(_MISREAD)
    if len(compact) != DATA_LENGTH + 1 or any(c not in _VALUE for c in compact):
        return None
    if _check_character(compact[:-1]) != compact[-1]:
        return None
    return f"{compact[:5]}-{compact[5:]}"
