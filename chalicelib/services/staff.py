"""Staff accounts."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from email_validator import EmailNotValidError, validate_email

from chalicelib.domain.campaign import Council
from chalicelib.domain.errors import InvalidInput
from chalicelib.domain.messages import message
from chalicelib.domain.staff import staff_groups
from chalicelib.services.ports import StaffDirectory

_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{2,63}$")


@dataclass(frozen=True)
class NewStaff:
    """A staff account to create, as an operator gives it (`manage.py add-staff`)."""

    username: str
    password: str = field(repr=False)
    name: str
    email: str
    role: str  # "reviewer" or "admin"
    regions: tuple[str, ...] = ()


def add_staff(directory: StaffDirectory, council: Council, new: NewStaff) -> list[str]:
    """Creates a reviewer (of the given regions) or an admin; returns the groups given."""
    fields: dict[str, str] = {}
    if not _USERNAME.match(new.username):
        fields["username"] = message("invalid_username")
    if not new.name.strip():
        fields["name"] = message("required")
    try:
        validate_email(new.email, check_deliverability=False)
    except EmailNotValidError:
        fields["email"] = message("invalid_email")
    if fields:
        raise InvalidInput(fields=fields)
    groups = staff_groups(new.role, list(new.regions), council)
    directory.add_staff(new.username, new.password, new.name.strip(), new.email, groups)
    return groups
