"""The CDK app synthesised once per test run (stage dev), for assertions on its template."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.integration.conftest import dynamodb_local  # noqa: F401  (the drift test's tables)

ROOT = Path(__file__).resolve().parents[2]
INFRA = ROOT / "infra"
pytestmark = pytest.mark.slow
# The stage is synthesised as a council with gov.br credentials deploys it: the API at a name of
# its own domain, the client id and callback gov.br registered (`-c …`), so the tests see what
# reaches the functions; .chalice/config.json leaves the gov.br ones empty.
DEPLOY_CONTEXT = {
    "api_domain": "api.dev.conselho.gov.br",
    "api_certificate_arn": "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-0000-4000-8000-000000000000",
    "govbr_client_id": "recadastro.dev.conselho.gov.br",
    "govbr_redirect_uri": "https://api.dev.conselho.gov.br/auth/govbr/callback",
}


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    os.environ.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")
    if str(INFRA) not in sys.path:
        sys.path.insert(0, str(INFRA))
    import cdk_app

    work = tmp_path_factory.mktemp("synth")
    previous = Path.cwd()
    # The Chalice construct packages into ./chalice.out: keep that out of the repository.
    os.chdir(work)
    try:
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("AWS_DEFAULT_REGION", "us-east-1")
            patch.setenv("CDK_OUTDIR", str(work / "cdk.out"))
            # The synthesis sets the stage's WEB_ORIGIN; the tests' own comes back after it.
            patch.delenv("WEB_ORIGIN", raising=False)
            app = cdk_app.build_app("dev", context=DEPLOY_CONTEXT)
            app.synth()
        yield app.node.find_child("dev")
    finally:
        os.chdir(previous)


@pytest.fixture(scope="session")
def template(stack: Any) -> Any:
    from aws_cdk.assertions import Template

    return Template.from_stack(stack)


def resources(template: Any, kind: str) -> dict[str, Any]:
    """The template's resources of a CloudFormation type, by logical id."""
    found: dict[str, Any] = template.find_resources(kind)
    return found
