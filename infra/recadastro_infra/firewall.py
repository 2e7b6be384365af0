"""The web ACL in front of the API: AWS's managed rules for common exploits and known bad inputs,
and per-IP rate limits on the routes that are worth hammering (sign-in, by code or through
gov.br, and protocol lookup).

The app limits sign-in codes per document itself (API.md); these limits are per address and
stop a flood before it reaches Lambda and DynamoDB.
"""

from __future__ import annotations

import html
import json
from typing import Any

from aws_cdk import aws_wafv2 as wafv2
from constructs import Construct

# The Chalice stage (`api_gateway_stage` in .chalice/config.json).
API_STAGE = "api"
# Requests per address per evaluation window before WAF answers 429 for that address.
SIGN_IN_LIMIT = 100
PROTOCOL_LIMIT = 300
EVALUATION_WINDOW_SECONDS = 300
RATE_LIMITED_BODY = "rate-limited"
RATE_LIMITED_PAGE = "rate-limited-page"
# The label the sign-in limit puts on the requests of an address over it.
SIGN_IN_LIMITED = "recadastro:sign-in-limited"
# Where gov.br sends the browser back (chalicelib's gov.br routes; GOVBR_REDIRECT_URI).
GOVBR_CALLBACK_ROUTE = "/auth/govbr/callback"
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


def _block(body_key: str, headers: list[wafv2.CfnWebACL.CustomHTTPHeaderProperty]) -> Any:
    return _ACTION(
        block=wafv2.CfnWebACL.BlockActionProperty(
            custom_response=wafv2.CfnWebACL.CustomResponseProperty(
                response_code=429, custom_response_body_key=body_key, response_headers=headers
            )
        )
    )


def _labelled(label: str) -> wafv2.CfnWebACL.StatementProperty:
    return wafv2.CfnWebACL.StatementProperty(
        label_match_statement=wafv2.CfnWebACL.LabelMatchStatementProperty(scope="LABEL", key=label)
    )


def _rate_rule(
    name: str, priority: int, limit: int, scope_down: wafv2.CfnWebACL.StatementProperty,
    action: Any, labels: list[str] | None = None,
) -> wafv2.CfnWebACL.RuleProperty:  # fmt: skip
    return wafv2.CfnWebACL.RuleProperty(
        name=name,
        priority=priority,
        action=action,
        rule_labels=[wafv2.CfnWebACL.LabelProperty(name=label) for label in labels or ()] or None,
        statement=wafv2.CfnWebACL.StatementProperty(
            rate_based_statement=wafv2.CfnWebACL.RateBasedStatementProperty(
                aggregate_key_type="IP",
                limit=limit,
                evaluation_window_sec=EVALUATION_WINDOW_SECONDS,
                scope_down_statement=scope_down,
            )
        ),
        visibility_config=_visibility(name),
    )


def _managed(name: str, priority: int) -> wafv2.CfnWebACL.RuleProperty:
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


def rate_limited_page(site: str | None) -> str:
    """What a person reads whose browser, back from gov.br, reaches the callback from a limited
    address: a page in Portuguese, with the way back to the site when there is one."""
    back = (
        f'<p><a href="{html.escape(site)}/#/entrar">Voltar para o Recadastro</a></p>'
        if site
        else ""
    )
    return (
        '<!doctype html><html lang="pt-BR"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<title>Muitas tentativas</title></head><body><h1>Muitas tentativas</h1>"
        "<p>Houve muitas tentativas de entrar a partir da sua conexão. Aguarde alguns minutos "
        f"e entre de novo.</p>{back}</body></html>"
    )


class ApiFirewall(Construct):
    """A regional web ACL associated with the API Gateway stage `resource_arn`
    (`arn:aws:apigateway:<region>::/restapis/<id>/stages/<stage>`).

    `allowed_origin` (WEB_ORIGIN) goes on the 429 answers as Access-Control-Allow-Origin, so the
    web pages can read them: WAF answers before API Gateway adds its CORS headers.

    The sign-in limit counts (and labels) rather than blocks, so one count per address covers
    every sign-in route while the answer suits the caller: the pages' calls get the API's JSON
    error, the browser coming back from gov.br to the callback (a navigation, not a call) a page.
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
        retry = [header(name="Retry-After", value=str(RETRY_AFTER_SECONDS))]
        cors = [
            header(name="Access-Control-Allow-Origin", value=allowed_origin),
            header(name="Access-Control-Expose-Headers", value="Retry-After"),
        ] if allowed_origin else []  # fmt: skip
        rate_limited = _block(RATE_LIMITED_BODY, retry + cors)
        callback = wafv2.CfnWebACL.StatementProperty(
            or_statement=wafv2.CfnWebACL.OrStatementProperty(
                statements=[
                    _path_starts_with(prefix)
                    for prefix in route_prefixes(GOVBR_CALLBACK_ROUTE, stage)
                ]
            )
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
                ),
                RATE_LIMITED_PAGE: wafv2.CfnWebACL.CustomResponseBodyProperty(
                    content_type="TEXT_HTML", content=rate_limited_page(allowed_origin)
                ),
            },
            rules=[
                # Every professional sign-in route, whatever its method: the code sign-in, and
                # gov.br's start, callback (a GET: the browser comes back from gov.br), ticket
                # and logout; and the staff password sign-in. Counted and labelled here,
                # answered by the two rules after it.
                _rate_rule(
                    "SignInRateLimit",
                    0,
                    sign_in_limit,
                    _scope(["/auth/", "/staff/session"], stage),
                    _ACTION(count={}),
                    labels=[SIGN_IN_LIMITED],
                ),
                wafv2.CfnWebACL.RuleProperty(
                    name="SignInLimitedGovbrCallback",
                    priority=1,
                    action=_block(RATE_LIMITED_PAGE, retry),
                    statement=wafv2.CfnWebACL.StatementProperty(
                        and_statement=wafv2.CfnWebACL.AndStatementProperty(
                            statements=[_labelled(SIGN_IN_LIMITED), callback]
                        )
                    ),
                    visibility_config=_visibility("SignInLimitedGovbrCallback"),
                ),
                wafv2.CfnWebACL.RuleProperty(
                    name="SignInLimited",
                    priority=2,
                    action=rate_limited,
                    statement=_labelled(SIGN_IN_LIMITED),
                    visibility_config=_visibility("SignInLimited"),
                ),
                _rate_rule(
                    "ProtocolLookupRateLimit",
                    3,
                    protocol_limit,
                    _scope(["/protocols/"], stage),
                    rate_limited,
                ),
                # Its SizeRestrictions_BODY blocks bodies over 8 KB: ours are small JSON (files go
                # straight to S3 by presigned POST, never through the API), so it stays on.
                _managed("AWSManagedRulesCommonRuleSet", 4),
                _managed("AWSManagedRulesKnownBadInputsRuleSet", 5),
            ],
            visibility_config=_visibility("RecadastroApi"),
        )
        self.association = wafv2.CfnWebACLAssociation(
            self, "Association", resource_arn=resource_arn, web_acl_arn=self.web_acl.attr_arn
        )
