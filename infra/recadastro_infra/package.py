"""The functions' code: the Chalice app's zip without the AWS SDK, and the SDK in a layer of its own.

Why a layer, not the runtime's boto3: what runs in AWS is what the tests ran on. The python3.11
runtime's boto3/botocore is whatever AWS last put there, changed without a deploy of ours, and
mixing it with an urllib3 of our own (the vendor client uses urllib3) is what AWS's Lambda guide
warns against. So `requirements-sdk.txt` pins boto3, botocore and everything they need; the
virtualenv installs those, the tests run on them, and `SdkLayer` copies that very copy into the
layer, refusing a version that is not its pin. What it costs: nothing at import (the same
modules load either way, see bench/cold_start.py); a layer of 19 MB zipped (37 MB unpacked, with
bytecode) uploaded when a pin changes, not at every deploy, and fetched at a cold start beside
the function's zip, where the runtime's copy is already on the machine.

The layer carries botocore's bytecode, compiled for the runtime's Python: /opt is read-only, so
without it each cold start would compile botocore from source again. Unchecked-hash .pyc files,
so the timestamps a zip keeps (to two seconds) cannot make them look stale.

`chalice package` installs requirements.txt into one zip for every function; pynamodb pulls
botocore in with it. `LeanChalice` takes every file of the SDK's distributions out of that zip
(by their own RECORD), and the files named in UNUSED_FILES, so the zip holds only what the
functions run: tests/infra/test_package.py holds it to 10 MB.
"""

from __future__ import annotations

import compileall
import csv
import fnmatch
import importlib.metadata
import json
import os
import py_compile
import re
import shutil
import sys
import tempfile
import zipfile
from pathlib import Path, PurePosixPath
from typing import Any

from aws_cdk import aws_lambda as lambda_
from chalice.cdk import Chalice
from constructs import Construct

from recadastro_infra.layer import ARCHITECTURE, RUNTIME

INFRA_DIR = Path(__file__).resolve().parents[1]
SDK_REQUIREMENTS = INFRA_DIR.parent / "requirements-sdk.txt"
SDK_STAGING_DIR = INFRA_DIR / "cdk.out" / "layers" / "sdk"
# Python finds a layer's packages in /opt/python.
SDK_LAYER_DIR = "python"
# The zip's limit, with the test that holds it: tests/infra/test_package.py.
PACKAGE_LIMIT_BYTES = 10_000_000
# Files that no code of ours reaches, in packages we use only in part (glob over the zip's names).
UNUSED_FILES = {
    "stdnum/*.dat": "python-stdnum's databases (MAC vendors, IMSI, ISBN, banks and places of "
    "other countries): the CPF and CNPJ checks read none",
    "aws_lambda_powertools/event_handler/openapi/swagger_ui/*.min.*": "the Swagger UI of "
    "Powertools' own router: Chalice routes the API",
    "chalicelib/openapi.yaml": "the contract's source: the API serves openapi.json, made from it",
    "*/__pycache__/*": "bytecode the tests left in the working tree: no use to Lambda, and it "
    "would make each checkout's zip (and its asset hash) differ",
}


def canonical(name: str) -> str:
    """A distribution's name as PEP 503 compares them: python_dateutil == python-dateutil."""
    return re.sub(r"[-_.]+", "-", name).lower()


def sdk_pins() -> dict[str, str]:
    """requirements-sdk.txt: canonical name -> pinned version."""
    pins: dict[str, str] = {}
    for line in SDK_REQUIREMENTS.read_text(encoding="utf-8").splitlines():
        requirement = line.partition("#")[0].strip()
        if requirement:
            name, separator, version = requirement.partition("==")
            if not separator:
                raise ValueError(f"{SDK_REQUIREMENTS.name}: {requirement!r} is not pinned (==)")
            pins[canonical(name)] = version.strip()
    return pins


def installed_sdk() -> dict[str, importlib.metadata.Distribution]:
    """The SDK's distributions in this virtualenv, each checked against its pin."""
    found: dict[str, importlib.metadata.Distribution] = {}
    for name, version in sdk_pins().items():
        distribution = importlib.metadata.distribution(name)
        if distribution.version != version:
            raise RuntimeError(
                f"{name} {distribution.version} is installed, {SDK_REQUIREMENTS.name} pins "
                f"{version}: run make install"
            )
        found[name] = distribution
    return found


