"""The web ACL in front of the API: AWS's managed rules for common exploits and known bad inputs,
and per-IP rate limits on the routes that are worth hammering (sign-in, by code or through
gov.br, and protocol lookup).

The app limits sign-in codes per document itself (API.md); these limits are per address and
stop a flood before it reaches Lambda and DynamoDB.
"""

from __future__ import annotations

import json

from aws_cdk import aws_wafv2 as wafv2
from constructs import Construct

# The Chalice stage (`api_gateway_stage` in .chalice/config.json).
API_STAGE = "api"
# Requests per address per evaluation window before WAF answers 429 for that address.
SIGN_IN_LIMIT = 100
PROTOCOL_LIMIT = 300
EVALUATION_WINDOW_SECONDS = 300
RATE_LIMITED_BODY = "rate-limited"
RATE_LIMITED = {
    "code": "rate_limited",
    "message": "Muitas tentativas. Aguarde um pouco e tente novamente.",
    "fields": {},
}
# Requests blocked meanwhile still count, so the window is an honest upper bound on the wait.
RETRY_AFTER_SECONDS = EVALUATION_WINDOW_SECONDS

_ACTION = wafv2.CfnWebACL.RuleActionProperty
_VISIBLE = wafv2.CfnWebACL.VisibilityConfigProperty
_TRANSFORM = wafv2.CfnWebACL.TextTransformationProperty


def _visibility(metric: str) -> wafv2.CfnWebACL.VisibilityConfigProperty:
    return _VISIBLE(
        cloud_watch_metrics_enabled=True, metric_name=metric, sampled_requests_enabled=True
    )


def route_prefixes(route: str, stage: str = API_STAGE) -> list[str]:
    """The URI paths a route's requests reach WAF with. On the execute-api host the path keeps
    the stage (`/api/auth/code`); through a custom domain mapped to the stage it does not
    (`/auth/code`). Both are matched, so adding a custom domain later changes nothing."""
    return [f"/{stage}{route}", route]


def _path_starts_with(prefix: str) -> wafv2.CfnWebACL.StatementProperty:
    return wafv2.CfnWebACL.StatementProperty(
        byte_match_statement=wafv2.CfnWebACL.ByteMatchStatementProperty(
            field_to_match=wafv2.CfnWebACL.FieldToMatchProperty(uri_path={}),
            positional_constraint="STARTS_WITH",
            search_string=prefix,
            # API Gateway decodes and routes `/api/%61uth/code` like `/api/auth/code`, and
            # `//api/auth/code` must not slip past a prefix match either.
            text_transformations=[
                _TRANSFORM(priority=0, type="URL_DECODE"),
                _TRANSFORM(priority=1, type="NORMALIZE_PATH"),
            ],
        )
    )


def _scope(routes: list[str], stage: str) -> wafv2.CfnWebACL.StatementProperty:
    """Requests to any of the routes, except CORS preflights: a preflight answered 429 without
    CORS headers would reach the page as a network error instead of the message below, and
    preflights are answered by API Gateway itself (no Lambda behind them)."""
    paths = [
        _path_starts_with(prefix) for route in routes for prefix in route_prefixes(route, stage)
    ]
    preflight = wafv2.CfnWebACL.StatementProperty(
        byte_match_statement=wafv2.CfnWebACL.ByteMatchStatementProperty(
            field_to_match=wafv2.CfnWebACL.FieldToMatchProperty(method={}),
            positional_constraint="EXACTLY",
            search_string="OPTIONS",
            text_transformations=[_TRANSFORM(priority=0, type="NONE")],
        )
    )
    return wafv2.CfnWebACL.StatementProperty(
        and_statement=wafv2.CfnWebACL.AndStatementProperty(
            statements=[
                wafv2.CfnWebACL.StatementProperty(
                    or_statement=wafv2.CfnWebACL.OrStatementProperty(statements=paths)
                ),
                wafv2.CfnWebACL.StatementProperty(
                    not_statement=wafv2.CfnWebACL.NotStatementProperty(statement=preflight)
                ),
            ]
        )
    )


