"""The libmagic layer loads on the Lambda runtime, and finds types with the database it ships."""

from __future__ import annotations

import base64
import json
import os
import struct
import subprocess
import sys
import zlib
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.integration.api import docx

ROOT = Path(__file__).resolve().parents[2]
INFRA = ROOT / "infra"
pytestmark = pytest.mark.slow

# Run as Lambda would: python-magic finds no library by `find_library` (no ldconfig entry for
# /opt/lib, no compiler), so it loads `libmagic.so.1` through LD_LIBRARY_PATH; MAGIC names the
# database. Prints the types found and the libmagic files the process mapped.
PROBE = """
import base64, ctypes.util, json, sys
ctypes.util.find_library = lambda name: None
from chalicelib.adapters.mime import detect_type
samples = json.load(sys.stdin)
types = {name: detect_type(base64.b64decode(data)) for name, data in samples.items()}
with open("/proc/self/maps") as maps:
    loaded = sorted({line.split()[-1] for line in maps if "libmagic" in line})
print(json.dumps({"types": types, "loaded": loaded}))
"""


@pytest.fixture(scope="module")
def layer() -> ModuleType:
    os.environ.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")
    if str(INFRA) not in sys.path:
        sys.path.insert(0, str(INFRA))
    from recadastro_infra import layer

    return layer


@pytest.fixture(scope="module")
def staged(layer: ModuleType) -> Path:
    path: Path = layer.stage_layer()
    return path


def version(text: tuple[int, ...]) -> str:
    return ".".join(map(str, text))


def test_the_shipped_libmagic_needs_no_glibc_newer_than_the_runtime_has(
    layer: ModuleType, staged: Path
) -> None:
    library = staged / "lib" / "libmagic.so.1"
    needed = layer.glibc_versions_needed(library)
    newest = layer.newest_glibc(library)

    assert needed, "no GLIBC version needs read: not the ELF file expected"
    assert all(layer._GLIBC.fullmatch(name) for name in needed), needed  # no GLIBC_PRIVATE
    # The bound (Amazon Linux 2023), and the python3.11 runtime's own (Amazon Linux 2).
    assert newest <= (2, 34), f"needs GLIBC_{version(newest)}"
    assert layer.GLIBC_LIMIT == (2, 26)
    assert newest <= layer.GLIBC_LIMIT, f"needs GLIBC_{version(newest)}"
    assert layer.libraries_needed(library) <= {"libc.so.6", "libz.so.1"}
    layer.check_loadable(library)


@pytest.mark.parametrize(
    ("candidate", "bound"),
    [
        # The library that must not ship: Debian's needs GLIBC_2.33.
        (Path("/usr/lib/x86_64-linux-gnu/libmagic.so.1"), "runtime"),
        # This machine's glibc needs its own newest loader (GLIBC_2.35 on Debian 12).
        (Path("/usr/lib/x86_64-linux-gnu/libc.so.6"), (2, 34)),
    ],
    ids=["debian-libmagic", "libc"],
)
def test_the_check_fails_on_a_library_built_for_a_newer_glibc(
    layer: ModuleType, candidate: Path, bound: Any
) -> None:
    if not candidate.exists():
        pytest.skip(f"no {candidate} on this machine")
    limit = layer.GLIBC_LIMIT if bound == "runtime" else bound
    newest = layer.newest_glibc(candidate.resolve())
    if newest <= limit:
        pytest.skip(f"{candidate} needs only GLIBC_{version(newest)} here")

    assert newest > limit
    if bound == "runtime":
        with pytest.raises(ValueError, match="needs GLIBC_"):
            layer.check_loadable(candidate.resolve())


def png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def test_the_app_finds_types_with_the_shipped_library_and_database(
    layer: ModuleType, staged: Path
) -> None:
    database = staged / "share" / "misc" / "magic.mgc"
    assert database.is_file()
    assert layer.ENVIRONMENT == {"MAGIC": "/opt/share/misc/magic.mgc"}
    samples = {
        "pdf": b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n",
        "png": png(),
        "docx": docx(),
        "jpeg": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + bytes(32),
        "text": "Declaro que não houve alteração.\n".encode(),
    }
    environment = {
        **os.environ,
        "LD_LIBRARY_PATH": str(staged / "lib"),
        "MAGIC": str(database),
        "PYTHONPATH": str(ROOT),
    }

    run = subprocess.run(
        [sys.executable, "-c", PROBE],
        input=json.dumps({k: base64.b64encode(v).decode() for k, v in samples.items()}),
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=environment,
        timeout=60,
        check=False,
    )

    assert run.returncode == 0, run.stderr
    found = json.loads(run.stdout)
    assert found["loaded"] == [str((staged / "lib" / "libmagic.so.1").resolve())]
    assert found["types"] == {
        "pdf": "application/pdf",
        "png": "image/png",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "jpeg": "image/jpeg",
        "text": "text/plain",
    }


def test_the_stack_gets_one_python_layer(layer: ModuleType, tmp_path: Path) -> None:
    import aws_cdk as cdk
    from aws_cdk.assertions import Template

    app = cdk.App(outdir=str(tmp_path))
    stack = cdk.Stack(app, "LayerOnly")
    magic = layer.MagicLayer(stack, "Magic")

    layers = Template.from_stack(stack).find_resources("AWS::Lambda::LayerVersion")
    assert len(layers) == 1
    (properties,) = (resource["Properties"] for resource in layers.values())
    assert "python3.11" in properties["CompatibleRuntimes"]
    assert properties["CompatibleArchitectures"] == ["x86_64"]
    assert "libmagic" in properties["Description"]
    assert magic.environment == {"MAGIC": "/opt/share/misc/magic.mgc"}
