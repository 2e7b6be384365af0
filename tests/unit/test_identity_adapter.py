"""What Cognito answers a staff sign-in that moto cannot make it answer (botocore's Stubber)."""

from __future__ import annotations

from collections.abc import Iterator

import boto3
import pytest
from botocore.stub import Stubber

from chalicelib.adapters.identity import CognitoSignIn
from chalicelib.domain.errors import RateLimited, Unauthorized


@pytest.fixture
def cognito() -> Iterator[tuple[CognitoSignIn, Stubber]]:
    client = boto3.client(
        "cognito-idp", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x"
    )
    with Stubber(client) as stubber:
        yield CognitoSignIn(client, "client-id", verifier=None), stubber  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "cognito_error",
    ["PasswordResetRequiredException", "InvalidParameterException", "NotAuthorizedException"],
)
def test_cognito_refusals_are_wrong_credentials_alike(
    cognito: tuple[CognitoSignIn, Stubber], cognito_error: str
) -> None:
    sign_in, stubber = cognito
    stubber.add_client_error("initiate_auth", service_error_code=cognito_error)

    with pytest.raises(Unauthorized) as raised:
        sign_in.sign_in("revisor.sp", "Senha-Forte-2026")

    assert raised.value.key == "invalid_credentials"


def test_cognito_throttling_asks_to_try_again_in_a_few_seconds(
    cognito: tuple[CognitoSignIn, Stubber],
) -> None:
    sign_in, stubber = cognito
    stubber.add_client_error("initiate_auth", service_error_code="TooManyRequestsException")

    with pytest.raises(RateLimited) as raised:
        sign_in.sign_in("revisor.sp", "Senha-Forte-2026")

    assert raised.value.retry_after == 5
