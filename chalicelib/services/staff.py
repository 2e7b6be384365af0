"""Staff accounts."""

from __future__ import annotations

import re

from email_validator import EmailNotValidError, validate_email

from chalicelib.domain.campaign import Council
from chalicelib.domain.errors import InvalidInput
from chalicelib.domain.messages import message
from chalicelib.domain.staff import staff_groups
from chalicelib.services.ports import StaffDirectory

_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{2,63}$")


def add_staff(
    directory: StaffDirectory,
    council: Council,
    *,
    username: str,
    password: str,
    name: str,
    email: str,
    role: str,
    regions: list[str],
) -> list[str]:
    """Creates a reviewer (of the given regions) or an admin; returns the groups given."""
    fields: dict[str, str] = {}
    if not _USERNAME.match(username):
        fields["username"] = message("invalid_username")
    if not name.strip():
        fields["name"] = message("required")
    try:
        validate_email(email, check_deliverability=False)
    except EmailNotValidError:
        fields["email"] = message("invalid_email")
    if fields:
        raise InvalidInput(fields=fields)
    groups = staff_groups(role, regions, council)
    directory.add_staff(username, password, name.strip(), email, groups)
    return groups
