"""The attachments bucket and the static site, each in a bare stack: what CloudFormation gets,
cdk-nag's AwsSolutions pack passing (or acknowledged with a reason), the CloudFront Function run
in node, and no dependency cycle once the constructs are wired to an API the way the stack will
wire them."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from chalicelib.adapters.storage import PENDING_TAG_KEY, PENDING_TAG_VALUE
from chalicelib.services.change_requests import upload_key

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
WEB = ROOT / "web"
BUCKET = "recadastro-test-attachments"
WEB_ORIGIN = "https://recadastro.example.org"
API_URL = "https://api.recadastro.example.org/api/"
CERTIFICATE_ARN = (
    "arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555"
)
PENDING = {PENDING_TAG_KEY: PENDING_TAG_VALUE}


def _cdk() -> Any:
    os.environ.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")
    if str(ROOT / "infra") not in sys.path:
        sys.path.insert(0, str(ROOT / "infra"))
    import aws_cdk as cdk

    return cdk


@pytest.fixture(scope="module")
def synthesized(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """One app, checked by cdk-nag's AwsSolutions pack (synth raises on any finding left
    unacknowledged): the attachments bucket; the site with the API's URL as a token and the
    default certificate; the site with its own domain and a literal API URL."""
    cdk = _cdk()
    from aws_cdk import aws_certificatemanager as acm
    from cdk_nag import AwsSolutionsChecks
    from recadastro_infra.storage import Attachments, StaticSite

    outdir = tmp_path_factory.mktemp("storage")
    app = cdk.App(outdir=str(outdir))
    attachments_stack = cdk.Stack(app, "Attachments")
    attachments = Attachments(attachments_stack, "Attachments", BUCKET, WEB_ORIGIN)

    site_stack = cdk.Stack(app, "Site")
    api_url = cdk.CfnParameter(site_stack, "ApiUrl").value_as_string
    site = StaticSite(site_stack, "Site", WEB, api_url, attachments_bucket_name=BUCKET)

    domain_stack = cdk.Stack(app, "SiteWithDomain")
    certificate = acm.Certificate.from_certificate_arn(domain_stack, "Cert", CERTIFICATE_ARN)
    domain_site = StaticSite(
        domain_stack, "Site", WEB, API_URL, attachments_bucket_name=BUCKET,
        domain_names=["recadastro.example.org"], certificate=certificate,
    )  # fmt: skip

    cdk.Validations.of(app).add_plugins(AwsSolutionsChecks(app))
    app.synth()
    from aws_cdk.assertions import Template

    return {
        "outdir": outdir,
        "attachments": attachments,
        "site": site,
        "domain_site": domain_site,
        "bucket": Template.from_stack(attachments_stack),
        "cloudfront": Template.from_stack(site_stack),
        "domain": Template.from_stack(domain_stack),
    }


def the(template: Any, kind: str) -> tuple[str, dict[str, Any]]:
    """The one resource of a type that is not a log bucket: (logical id, resource)."""
    found = {
        logical: resource
        for logical, resource in template.find_resources(kind).items()
        if "Logs" not in logical
    }
    assert len(found) == 1, sorted(found)
    return next(iter(found.items()))


def buckets(template: Any) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = template.find_resources("AWS::S3::Bucket")
    return found


def policy_of(template: Any, bucket: str) -> list[dict[str, Any]]:
    policies = template.find_resources("AWS::S3::BucketPolicy").values()
    for policy in policies:
        if policy["Properties"]["Bucket"] == {"Ref": bucket}:
            statements: list[dict[str, Any]] = policy["Properties"]["PolicyDocument"]["Statement"]
            return statements
    raise AssertionError(f"no policy for {bucket}")


def assert_private_encrypted_tls_only(template: Any) -> None:
    for logical, bucket in buckets(template).items():
        properties = bucket["Properties"]
        assert properties["PublicAccessBlockConfiguration"] == {
            "BlockPublicAcls": True,
            "BlockPublicPolicy": True,
            "IgnorePublicAcls": True,
            "RestrictPublicBuckets": True,
        }, logical
        assert properties["BucketEncryption"]["ServerSideEncryptionConfiguration"] == [
            {"ServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}
        ], logical
        assert bucket["DeletionPolicy"] == "Retain", logical
        deny = [
            s for s in policy_of(template, logical)
            if s["Effect"] == "Deny" and s["Principal"] == {"AWS": "*"} and s["Action"] == "s3:*"
        ]  # fmt: skip
        assert [s["Condition"] for s in deny] == [{"Bool": {"aws:SecureTransport": "false"}}]
        assert {"Fn::GetAtt": [logical, "Arn"]} in deny[0]["Resource"], logical


def assert_logged_to_a_separate_bucket(template: Any, logical: str, prefix: str) -> None:
    logging = buckets(template)[logical]["Properties"]["LoggingConfiguration"]
    target = logging["DestinationBucketName"]["Ref"]
    assert target != logical and "Logs" in target
    assert logging["LogFilePrefix"] == prefix
    delivery = [
        s for s in policy_of(template, target)
        if s.get("Principal") == {"Service": "logging.s3.amazonaws.com"}
    ]  # fmt: skip
    assert [s["Action"] for s in delivery] == ["s3:PutObject"]
    log_rules = buckets(template)[target]["Properties"]["LifecycleConfiguration"]["Rules"]
    assert log_rules[0]["ExpirationInDays"] >= 180  # Marco Civil: six months at least


# --- the attachments bucket ------------------------------------------------------------------


def test_every_bucket_is_private_encrypted_tls_only_and_retained(synthesized) -> None:
    for name in ("bucket", "cloudfront", "domain"):
        assert_private_encrypted_tls_only(synthesized[name])


def test_the_attachments_bucket_is_named_versioned_owner_enforced_and_logged(synthesized) -> None:
    template = synthesized["bucket"]
    logical, bucket = the(template, "AWS::S3::Bucket")
    properties = bucket["Properties"]

    assert properties["BucketName"] == BUCKET
    assert properties["VersioningConfiguration"] == {"Status": "Enabled"}
    assert properties["OwnershipControls"]["Rules"] == [{"ObjectOwnership": "BucketOwnerEnforced"}]
    assert_logged_to_a_separate_bucket(template, logical, f"s3/{BUCKET}/")


def test_cors_lets_only_the_site_post_uploads_and_get_proofs(synthesized) -> None:
    _, bucket = the(synthesized["bucket"], "AWS::S3::Bucket")

    rules = bucket["Properties"]["CorsConfiguration"]["CorsRules"]

    assert [rule["AllowedOrigins"] for rule in rules] == [[WEB_ORIGIN]]
    assert sorted(rules[0]["AllowedMethods"]) == ["GET", "POST"]


def test_pending_uploads_expire_and_incomplete_multipart_uploads_are_aborted(synthesized) -> None:
    _, bucket = the(synthesized["bucket"], "AWS::S3::Bucket")
    rules = {rule["Id"]: rule for rule in bucket["Properties"]["LifecycleConfiguration"]["Rules"]}

    pending = rules["abandoned-uploads"]
    assert pending["Status"] == "Enabled"
    assert upload_key("52998224725", "a" * 32).startswith(pending["Prefix"])
    assert {tag["Key"]: tag["Value"] for tag in pending["TagFilters"]} == PENDING
    assert pending["ExpirationInDays"] == 2
    assert pending["NoncurrentVersionExpiration"] == {"NoncurrentDays": 1}
    others = [rule for rule in rules.values() if rule is not pending]
    assert all("TagFilters" not in rule and "ExpirationInDays" not in rule for rule in others)
    assert [rule["AbortIncompleteMultipartUpload"] for rule in others] == [
        {"DaysAfterInitiation": 1}
    ]
    assert others[0]["NoncurrentVersionExpiration"]["NoncurrentDays"] >= 7
    assert others[0]["ExpiredObjectDeleteMarker"] is True


def test_a_web_origin_with_a_path_is_refused(tmp_path: Path) -> None:
    cdk = _cdk()
    from recadastro_infra.storage import Attachments

    stack = cdk.Stack(cdk.App(outdir=str(tmp_path)), "Bad")
    with pytest.raises(ValueError, match="origin"):
        Attachments(stack, "Attachments", BUCKET, WEB_ORIGIN + "/")


# --- the static site ---------------------------------------------------------------------------


def distribution_config(template: Any) -> dict[str, Any]:
    _, distribution = the(template, "AWS::CloudFront::Distribution")
    config: dict[str, Any] = distribution["Properties"]["DistributionConfig"]
    return config


def test_the_site_bucket_is_reached_only_through_cloudfront_with_origin_access_control(
    synthesized,
) -> None:
    template = synthesized["cloudfront"]
    config = distribution_config(template)
    site_bucket = next(name for name in buckets(template) if "Logs" not in name)
    oac_id, oac = the(template, "AWS::CloudFront::OriginAccessControl")

    [origin] = config["Origins"]
    assert origin["DomainName"] == {"Fn::GetAtt": [site_bucket, "RegionalDomainName"]}
    assert origin["OriginAccessControlId"] == {"Fn::GetAtt": [oac_id, "Id"]}
    assert oac["Properties"]["OriginAccessControlConfig"]["SigningBehavior"] == "always"
    [allow] = [s for s in policy_of(template, site_bucket) if s["Effect"] == "Allow"]
    assert allow["Principal"] == {"Service": "cloudfront.amazonaws.com"}
    assert allow["Action"] == "s3:GetObject"
    assert "AWS:SourceArn" in allow["Condition"]["StringEquals"]
    assert_logged_to_a_separate_bucket(template, site_bucket, "s3/site/")


def test_the_distribution_redirects_to_https_serves_index_html_and_logs(synthesized) -> None:
    template = synthesized["cloudfront"]
    config = distribution_config(template)
    behavior = config["DefaultCacheBehavior"]
    function_id, _ = the(template, "AWS::CloudFront::Function")
    headers_id, _ = the(template, "AWS::CloudFront::ResponseHeadersPolicy")

    assert behavior["ViewerProtocolPolicy"] == "redirect-to-https"
    assert config["DefaultRootObject"] == "index.html"
    assert behavior["FunctionAssociations"] == [
        {"EventType": "viewer-request", "FunctionARN": {"Fn::GetAtt": [function_id, "FunctionARN"]}}
    ]
    assert behavior["ResponseHeadersPolicyId"] == {"Ref": headers_id}
    assert sorted(behavior["AllowedMethods"]) == ["GET", "HEAD"]
    assert config["Logging"]["Prefix"] == "cloudfront/"
    assert "Logs" in config["Logging"]["Bucket"]["Fn::GetAtt"][0]


def test_with_its_own_domain_the_site_requires_tls_1_2(synthesized) -> None:
    config = distribution_config(synthesized["domain"])

    assert config["Aliases"] == ["recadastro.example.org"]
    assert config["ViewerCertificate"] == {
        "AcmCertificateArn": CERTIFICATE_ARN,
        "MinimumProtocolVersion": "TLSv1.2_2021",
        "SslSupportMethod": "sni-only",
    }
    assert synthesized["domain_site"].url == "https://recadastro.example.org"


def test_the_url_is_the_distributions_https_origin(synthesized) -> None:
    cdk = _cdk()
    site = synthesized["site"]

    resolved = cdk.Stack.of(site).resolve(site.url)

    assert resolved == {
        "Fn::Join": [
            "",
            ["https://", {"Fn::GetAtt": [the(synthesized["cloudfront"], "AWS::CloudFront::Distribution")[0], "DomainName"]}],
        ]
    }  # fmt: skip


def security_headers(template: Any) -> tuple[dict[str, Any], dict[str, str]]:
    _, policy = the(template, "AWS::CloudFront::ResponseHeadersPolicy")
    config = policy["Properties"]["ResponseHeadersPolicyConfig"]
    custom = {item["Header"]: item["Value"] for item in config["CustomHeadersConfig"]["Items"]}
    return config["SecurityHeadersConfig"], custom


def csp_of(template: Any, region: str = "sa-east-1") -> dict[str, list[str]]:
    """The CSP as CloudFormation would resolve it in `region`, by directive."""
    security, _ = security_headers(template)
    value = security["ContentSecurityPolicy"]["ContentSecurityPolicy"]
    if isinstance(value, dict):
        pseudo = {"AWS::Region": region, "AWS::URLSuffix": "amazonaws.com"}
        value = "".join(
            part if isinstance(part, str) else pseudo[part["Ref"]] for part in value["Fn::Join"][1]
        )
    return {
        directive.split()[0]: directive.split()[1:]
        for directive in (part.strip() for part in value.split(";"))
        if directive
    }


def test_security_headers(synthesized) -> None:
    security, custom = security_headers(synthesized["cloudfront"])

    assert security["StrictTransportSecurity"]["AccessControlMaxAgeSec"] >= 31536000
    assert security["StrictTransportSecurity"]["Override"] is True
    assert security["ContentTypeOptions"] == {"Override": True}
    assert security["FrameOptions"] == {"FrameOption": "DENY", "Override": True}
    assert security["ReferrerPolicy"]["ReferrerPolicy"] == "no-referrer"
    assert security["ContentSecurityPolicy"]["Override"] is True
    assert "camera=()" in custom["Permissions-Policy"]


def test_the_csp_allows_what_the_pages_load_and_nothing_else(synthesized) -> None:
    bucket = [f"https://{BUCKET}.s3.amazonaws.com", f"https://{BUCKET}.s3.sa-east-1.amazonaws.com"]

    csp = csp_of(synthesized["domain"])

    assert csp == {
        "default-src": ["'none'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", *bucket],
        "connect-src": ["https://api.recadastro.example.org", *bucket],
        "frame-src": bucket,
        "form-action": ["'self'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
        "frame-ancestors": ["'none'"],
    }


def test_the_pages_load_nothing_from_elsewhere_and_nothing_inline() -> None:
    """What the CSP above assumes of web/: scripts and styles from the site itself, no inline
    script or style, no eval."""
    pages = [WEB / "index.html", WEB / "admin" / "index.html"]
    scripts = list(WEB.rglob("*.js"))
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert re.findall(r'<script src="(/[^"]*)"', html), page
        assert not re.search(r"<script(?![^>]*\ssrc=)[^>]*>", html), page
        assert not re.search(r"<style|\sstyle=|\son\w+=", html), page
        assert not re.search(r'(?:src|href)="(?:https?:)?//', html), page
    for script in scripts:
        code = script.read_text(encoding="utf-8")
        assert not re.search(r"\beval\(|new Function\(|\.innerHTML\s*=|setAttribute\(\"style", code)


def test_with_a_token_api_url_the_csp_names_the_regions_api_gateways(synthesized) -> None:
    """Naming the generated API would make the distribution depend on the API and the API's
    function on the distribution (WEB_ORIGIN): see test_wired_to_an_api_there_is_no_cycle."""
    csp = csp_of(synthesized["cloudfront"], region="sa-east-1")

    assert csp["connect-src"][0] == "https://*.execute-api.sa-east-1.amazonaws.com"


# --- the deployment and config.js ------------------------------------------------------------


def deployed(synthesized: dict[str, Any], template_name: str) -> list[Path]:
    """The asset directories the site's BucketDeployment unpacks into the bucket."""
    _, deployment = the(synthesized[template_name], "Custom::CDKBucketDeployment")
    keys = deployment["Properties"]["SourceObjectKeys"]
    return [synthesized["outdir"] / f"asset.{key.removesuffix('.zip')}" for key in keys]


