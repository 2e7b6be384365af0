"""The S3 side of Recadastro: the attachments bucket the browser uploads proofs to, and the static
site (the professionals' pages and the admin page) behind CloudFront.

Every bucket here is private (Block Public Access on all four settings, no public policy or ACL),
encrypted with S3-managed keys (SSE-S3), refuses plain HTTP (a bucket policy denying requests
without `aws:SecureTransport`), and is kept when the stack goes (RETAIN). The attachments and site
buckets write server access logs to a separate log bucket (`AccessLogs`), which also takes
CloudFront's standard logs: cdk-nag's AwsSolutions-S1 and -CFR3 are met, not suppressed.

SSE-S3 rather than KMS: S3 server access logs can only be delivered to an SSE-S3 bucket, and the
attachments are read through presigned URLs and presigned POSTs, for which a KMS key would add a
key policy, KMS permissions on the API's role and on every signer, and a KMS call per upload and
per view, for no reader that S3's own access control and the app's audit trail do not already
cover (the app records every staff read of an attachment).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import urlsplit

import aws_cdk as cdk
from aws_cdk import aws_certificatemanager as acm
from aws_cdk import aws_cloudfront as cloudfront
from aws_cdk import aws_cloudfront_origins as origins
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_s3_deployment as s3deploy
from constructs import Construct, IConstruct

from chalicelib.adapters.storage import PENDING_TAG_KEY, PENDING_TAG_VALUE

# Where `upload_key` (chalicelib/services/change_requests.py) puts every upload.
UPLOADS_PREFIX = "uploads/"
# An upload's record lives a day (UPLOAD_KEPT_SECONDS); its object, if still pending, two (S3
# rounds lifecycle ages up to the next midnight UTC, so two to three days in practice).
ABANDONED_UPLOAD_DAYS = 2
# A pending version made noncurrent (an upload refused and deleted by the API) goes a day later.
ABANDONED_VERSION_DAYS = 1
# Any other version overwritten or deleted can be restored for this long.
NONCURRENT_VERSION_DAYS = 30
INCOMPLETE_MULTIPART_DAYS = 1
# Brazil's Marco Civil da Internet (art. 15) asks application providers to keep access records for
# six months; a year leaves room for an investigation that starts late.
ACCESS_LOG_DAYS = 365
# The site's files change with each deploy (no CloudFront invalidation, see the deployment):
# browsers and the edge check again after five minutes.
SITE_MAX_AGE = cdk.Duration.minutes(5)
HSTS_MAX_AGE = cdk.Duration.days(730)

# Server access logs are delivered under a bucket policy for logging.s3.amazonaws.com, never the
# legacy log-delivery ACL, whatever feature flags the app was made with.
_S3_LOGS_USE_BUCKET_POLICY = "@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy"

# A CloudFront Function (viewer request): S3 behind OAC has no directory indexes, so a path that
# ends with "/" gets its index.html; a path whose last segment has no extension ("/admin") is
# redirected to the directory ("/admin/"), as the local static server does, so that the page's
# relative URLs resolve under it. The fragment (the pages' routes, "#/fila") survives redirects.
DIRECTORY_INDEX_FUNCTION = """\
function handler(event) {
  var request = event.request;
  var uri = request.uri;
  if (uri.endsWith("/")) {
    request.uri = uri + "index.html";
    return request;
  }
  var last = uri.substring(uri.lastIndexOf("/") + 1);
  if (last.indexOf(".") === -1) {
    return {
      statusCode: 301,
      statusDescription: "Moved Permanently",
      headers: { location: { value: uri + "/" } },
    };
  }
  return request;
}
"""


def _acknowledge(construct: IConstruct, findings: dict[str, str]) -> None:
    cdk.Validations.of(construct).acknowledge(
        *(cdk.Acknowledgment(id=rule, reason=reason) for rule, reason in findings.items())
    )


def _private_bucket(scope: Construct, id: str, **props: object) -> s3.Bucket:
    return s3.Bucket(
        scope,
        id,
        block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
        encryption=s3.BucketEncryption.S3_MANAGED,
        enforce_ssl=True,
        removal_policy=cdk.RemovalPolicy.RETAIN,
        **props,  # type: ignore[arg-type]
    )


class AccessLogs(Construct):
    """A private bucket for S3 server access logs (under `s3/`) and CloudFront standard logs
    (under `cloudfront/`), kept ACCESS_LOG_DAYS. One can serve both constructs below: make it in
    the stack and pass `.bucket` as their `logs`."""

    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        self.node.set_context(_S3_LOGS_USE_BUCKET_POLICY, True)
        self.bucket = _private_bucket(
            self,
            "Bucket",
            # CloudFront's standard logs are written with object ACLs: they need ACLs enabled,
            # and the bucket owner then owns the log files.
            object_ownership=s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
            lifecycle_rules=[
                s3.LifecycleRule(
                    id="expire-logs",
                    expiration=cdk.Duration.days(ACCESS_LOG_DAYS),
                    abort_incomplete_multipart_upload_after=cdk.Duration.days(
                        INCOMPLETE_MULTIPART_DAYS
                    ),
                )
            ],
        )


class Attachments(Construct):
    """The bucket of the professionals' proofs (`ATTACHMENTS_BUCKET_NAME`).

    The browser uploads straight to it with the presigned POST the API hands out, and staff view
    a proof inline through a presigned GET: CORS lets only the site's origin do either.

    Abandoned uploads: the presigned POST stores each upload tagged `recadastro-state=pending`
    (chalicelib/adapters/storage.py), and a request that takes an upload removes the tag. The
    lifecycle expires pending objects under `uploads/` after two days, so what was uploaded and
    never attached goes away, and attached proofs stay.

    Versioned: the proofs are the evidence behind changes to the registry, so an object deleted
    or overwritten by mistake (a bug, an operator) stays restorable for NONCURRENT_VERSION_DAYS;
    pending versions (refused or abandoned uploads) go a day after they stop being current, and
    the delete markers left behind are cleaned up.
    """

    def __init__(
        self,
        scope: Construct,
        id: str,
        bucket_name: str,
        web_origin: str,
        *,
        logs: s3.IBucket | None = None,
    ) -> None:
        super().__init__(scope, id)
        if not cdk.Token.is_unresolved(web_origin) and not _is_origin(web_origin):
            # Browsers send "https://host" (no path, no trailing slash): CORS compares exactly.
            raise ValueError(f"web_origin must be an origin like https://host, not {web_origin!r}")
        self.logs = logs or AccessLogs(self, "Logs").bucket
        self.bucket = _private_bucket(
            self,
            "Bucket",
            bucket_name=bucket_name,
            object_ownership=s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
            versioned=True,
            cors=[
                s3.CorsRule(
                    allowed_origins=[web_origin],
                    allowed_methods=[s3.HttpMethods.POST, s3.HttpMethods.GET],
                    allowed_headers=["*"],
                    max_age=600,
                )
            ],
            lifecycle_rules=[
                s3.LifecycleRule(
                    id="abandoned-uploads",
                    prefix=UPLOADS_PREFIX,
                    tag_filters={PENDING_TAG_KEY: PENDING_TAG_VALUE},
                    expiration=cdk.Duration.days(ABANDONED_UPLOAD_DAYS),
                    noncurrent_version_expiration=cdk.Duration.days(ABANDONED_VERSION_DAYS),
                ),
                s3.LifecycleRule(
                    id="old-versions-and-incomplete-uploads",
                    noncurrent_version_expiration=cdk.Duration.days(NONCURRENT_VERSION_DAYS),
                    expired_object_delete_marker=True,
                    abort_incomplete_multipart_upload_after=cdk.Duration.days(
                        INCOMPLETE_MULTIPART_DAYS
                    ),
                ),
            ],
            server_access_logs_bucket=self.logs,
            server_access_logs_prefix=f"s3/{bucket_name}/",
        )


def _is_origin(text: str) -> bool:
    parts = urlsplit(text)
    return (
        parts.scheme in ("http", "https")
        and bool(parts.netloc)
        and f"{parts.scheme}://{parts.netloc}" == text
    )


def _csp_origin(api_url: str) -> str:
    """What the CSP's connect-src names for the API.

    A literal URL gives its exact origin. A token (the API Gateway's generated URL) gives every
    API Gateway of the stack's region: naming the API itself would make the distribution depend
    on the API, while the API's function depends on the distribution (WEB_ORIGIN is the site's
    URL) — a cycle CloudFormation refuses. Pass `api_origin` to StaticSite to be exact anyway
    (e.g. the API's custom domain)."""
    if cdk.Token.is_unresolved(api_url):
        return f"https://*.execute-api.{cdk.Aws.REGION}.{cdk.Aws.URL_SUFFIX}"
    parts = urlsplit(api_url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"api_url must be an absolute http(s) URL, not {api_url!r}")
    return f"{parts.scheme}://{parts.netloc}"


def content_security_policy(api_origin: str, attachments_bucket_name: str) -> str:
    """What the pages load (web/): their own scripts and styles, the API by fetch, the uploads by
    XMLHttpRequest POST to the bucket, and on the admin page the proofs from the bucket inline,
    PDFs in an iframe and images in an img. Forms are sent by script, never to another origin;
    the favicon is a `data:` URL. boto3 signs for the bucket's global or regional host."""
    bucket = (
        f"https://{attachments_bucket_name}.s3.{cdk.Aws.URL_SUFFIX} "
        f"https://{attachments_bucket_name}.s3.{cdk.Aws.REGION}.{cdk.Aws.URL_SUFFIX}"
    )
    directives = [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        f"img-src 'self' data: {bucket}",
        f"connect-src {api_origin} {bucket}",
        f"frame-src {bucket}",
        "form-action 'self'",
        "base-uri 'none'",
        "object-src 'none'",
        "frame-ancestors 'none'",
    ]
    return "; ".join(directives)


class StaticSite(Construct):
    """The static front-end (`web_dir`: `/` for professionals, `/admin/` for staff) in a private
    bucket, served by CloudFront through origin access control, with the API's address in a
    generated `/config.js`.

    `attachments_bucket_name` names the attachments bucket the pages upload to and show proofs
    from (a name, not the bucket: the bucket's CORS already depends on this site's URL).
    `domain_names` and an ACM `certificate` (us-east-1) give the site its own domain; only then
    does the minimum TLS version apply: on the default *.cloudfront.net certificate CloudFront
    always allows TLS 1.0. `web_acl_id` attaches a WAF web ACL (CLOUDFRONT scope).

    `.url` is the site's origin (`https://` and its first domain name, else the distribution's):
    the API's `WEB_ORIGIN` and the attachments bucket's CORS origin.
    """

    def __init__(
        self,
        scope: Construct,
        id: str,
        web_dir: Path,
        api_url: str,
        *,
        attachments_bucket_name: str,
        api_origin: str | None = None,
        logs: s3.IBucket | None = None,
        domain_names: Sequence[str] = (),
        certificate: acm.ICertificate | None = None,
        web_acl_id: str | None = None,
    ) -> None:
        super().__init__(scope, id)
        if not (Path(web_dir) / "index.html").is_file():
            raise ValueError(f"{web_dir} has no index.html")
        if bool(domain_names) != (certificate is not None):
            raise ValueError("domain_names and certificate go together")
        self.logs = logs or AccessLogs(self, "Logs").bucket
        self.bucket = _private_bucket(
            self,
            "Bucket",
            object_ownership=s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
            server_access_logs_bucket=self.logs,
            server_access_logs_prefix="s3/site/",
        )
        self.directory_index = cloudfront.Function(
            self,
            "DirectoryIndex",
            code=cloudfront.FunctionCode.from_inline(DIRECTORY_INDEX_FUNCTION),
            runtime=cloudfront.FunctionRuntime.JS_2_0,
            comment="Directory paths to their index.html",
        )
        csp = content_security_policy(api_origin or _csp_origin(api_url), attachments_bucket_name)
        self.headers = cloudfront.ResponseHeadersPolicy(
            self,
            "Headers",
            comment="Recadastro site: security headers",
            security_headers_behavior=cloudfront.ResponseSecurityHeadersBehavior(
                content_security_policy=cloudfront.ResponseHeadersContentSecurityPolicy(
                    content_security_policy=csp, override=True
                ),
                strict_transport_security=cloudfront.ResponseHeadersStrictTransportSecurity(
                    access_control_max_age=HSTS_MAX_AGE, include_subdomains=True, override=True
                ),
                content_type_options=cloudfront.ResponseHeadersContentTypeOptions(override=True),
                frame_options=cloudfront.ResponseHeadersFrameOptions(
                    frame_option=cloudfront.HeadersFrameOption.DENY, override=True
                ),
                referrer_policy=cloudfront.ResponseHeadersReferrerPolicy(
                    referrer_policy=cloudfront.HeadersReferrerPolicy.NO_REFERRER, override=True
                ),
                # "0": the legacy XSS auditor off, as current guidance has it; the CSP protects.
                xss_protection=cloudfront.ResponseHeadersXSSProtection(
                    protection=False, override=True
                ),
            ),
            custom_headers_behavior=cloudfront.ResponseCustomHeadersBehavior(
                custom_headers=[
                    cloudfront.ResponseCustomHeader(
                        header="Permissions-Policy",
                        value="camera=(), microphone=(), geolocation=(), payment=(), usb=()",
                        override=True,
                    ),
                    cloudfront.ResponseCustomHeader(
                        header="Cross-Origin-Opener-Policy", value="same-origin", override=True
                    ),
                ]
            ),
        )
        self.distribution = cloudfront.Distribution(
            self,
            "Distribution",
            comment="Recadastro site",
            default_root_object="index.html",
            default_behavior=cloudfront.BehaviorOptions(
                origin=origins.S3BucketOrigin.with_origin_access_control(self.bucket),
                viewer_protocol_policy=cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
                allowed_methods=cloudfront.AllowedMethods.ALLOW_GET_HEAD,
                cache_policy=cloudfront.CachePolicy.CACHING_OPTIMIZED,
                compress=True,
                response_headers_policy=self.headers,
                function_associations=[
                    cloudfront.FunctionAssociation(
                        function=self.directory_index,
                        event_type=cloudfront.FunctionEventType.VIEWER_REQUEST,
                    )
                ],
            ),
            domain_names=list(domain_names) or None,
            certificate=certificate,
            minimum_protocol_version=cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
            http_version=cloudfront.HttpVersion.HTTP2_AND_3,
            # Only PriceClass_All has edge locations in South America, where the users are.
            price_class=cloudfront.PriceClass.PRICE_CLASS_ALL,
            enable_logging=True,
            log_bucket=self.logs,
            log_file_prefix="cloudfront/",
            web_acl_id=web_acl_id,
        )
        host = domain_names[0] if domain_names else self.distribution.distribution_domain_name
        self.url = f"https://{host}"

        # The API's address; a token (the generated API's URL) is written in at deploy time.
        settings = {"apiUrl": api_url}
        config = (
            cdk.Stack.of(self).to_json_string(settings)
            if cdk.Token.is_unresolved(api_url)
            else json.dumps(settings)
        )
        self.deployment = s3deploy.BucketDeployment(
            self,
            "Deploy",
            sources=[
                s3deploy.Source.asset(str(web_dir), exclude=["config.js"]),
                s3deploy.Source.data("config.js", f"window.RECADASTRO_CONFIG = {config};\n"),
            ],
            destination_bucket=self.bucket,
            # No invalidation: its permission would be a `*` resource, and every file is cached
            # SITE_MAX_AGE at most, so a deploy is live everywhere within that.
            cache_control=[
                s3deploy.CacheControl.set_public(),
                s3deploy.CacheControl.max_age(SITE_MAX_AGE),
            ],
        )
        self._acknowledge(certificate is None, web_acl_id is None)

    def _acknowledge(self, default_certificate: bool, no_waf: bool) -> None:
        """The cdk-nag AwsSolutions findings this construct accepts, each with its reason."""
        findings = {
            "AwsSolutions-CFR1": "No geo restriction: professionals registered in Brazil may "
            "live abroad; the site is public static files and the API authenticates every call.",
        }
        if no_waf:
            findings["AwsSolutions-CFR2"] = (
                "No WAF web ACL given (web_acl_id): the site serves static files only; abuse is "
                "limited where it matters, at the API."
            )
        if default_certificate:
            findings["AwsSolutions-CFR4"] = (
                "The default *.cloudfront.net certificate: CloudFront fixes its security policy "
                "at TLSv1. Give domain_names and a certificate to enforce TLSv1.2_2021 (already "
                "requested)."
            )
        _acknowledge(self.distribution, findings)
        # BucketDeployment's handler is CDK's own singleton function: its role has the AWS managed
        # basic execution policy and wildcards (the asset bucket's and this site bucket's objects),
        # and aws-cdk-lib pins its runtime.
        stack = cdk.Stack.of(self)
        site_bucket = self.bucket.node.default_child
        assert isinstance(site_bucket, s3.CfnBucket)
        site_objects = f"<{stack.resolve(stack.get_logical_id(site_bucket))}.Arn>/*"
        handler_findings = {
            "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/"
            "AWSLambdaBasicExecutionRole]": "CDK's BucketDeployment handler writes its own logs.",
            "AwsSolutions-L1": "CDK's BucketDeployment handler: aws-cdk-lib pins its runtime.",
        }
        for action in (
            "s3:GetObject*",
            "s3:GetBucket*",
            "s3:List*",
            "s3:DeleteObject*",
            "s3:Abort*",
        ):
            handler_findings[f"AwsSolutions-IAM5[Action::{action}]"] = (
                "CDK's BucketDeployment handler copies the site's assets into the site bucket, "
                "replacing what was there."
            )
        for resource in (
            "arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*",
            site_objects,
        ):
            handler_findings[f"AwsSolutions-IAM5[Resource::{resource}]"] = (
                "CDK's BucketDeployment handler reads the deployment's assets and writes every "
                "object of the site bucket."
            )
        for child in stack.node.children:
            if child.node.id.startswith("Custom::CDKBucketDeployment"):
                _acknowledge(child, handler_findings)
