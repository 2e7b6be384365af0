"""Staff accounts in the stage's Cognito user pool."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from chalicelib.domain.errors import Conflict, InvalidInput, RateLimited, Unauthorized
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

    def emails_of_group(self, group: str) -> list[str]:
        """The e-mail addresses of a group's enabled members (a region's reviewers)."""
        emails: list[str] = []
        arguments = {"UserPoolId": self._pool, "GroupName": group, "Limit": 60}
        while True:
            answer = self._client.list_users_in_group(**arguments)
            for user in answer.get("Users", []):
                attributes = {item["Name"]: item["Value"] for item in user.get("Attributes", [])}
                if user.get("Enabled", True) and attributes.get("email"):
                    emails.append(attributes["email"])
            if not answer.get("NextToken"):
                return emails
            arguments["NextToken"] = answer["NextToken"]

    def _remove(self, username: str) -> None:
        self._client.admin_delete_user(UserPoolId=self._pool, Username=username)


# Cognito throttles the pool's sign-ins (TooManyRequests): its quota frees up within seconds.
COGNITO_BUSY_RETRY_SECONDS = 5


class CognitoSignIn:
    """The password flow against the stage's user pool, and the check of the tokens it gives."""

    def __init__(self, client: Any, client_id: str, verifier: CognitoTokenVerifier) -> None:
        self._client = client
        self._client_id = client_id
        self._verifier = verifier

    def sign_in(self, username: str, password: str) -> dict[str, Any]:
        """{"token", "expires_in", "claims" (of the ID token: name, groups)} or Unauthorized."""
        try:
            answer = self._client.initiate_auth(
                ClientId=self._client_id,
                AuthFlow="USER_PASSWORD_AUTH",
                AuthParameters={"USERNAME": username, "PASSWORD": password},
            )
        except (
            self._client.exceptions.NotAuthorizedException,
            self._client.exceptions.UserNotFoundException,
            self._client.exceptions.UserNotConfirmedException,
            # After an admin reset: telling it apart would tell that the username exists.
            self._client.exceptions.PasswordResetRequiredException,
            # A username or password Cognito cannot even take (too long, wrong characters).
            self._client.exceptions.InvalidParameterException,
        ) as error:
            raise Unauthorized("invalid_credentials") from error
        except self._client.exceptions.TooManyRequestsException as error:
            raise RateLimited(COGNITO_BUSY_RETRY_SECONDS) from error
        result = answer.get("AuthenticationResult")
        if not result:  # a challenge (new password, MFA): not something this page handles
            raise Unauthorized("invalid_credentials")
        return {
            "token": result["AccessToken"],
            "expires_in": int(result.get("ExpiresIn", 3600)),
            "claims": self._verifier.verify(result["IdToken"], token_use="id"),
        }


class CognitoTokenVerifier:
    """Checks a Cognito JWT as API Gateway's Cognito authorizer would: signature against the
    pool's JWKS (fetched once per container), issuer, client, expiry and token use."""

    def __init__(self, jwks_url: str, issuer: str, client_id: str, host: str | None = None) -> None:
        # PyJWT and cryptography load where tokens are checked, not where staff are listed.
        import jwt

        headers = {"Host": host} if host else {}
        self._keys = jwt.PyJWKClient(jwks_url, cache_keys=True, headers=headers, timeout=10)
        self._issuer = issuer
        self._client_id = client_id

    def verify(self, token: str, token_use: str = "access") -> dict[str, Any]:
        import jwt

        try:
            key = self._keys.get_signing_key_from_jwt(token)
            claims: dict[str, Any] = jwt.decode(
                token,
                key.key,
                algorithms=["RS256"],
                issuer=self._issuer,
                audience=self._client_id if token_use == "id" else None,
                options={"require": ["exp", "iss", "token_use"], "verify_aud": token_use == "id"},
            )
        except (jwt.PyJWTError, jwt.PyJWKClientError) as error:
            raise Unauthorized() from error
        if claims.get("token_use") != token_use:
            raise Unauthorized()
        if token_use == "access" and claims.get("client_id") != self._client_id:
            raise Unauthorized()
        return claims