def test_the_deployment_holds_the_pages_and_a_config_js_with_the_api_url(synthesized) -> None:
    directories = deployed(synthesized, "domain")
    files = {
        path.relative_to(directory).as_posix()
        for directory in directories
        for path in directory.rglob("*")
        if path.is_file()
    }

    assert {"index.html", "admin/index.html", "lib.js", "app.js", "config.js"} <= files
    [config] = [d / "config.js" for d in directories if (d / "config.js").exists()]
    text = config.read_text(encoding="utf-8")
    found = re.fullmatch(r"window\.RECADASTRO_CONFIG = (\{.*\});\n", text)
    assert found, text
    assert json.loads(found.group(1)) == {"apiUrl": API_URL}


def test_a_token_api_url_is_written_into_config_js_at_deploy_time(synthesized) -> None:
    """BucketDeployment puts a marker in the file and replaces it with the resolved value."""
    _, deployment = the(synthesized["cloudfront"], "Custom::CDKBucketDeployment")
    [config] = [
        d / "config.js" for d in deployed(synthesized, "cloudfront") if (d / "config.js").exists()
    ]
    text = config.read_text(encoding="utf-8")
    markers: dict[str, Any] = {}
    for source in deployment["Properties"]["SourceMarkers"]:
        markers |= source
    url = "https://abc123.execute-api.sa-east-1.amazonaws.com/api/"

    for marker, value in markers.items():
        parts = value["Fn::Join"][1]
        assert {"Ref": "ApiUrl"} in parts
        text = text.replace(marker, "".join(p if isinstance(p, str) else url for p in parts))

    found = re.fullmatch(r"window\.RECADASTRO_CONFIG = (\{.*\});\n", text)
    assert found, text
    assert json.loads(found.group(1)) == {"apiUrl": url}


