"""Staff accounts in the stage's Cognito user pool."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from chalicelib.domain.errors import Conflict, InvalidInput
from chalicelib.domain.messages import message

# The pool's password policy (infra/ sets the same on the real pool).
PASSWORD_POLICY = {
    "MinimumLength": 12,
    "RequireUppercase": True,
    "RequireLowercase": True,
    "RequireNumbers": True,
    "RequireSymbols": True,
}


class CognitoStaffDirectory:
    def __init__(self, client: Any, user_pool_id: str) -> None:
        self._client = client
        self._pool = user_pool_id

    def add_staff(
        self, username: str, password: str, name: str, email: str, groups: Sequence[str]
    ) -> None:
        """Creates a confirmed user with a permanent password and its groups. If a step fails,
        the half-made user is removed, so the command can simply be run again."""
        try:
            self._client.admin_create_user(
                UserPoolId=self._pool,
                Username=username,
                UserAttributes=[
                    {"Name": "email", "Value": email},
                    {"Name": "email_verified", "Value": "true"},
                    {"Name": "name", "Value": name},
                ],
                MessageAction="SUPPRESS",
            )
        except self._client.exceptions.UsernameExistsException as error:
            raise Conflict("staff_exists") from error
        try:
            self._client.admin_set_user_password(
                UserPoolId=self._pool, Username=username, Password=password, Permanent=True
            )
            for group in groups:
                self._client.admin_add_user_to_group(
                    UserPoolId=self._pool, Username=username, GroupName=group
                )
        except self._client.exceptions.InvalidPasswordException as error:
            self._remove(username)
            raise InvalidInput(fields={"password": message("weak_password")}) from error
        except Exception:
            self._remove(username)
            raise

    def _remove(self, username: str) -> None:
        self._client.admin_delete_user(UserPoolId=self._pool, Username=username)
