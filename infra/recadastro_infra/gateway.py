"""API Gateway's own answers (an unknown route, a call without credentials, throttling, its
own failures) in the API's error shape and words, as the app answers everything else. The
local stack's server does the same (local/api_server.py). And the API's own domain name."""

from __future__ import annotations

import json
from typing import Any

from aws_cdk import aws_apigateway as apigateway
from constructs import Construct

from chalicelib.api.errors import RESPONSE_HEADERS
from chalicelib.domain.messages import message

# Gateway response type -> (HTTP status, the API's error code).
RESPONSES = {
    "MISSING_AUTHENTICATION_TOKEN": (404, "route_not_found"),  # how REST APIs answer no route
    "UNAUTHORIZED": (401, "unauthorized"),
    "ACCESS_DENIED": (403, "forbidden"),
    "THROTTLED": (429, "rate_limited"),
    "REQUEST_TOO_LARGE": (413, "invalid_input"),
    "DEFAULT_5XX": (500, "internal_error"),
}


def gateway_responses(web_origin: str) -> dict[str, Any]:
    """The `GatewayResponses` of the SAM API: our shape, and CORS so the pages can read it."""
    return {
        kind: {
            "StatusCode": str(status),
            "ResponseParameters": {
                "Headers": {"Access-Control-Allow-Origin": f"'{web_origin}'"}
                | {name: f"'{value}'" for name, value in RESPONSE_HEADERS.items()}
            },
            "ResponseTemplates": {
                "application/json": json.dumps(
                    {"code": code, "message": message(code), "fields": {}}, ensure_ascii=False
                )
            },
        }
        for kind, (status, code) in RESPONSES.items()
    }


class ApiDomain(Construct):
    """The API at a name under the council's own domain (`api.<council>.gov.br`), as gov.br's
    production asks of the sign-in callback: a regional custom domain with an ACM certificate
    of the stack's region, mapped at its root to the stage (so paths carry no `/api`; the web
    ACL's rules match both forms). Point the name at `.target` with a CNAME record."""

    def __init__(
        self, scope: Construct, id: str, *, domain_name: str, certificate_arn: str,
        rest_api_id: str, stage_name: str,
    ) -> None:  # fmt: skip
        super().__init__(scope, id)
        self.domain = apigateway.CfnDomainName(
            self,
            "Domain",
            domain_name=domain_name,
            regional_certificate_arn=certificate_arn,
            endpoint_configuration=apigateway.CfnDomainName.EndpointConfigurationProperty(
                types=["REGIONAL"]
            ),
            security_policy="TLS_1_2",
        )
        self.mapping = apigateway.CfnBasePathMapping(
            self, "Mapping", domain_name=self.domain.ref, rest_api_id=rest_api_id, stage=stage_name
        )
        self.url = f"https://{domain_name}"
        self.target = self.domain.attr_regional_domain_name