def test_a_deploy_replaces_the_site_and_is_live_within_the_cache_time(synthesized) -> None:
    """No invalidation (its permission would be a `*` resource): files are cached 5 minutes."""
    template = synthesized["cloudfront"]
    bucket_id = next(name for name in buckets(template) if "Logs" not in name)
    _, deployment = the(template, "Custom::CDKBucketDeployment")

    assert deployment["Properties"]["DestinationBucketName"] == {"Ref": bucket_id}
    assert "DistributionId" not in deployment["Properties"]
    assert deployment["Properties"]["Prune"] is True
    assert "max-age=300" in deployment["Properties"]["SystemMetadata"]["cache-control"]


# --- the CloudFront Function -------------------------------------------------------------------


def run_function(uris: list[str]) -> list[dict[str, Any]]:
    from recadastro_infra.storage import DIRECTORY_INDEX_FUNCTION

    script = (
        DIRECTORY_INDEX_FUNCTION
        + "\nconst uris = JSON.parse(process.argv[1]);\n"
        + "console.log(JSON.stringify(uris.map(uri => "
        + "handler({ request: { method: 'GET', uri: uri, querystring: {}, headers: {}, cookies: {} } }))));\n"
    )
    answer = subprocess.run(
        ["node", "-e", script, json.dumps(uris)], capture_output=True, text=True, check=True,
        timeout=30,
    )  # fmt: skip
    result: list[dict[str, Any]] = json.loads(answer.stdout)
    return result


