"""DynamoDB Local (AWS's own emulator, from the npm package amplify-dynamodb-simulator)."""

from __future__ import annotations

import logging
import os
import random
import shutil
import socket
import subprocess
import time
from pathlib import Path

from local.processes import dying_with_parent, stop_child

ROOT = Path(__file__).resolve().parent.parent
EMULATOR = ROOT / "node_modules" / "amplify-dynamodb-simulator" / "emulator"


# The JIT's first tier only, and one GC thread: DynamoDB Local's runs here last minutes (a test
# session, a benchmark, a day of `make run`), and the optimising tier spent more CPU compiling
# than it ever saved; on 2 cores that CPU was the API's. Measured: half the CPU for the same
# 2,500 writes, and more writes a second. DYNAMODB_LOCAL_JAVA_OPTS, after these, may undo them.
JAVA_OPTIONS = ("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC")


def without_fsync() -> list[str]:
    """The command that runs DynamoDB Local with fsync made a no-op (Debian's `eatmydata`), or
    nothing when it is not installed or `DYNAMODB_LOCAL_FSYNC=1` asks for real syncs.

    DynamoDB Local keeps every table in one SQLite file, which syncs to disk at each commit:
    about 3 fsyncs, 20-30 ms a write on this machine's disk, one write at a time. That capped
    the whole stack at some 50 writes a second, and under a rush every request queued behind
    everyone's writes (a submission's median went from 90 ms to over a second). Without the
    syncs a write DynamoDB Local acknowledged is still in the kernel's page cache, so killing
    any process, SIGKILL included, loses nothing; only a crash of the machine itself could lose
    the last seconds, which a local stack may afford (AWS's DynamoDB is not this)."""
    if os.environ.get("DYNAMODB_LOCAL_FSYNC") == "1":
        return []
    wrapper = shutil.which("eatmydata")
    if wrapper is None:
        logging.getLogger(__name__).info(
            "eatmydata not installed: DynamoDB Local syncs every write (slower under load)"
        )
        return []
    return [wrapper]


class DynamoDBLocal:
    def __init__(self, port: int, data_dir: Path, log_file: Path) -> None:
        self.port = port
        self.data_dir = data_dir
        self.log_file = log_file
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 60) -> None:
        jar = EMULATOR / "DynamoDBLocal.jar"
        if not jar.exists():
            raise RuntimeError(f"DynamoDB Local not found at {jar}: run `make install`")
        java = shutil.which("java")
        if java is None:
            raise RuntimeError("Java 17 is needed for DynamoDB Local: install a JRE (openjdk-17)")
        self.data_dir.mkdir(parents=True, exist_ok=True)
        command = [
            *dying_with_parent(),
            *without_fsync(),
            java,
            *JAVA_OPTIONS,
            *os.environ.get("DYNAMODB_LOCAL_JAVA_OPTS", "").split(),
            f"-Djava.library.path={EMULATOR / 'DynamoDBLocal_lib'}",
            "-jar", str(jar),
            "-sharedDb",
            "-dbPath", str(self.data_dir),
            "-port", str(self.port),
            "-disableTelemetry",
        ]  # fmt: skip
        log = self.log_file.open("ab")
        self._process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise RuntimeError(f"DynamoDB Local exited; see {self.log_file}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                time.sleep(0.2)
        self.stop()
        said = self.log_file.read_text(errors="replace")[-2000:]
        raise RuntimeError(f"DynamoDB Local did not start within {timeout}s; its log ends:\n{said}")

    def stop(self) -> None:
        stop_child(self._process)
        self._process = None


# Below Linux's ephemeral range (32768-60999 by default) and above the stack's usual ports.
FREE_PORTS = range(20000, 32000)
# A stack asks for several ports before its servers bind any: never the same one twice.
_handed_out: set[int] = set()


def free_port() -> int:
    """A TCP port nothing listens on now (tests and benchmarks run beside a `make run`). Not
    one the kernel would pick (port 0): it hands those out to outgoing connections too, and one
    took DynamoDB Local's port between this check and its start (its log: "Failed to bind").
    Checked on every address, as DynamoDB Local binds 0.0.0.0."""
    for port in random.sample(FREE_PORTS, 200):
        if port in _handed_out:
            continue
        with socket.socket() as probe:
            try:
                probe.bind(("0.0.0.0", port))
            except OSError:
                continue
        _handed_out.add(port)
        return port
    raise RuntimeError("no free TCP port between 20000 and 32000")
