"""The functions' code as it ships: a zip of at most 10 MB without the AWS SDK, the SDK at its
pins in a layer every function gets, and the two together run the app with nothing else."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest

from tests.infra.conftest import ROOT, resources

pytestmark = pytest.mark.slow
# What Lambda imports to start each function (sam.json's Handler), and what none of them needs
# before a call that uses it (bench/cold_start.py times what they do load).
HANDLER_MODULES = (
    "app",
    "chalicelib.api.professional",
    "chalicelib.api.staff",
    "chalicelib.events.streams",
    "chalicelib.events.schedules",
)
LOADED_ON_USE = (
    "boto3", "botocore", "pynamodb", "aws_lambda_powertools", "jinja2", "jwt", "cryptography",
    "yaml", "urllib3",
)  # fmt: skip
SDK_TOP_LEVEL = ("boto3", "botocore", "s3transfer", "jmespath", "dateutil", "urllib3", "six.py")

# Runs in an interpreter without site-packages: only the zip and the layer, as on Lambda.
PROBE = r"""
import importlib, json, pkgutil, sys

sys.path[:0] = sys.argv[1:3]
import app
import chalicelib

def get(path):
    event = {
        "resource": path, "path": path, "httpMethod": "GET", "headers": {},
        "multiValueQueryStringParameters": None, "pathParameters": None,
        "stageVariables": None, "body": None, "isBase64Encoded": False,
        "requestContext": {
            "resourcePath": path, "httpMethod": "GET", "identity": {"sourceIp": "198.51.100.7"}
        },
    }
    answer = app.app(event, None)
    return answer["statusCode"], json.loads(answer["body"])

modules = [m.name for m in pkgutil.walk_packages(chalicelib.__path__, "chalicelib.")]
for module in modules:
    importlib.import_module(module)
import boto3, pynamodb.models
from aws_lambda_powertools.utilities.batch import BatchProcessor
from aws_lambda_powertools.utilities.idempotency import idempotent_function
from chalicelib.domain.documents import normalize_document

boto3.session.Session(region_name="us-east-1").client("dynamodb")
health, contract = get("/health"), get("/openapi.json")
print(json.dumps({
    "modules": len(modules),
    "health": health,
    "contract_paths": len(contract[1]["paths"]),
    "cpf": normalize_document("529.982.247-25"),
    "origins": {
        name: sys.modules[name].__file__
        for name in ("boto3", "botocore", "urllib3", "pynamodb", "pydantic", "chalice", "stdnum")
    },
}))
"""


def deployment_zip(stack: Any) -> Path:
    """The zip the Chalice construct made, as the synthesis staged it for upload."""
    asset = stack.chalice.node.find_child("ChaliceAppCode")
    return Path(stack.node.root.outdir) / asset.asset_path


@pytest.fixture(scope="module")
def package_module() -> Any:
    from recadastro_infra import package

    return package


def test_the_functions_zip_is_at_most_10_mb_and_leaves_the_sdk_to_its_layer(stack: Any) -> None:
    package = deployment_zip(stack)

    size = package.stat().st_size
    names = zipfile.ZipFile(package).namelist()

    print(f"\ndeployment package: {size / 1e6:.2f} MB zipped ({size:,} bytes)")
    assert size <= 10_000_000, f"{size / 1e6:.2f} MB"
    assert not [name for name in names if name.split("/")[0].startswith(SDK_TOP_LEVEL)]
    assert not [name for name in names if name.startswith(("yaml/", "_yaml/"))]
    assert "chalicelib/openapi.json" in names
    assert "app.py" in names


def test_every_function_gets_the_sdk_layer_at_its_pins(
    template: Any, stack: Any, package_module: Any
) -> None:
    layers = resources(template, "AWS::Lambda::LayerVersion")
    functions = resources(template, "AWS::Serverless::Function")
    pins = package_module.sdk_pins()

    [(sdk_id, sdk)] = [
        (logical_id, layer)
        for logical_id, layer in layers.items()
        if layer["Properties"]["Description"].startswith("AWS SDK")
    ]
    assert {"boto3", "botocore", "urllib3"} <= set(pins)
    for name, version in pins.items():
        assert f"{name} {version}" in sdk["Properties"]["Description"]
    for name, function in functions.items():
        assert {"Ref": sdk_id} in function["Properties"]["Layers"], name


def test_the_layer_holds_the_pinned_sdk_with_its_bytecode(stack: Any, package_module: Any) -> None:
    staged = package_module.SDK_STAGING_DIR / "python"

    versions = {
        path.name.removesuffix(".dist-info").rpartition("-")[::2]
        for path in staged.glob("*.dist-info")
    }

    assert {(package_module.canonical(n), v) for n, v in versions} == set(
        package_module.sdk_pins().items()
    )
    assert (staged / "botocore" / "__pycache__" / "__init__.cpython-311.pyc").is_file()
    assert (staged / "botocore" / "data" / "dynamodb").is_dir()


def test_the_zip_and_the_layer_alone_run_the_app(
    stack: Any, package_module: Any, tmp_path: Path
) -> None:
    code = tmp_path / "task"
    zipfile.ZipFile(deployment_zip(stack)).extractall(code)
    layer = package_module.SDK_STAGING_DIR / "python"

    run = subprocess.run(
        [sys.executable, "-I", "-S", "-c", PROBE, str(code), str(layer)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
        check=False,
    )

    assert run.returncode == 0, run.stderr[-3000:]
    found = json.loads(run.stdout)
    assert found["health"] == [200, {"status": "ok"}]
    assert found["contract_paths"] > 10
    assert found["cpf"] == "52998224725"
    assert found["modules"] > 40
    for name in ("boto3", "botocore", "urllib3"):
        assert found["origins"][name].startswith(str(layer)), found["origins"][name]
    for name in ("pynamodb", "pydantic", "chalice", "stdnum"):
        assert found["origins"][name].startswith(str(code)), found["origins"][name]


@pytest.mark.parametrize("module", HANDLER_MODULES)
def test_starting_a_function_loads_no_sdk_tables_templates_or_tokens(module: str) -> None:
    code = f"import json, sys, {module}; print(json.dumps(sorted(sys.modules)))"

    run = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=False
    )

    assert run.returncode == 0, run.stderr[-3000:]
    loaded = {name.partition(".")[0] for name in json.loads(run.stdout)}
    assert loaded.isdisjoint(LOADED_ON_USE), sorted(loaded & set(LOADED_ON_USE))
