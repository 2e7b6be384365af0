"""The Lambda layer that gives the functions libmagic and its database (python-magic needs both;
the Lambda runtime has neither).

What ships is the manylinux2014 build of libmagic 5.41 in the PyPI package `pylibmagic` (pinned
in `infra/requirements.txt`; it names the allowed upload types as Debian's 5.44 does), copied at synth time, offline, from the installed package: its
`libmagic.so.1` needs nothing from glibc newer than 2.14, and only `libc.so.6` and `libz.so.1`,
which every Lambda runtime has. The system's libmagic must not ship: Debian's needs GLIBC_2.33,
and the python3.11 runtime runs on Amazon Linux 2, whose glibc is 2.26 (python3.12 and later run
on Amazon Linux 2023, glibc 2.34). `stage_layer` refuses a library that needs more than the
runtime has, so a bad build fails the synth, not the first upload after a deploy.

Laid out as Lambda unpacks a layer into `/opt`:

    lib/libmagic.so.1         Lambda puts /opt/lib on every runtime's LD_LIBRARY_PATH
    share/misc/magic.mgc      found through the MAGIC environment variable (`MagicLayer.environment`)

python-magic 0.4.27 loads `find_library('magic')` first, which on Lambda finds nothing (no
ldconfig cache entry for /opt/lib, no compiler), then the plain name `libmagic.so.1`, which
`dlopen` looks up on LD_LIBRARY_PATH: the layer's copy. `magic.Magic()` opens the database named
by MAGIC. So the app's code (`chalicelib/adapters/mime.py`) is the same locally and on Lambda.

The layer is staged under `infra/cdk.out/layers/magic` (gitignored); `tests/infra/test_layer.py`
reads the very files that ship there.
"""

from __future__ import annotations

import filecmp
import importlib.metadata
import importlib.util
import os
import re
import shutil
import tempfile
from pathlib import Path

from aws_cdk import aws_lambda as lambda_
from constructs import Construct

INFRA_DIR = Path(__file__).resolve().parents[1]
STAGING_DIR = INFRA_DIR / "cdk.out" / "layers" / "magic"
RUNTIME = lambda_.Runtime.PYTHON_3_11
ARCHITECTURE = lambda_.Architecture.X86_64
# The glibc of the OS each Lambda Python runtime runs on: python3.11 is on Amazon Linux 2.
RUNTIME_GLIBC = {
    "python3.11": (2, 26),
    "python3.12": (2, 34),
    "python3.13": (2, 34),
}
GLIBC_LIMIT = RUNTIME_GLIBC[RUNTIME.name]
# Shared libraries the runtime itself provides (its Python links libz for the zlib module).
RUNTIME_LIBRARIES = frozenset({"libc.so.6", "libz.so.1"})
# Where the layer's files land on Lambda, and what tells libmagic where its database is.
LIBRARY = "lib/libmagic.so.1"
DATABASE = "share/misc/magic.mgc"
ENVIRONMENT = {"MAGIC": f"/opt/{DATABASE}"}

_GLIBC = re.compile(r"GLIBC_(\d+(?:\.\d+)*)")


def source_files() -> dict[str, Path]:
    """The installed `pylibmagic` package's library and database, by their place in the layer."""
    spec = importlib.util.find_spec("pylibmagic")  # not imported: it patches ctypes.CDLL
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("pylibmagic is not installed: pip install -r infra/requirements.txt")
    package = Path(next(iter(spec.submodule_search_locations)))
    return {LIBRARY: package / "libmagic.so.1", DATABASE: package / "magic.mgc"}


def glibc_versions_needed(library: Path) -> set[str]:
    """Every GLIBC_* symbol version the ELF file needs (its `.gnu.version_r`), from any library."""
    from elftools.elf.elffile import ELFFile
    from elftools.elf.gnuversions import GNUVerNeedSection

    with library.open("rb") as stream:
        elf = ELFFile(stream)
        return {
            aux.name
            for section in elf.iter_sections()
            if isinstance(section, GNUVerNeedSection)
            for _, auxiliaries in section.iter_versions()
            for aux in auxiliaries
            if aux.name.startswith("GLIBC_")
        }


def newest_glibc(library: Path) -> tuple[int, ...]:
    """The newest glibc the library needs. A version that is no release number (GLIBC_PRIVATE,
    GLIBC_ABI_DT_RELR) ties it to one build of glibc: that counts as newer than any."""
    newest: tuple[int, ...] = (0,)
    for name in glibc_versions_needed(library):
        match = _GLIBC.fullmatch(name)
        version = tuple(int(part) for part in match.group(1).split(".")) if match else (999,)
        newest = max(newest, version)
    return newest


def libraries_needed(library: Path) -> set[str]:
    """The shared libraries the ELF file names as DT_NEEDED."""
    from elftools.elf.dynamic import DynamicSection
    from elftools.elf.elffile import ELFFile

    with library.open("rb") as stream:
        elf = ELFFile(stream)
        return {
            str(tag.needed)  # type: ignore[attr-defined]  # pyelftools sets it on DT_NEEDED tags
            for section in elf.iter_sections()
            if isinstance(section, DynamicSection)
            for tag in section.iter_tags("DT_NEEDED")
        }


def check_loadable(library: Path) -> None:
    """Raise unless the Lambda runtime can load the library: glibc and shared libraries."""
    newest = newest_glibc(library)
    if newest > GLIBC_LIMIT:
        raise ValueError(
            f"{library} needs GLIBC_{'.'.join(map(str, newest))}; {RUNTIME.name} has "
            f"{'.'.join(map(str, GLIBC_LIMIT))}"
        )
    missing = libraries_needed(library) - RUNTIME_LIBRARIES
    if missing:
        raise ValueError(f"{library} needs {sorted(missing)}, which {RUNTIME.name} lacks")


def stage_layer() -> Path:
    """The layer's directory, made from the installed pylibmagic (again only if it changed)."""
    sources = source_files()
    check_loadable(sources[LIBRARY])
    if _same(sources, STAGING_DIR):
        return STAGING_DIR
    STAGING_DIR.parent.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix=".magic-", dir=STAGING_DIR.parent))
    for place, source in sources.items():
        target = building / place
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        target.chmod(0o755 if place == LIBRARY else 0o644)
    building.chmod(0o755)
    shutil.rmtree(STAGING_DIR, ignore_errors=True)
    try:
        os.rename(building, STAGING_DIR)
    except OSError:  # another synth staged it meanwhile
        shutil.rmtree(building, ignore_errors=True)
        if not _same(sources, STAGING_DIR):
            raise
    return STAGING_DIR


def _same(sources: dict[str, Path], directory: Path) -> bool:
    return all(
        (directory / place).is_file() and filecmp.cmp(source, directory / place, shallow=False)
        for place, source in sources.items()
    )


class MagicLayer(Construct):
    """A layer with libmagic and its database, for the Python functions.

    `layer` is the LayerVersion to attach to each function; `environment` holds the variables
    those functions need so python-magic finds the database.
    """

    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        self.layer = lambda_.LayerVersion(
            self,
            "Layer",
            code=lambda_.Code.from_asset(str(stage_layer())),
            compatible_runtimes=[RUNTIME],
            compatible_architectures=[ARCHITECTURE],
            description=(
                f"libmagic (pylibmagic {importlib.metadata.version('pylibmagic')}, manylinux2014) and its magic.mgc "
                f"for python-magic: /opt/{LIBRARY}, MAGIC=/opt/{DATABASE}"
            ),
            license="BSD-2-Clause",
        )
        self.environment: dict[str, str] = dict(ENVIRONMENT)