def test_the_function_serves_directory_indexes_and_leaves_files_alone() -> None:
    served = run_function(["/", "/admin/", "/admin", "/lib.js", "/admin/admin.js", "/a.b/c"])

    assert [answer.get("uri") for answer in served[:2]] == ["/index.html", "/admin/index.html"]
    assert served[2]["statusCode"] == 301
    assert served[2]["headers"]["location"]["value"] == "/admin/"
    assert [answer.get("uri") for answer in served[3:5]] == ["/lib.js", "/admin/admin.js"]
    assert served[5]["headers"]["location"]["value"] == "/a.b/c/"


# --- wired to an API ---------------------------------------------------------------------------


def wired(tmp_path: Path, exact_api_origin: bool) -> dict[str, Any]:
    """A function behind API Gateway with WEB_ORIGIN = the site's URL, the site calling that
    API, the attachments bucket letting the site in: as RecadastroStack will wire them."""
    cdk = _cdk()
    from aws_cdk import aws_apigateway as apigateway
    from aws_cdk import aws_lambda as lambda_
    from aws_cdk.assertions import Template
    from recadastro_infra.storage import Attachments, StaticSite

    stack = cdk.Stack(cdk.App(outdir=str(tmp_path)), "Wired")
    function = lambda_.Function(
        stack, "Api", runtime=lambda_.Runtime.PYTHON_3_12, handler="index.handler",
        code=lambda_.Code.from_inline("def handler(event, context):\n    return {}\n"),
    )  # fmt: skip
    api = apigateway.LambdaRestApi(stack, "Rest", handler=function)
    host = cdk.Fn.select(2, cdk.Fn.split("/", api.url))
    site = StaticSite(
        stack, "Site", WEB, api.url, attachments_bucket_name=BUCKET,
        api_origin=f"https://{host}" if exact_api_origin else None,
    )  # fmt: skip
    attachments = Attachments(stack, "Attachments", BUCKET, site.url)
    function.add_environment("WEB_ORIGIN", site.url)
    function.add_environment("ATTACHMENTS_BUCKET_NAME", attachments.bucket.bucket_name)
    return dict(Template.from_stack(stack).to_json())


def test_wired_to_an_api_there_is_no_cycle(tmp_path: Path) -> None:
    """CDK validates the template as CloudFormation would (circular dependencies included)."""
    template = wired(tmp_path / "default", exact_api_origin=False)
    assert template["Resources"]

    # The reason for the default: naming the generated API in the CSP closes a loop.
    with pytest.raises(Exception, match="dependency cycle"):
        wired(tmp_path / "exact", exact_api_origin=True)