def stage_sdk_layer(target: Path = SDK_STAGING_DIR) -> Path:
    """The layer's directory: the installed SDK's files under python/, with their bytecode.
    Made again only when the pins change."""
    if sys.version_info[:2] != (3, 11):
        raise RuntimeError(f"the layer's bytecode is for {RUNTIME.name}: synthesise with 3.11")
    pins = sdk_pins()
    stamp = target / "pins.json"
    if stamp.is_file() and json.loads(stamp.read_text()) == pins:
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix=".sdk-", dir=target.parent))
    packages = building / SDK_LAYER_DIR
    for distribution in installed_sdk().values():
        for file in distribution.files or ():
            # Scripts land outside site-packages; bytecode is compiled below for the runtime.
            if file.parts[0] == ".." or "__pycache__" in file.parts:
                continue
            place = packages / file
            place.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(Path(str(distribution.locate_file(file))), place)
    compileall.compile_dir(
        packages,
        quiet=1,
        ddir=f"/opt/{SDK_LAYER_DIR}",
        invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH,
    )
    (building / "pins.json").write_text(json.dumps(pins, indent=2, sort_keys=True))
    building.chmod(0o755)
    shutil.rmtree(target, ignore_errors=True)
    try:
        os.rename(building, target)
    except OSError:  # another synth staged it meanwhile
        shutil.rmtree(building, ignore_errors=True)
    return target


class SdkLayer(Construct):
    """The pinned AWS SDK as a layer, for every function (`layer`)."""

    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        pins = sdk_pins()
        self.layer = lambda_.LayerVersion(
            self,
            "Layer",
            code=lambda_.Code.from_asset(str(stage_sdk_layer())),
            compatible_runtimes=[RUNTIME],
            compatible_architectures=[ARCHITECTURE],
            description=(
                "AWS SDK pinned in requirements-sdk.txt: "
                + ", ".join(f"{name} {version}" for name, version in pins.items())
            )[:256],
            license="Apache-2.0",
        )


def sdk_files_in(package: zipfile.ZipFile, pins: dict[str, str]) -> set[str]:
    """The names in the zip that belong to the SDK's distributions, by their RECORD files."""
    names: set[str] = set()
    for name in package.namelist():
        path = PurePosixPath(name)
        if path.name != "RECORD" or not path.parent.name.endswith(".dist-info"):
            continue
        distribution = canonical(path.parent.name.removesuffix(".dist-info").rpartition("-")[0])
        if distribution in pins:
            record = csv.reader(package.read(name).decode("utf-8").splitlines())
            names |= {row[0] for row in record if row}
            names.add(name)
    return names


def slim_deployment_zip(path: Path, pins: dict[str, str]) -> dict[str, int]:
    """Rewrites the zip without the SDK and the unused files; answers the bytes (compressed)
    each reason took out."""
    removed = {"aws sdk (layer)": 0, **dict.fromkeys(UNUSED_FILES, 0)}
    slim = path.with_suffix(".slim")
    with (
        zipfile.ZipFile(path) as package,
        zipfile.ZipFile(slim, "w") as out,
    ):
        sdk = sdk_files_in(package, pins)
        for entry in package.infolist():
            reason = _why_left_out(entry.filename, sdk)
            if reason:
                removed[reason] += entry.compress_size
                continue
            kept = zipfile.ZipInfo(entry.filename, entry.date_time)
            kept.external_attr = entry.external_attr
            out.writestr(kept, package.read(entry), zipfile.ZIP_DEFLATED, compresslevel=9)
    slim.replace(path)
    return removed


def _why_left_out(name: str, sdk: set[str]) -> str | None:
    if name in sdk:
        return "aws sdk (layer)"
    return next((pattern for pattern in UNUSED_FILES if fnmatch.fnmatch(name, pattern)), None)


class LeanChalice(Chalice):
    """Chalice's construct, whose zip leaves out the SDK (the layer brings it) and unused data."""

    def _package_app(self) -> None:
        super()._package_app()
        self.removed: dict[str, Any] = slim_deployment_zip(
            Path(self._sam_package_dir) / "deployment.zip", sdk_pins()
        )