class ApiFirewall(Construct):
    """A regional web ACL associated with the API Gateway stage `resource_arn`
    (`arn:aws:apigateway:<region>::/restapis/<id>/stages/<stage>`).

    `allowed_origin` (WEB_ORIGIN) goes on the 429 answers as Access-Control-Allow-Origin, so the
    web pages can read them: WAF answers before API Gateway adds its CORS headers.
    """

    def __init__(
        self,
        scope: Construct,
        id: str,
        resource_arn: str,
        *,
        allowed_origin: str | None = None,
        stage: str = API_STAGE,
        sign_in_limit: int = SIGN_IN_LIMIT,
        protocol_limit: int = PROTOCOL_LIMIT,
    ) -> None:
        super().__init__(scope, id)
        header = wafv2.CfnWebACL.CustomHTTPHeaderProperty
        headers = [header(name="Retry-After", value=str(RETRY_AFTER_SECONDS))]
        if allowed_origin:
            headers += [
                header(name="Access-Control-Allow-Origin", value=allowed_origin),
                header(name="Access-Control-Expose-Headers", value="Retry-After"),
            ]
        rate_limited = _ACTION(
            block=wafv2.CfnWebACL.BlockActionProperty(
                custom_response=wafv2.CfnWebACL.CustomResponseProperty(
                    response_code=429,
                    custom_response_body_key=RATE_LIMITED_BODY,
                    response_headers=headers,
                )
            )
        )

        def rate_rule(
            name: str, priority: int, limit: int, routes: list[str]
        ) -> wafv2.CfnWebACL.RuleProperty:
            return wafv2.CfnWebACL.RuleProperty(
                name=name,
                priority=priority,
                action=rate_limited,
                statement=wafv2.CfnWebACL.StatementProperty(
                    rate_based_statement=wafv2.CfnWebACL.RateBasedStatementProperty(
                        aggregate_key_type="IP",
                        limit=limit,
                        evaluation_window_sec=EVALUATION_WINDOW_SECONDS,
                        scope_down_statement=_scope(routes, stage),
                    )
                ),
                visibility_config=_visibility(name),
            )

        def managed(name: str, priority: int) -> wafv2.CfnWebACL.RuleProperty:
            return wafv2.CfnWebACL.RuleProperty(
                name=name,
                priority=priority,
                # The group's own actions (block) apply.
                override_action=wafv2.CfnWebACL.OverrideActionProperty(none={}),
                statement=wafv2.CfnWebACL.StatementProperty(
                    managed_rule_group_statement=wafv2.CfnWebACL.ManagedRuleGroupStatementProperty(
                        vendor_name="AWS", name=name
                    )
                ),
                visibility_config=_visibility(name),
            )

        self.web_acl = wafv2.CfnWebACL(
            self,
            "WebAcl",
            scope="REGIONAL",
            default_action=wafv2.CfnWebACL.DefaultActionProperty(allow={}),
            description="Recadastro API: managed protections and per-IP rate limits.",
            custom_response_bodies={
                RATE_LIMITED_BODY: wafv2.CfnWebACL.CustomResponseBodyProperty(
                    content_type="APPLICATION_JSON",
                    content=json.dumps(RATE_LIMITED, ensure_ascii=False),
                )
            },
            rules=[
                # Every professional sign-in route, whatever its method: the code sign-in, and
                # gov.br's start, callback (a GET: the browser comes back from gov.br), ticket
                # and logout; and the staff password sign-in.
                rate_rule("SignInRateLimit", 0, sign_in_limit, ["/auth/", "/staff/session"]),
                rate_rule("ProtocolLookupRateLimit", 1, protocol_limit, ["/protocols/"]),
                # Its SizeRestrictions_BODY blocks bodies over 8 KB: ours are small JSON (files go
                # straight to S3 by presigned POST, never through the API), so it stays on.
                managed("AWSManagedRulesCommonRuleSet", 2),
                managed("AWSManagedRulesKnownBadInputsRuleSet", 3),
            ],
            visibility_config=_visibility("RecadastroApi"),
        )
        self.association = wafv2.CfnWebACLAssociation(
            self, "Association", resource_arn=resource_arn, web_acl_arn=self.web_acl.attr_arn
        )
