"""The local stack's moto server in a process of its own.

moto is Python, and in the stack's process it shared one interpreter lock with the API, the
pump and the vendor simulator: under a crowd it held the lock for a quarter of the time, and
every API request that called S3 or SES waited for it twice, once for moto to answer and once
to get the lock back. In a process of its own it answers on the other core.

    python -m local.moto_process HOST PORT STATE_DIR   (what MotoProcess runs)"""

from __future__ import annotations

import logging
import os
import select
import signal
import subprocess
import sys
import threading
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from local.moto_state import MotoState, PersistentMotoServer  # noqa: E402
from local.processes import dying_with_parent, stop_child  # noqa: E402

READY = b"moto ready\n"


class MotoProcess:
    """Starts and stops `python -m local.moto_process` for the stack."""

    def __init__(self, host: str, port: int, state_dir: Path, log_file: Path) -> None:
        self.host = host
        self.port = port
        self.state_dir = state_dir
        self.log_file = log_file
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def endpoint(self) -> str:
        return f"http://{self.host}:{self.port}"

    def start(self) -> None:
        """Starts the process; `wait_until_ready` waits for it to serve."""
        with self.log_file.open("ab") as log:
            self._process = subprocess.Popen(
                [*dying_with_parent(), sys.executable, "-m", "local.moto_process", self.host,
                 str(self.port), str(self.state_dir)],
                cwd=ROOT, stdout=subprocess.PIPE, stderr=log,
            )  # fmt: skip

    def wait_until_ready(self, timeout: float = 60) -> None:
        assert self._process is not None and self._process.stdout is not None
        readable, _, _ = select.select([self._process.stdout], [], [], timeout)
        line = self._process.stdout.readline() if readable else b""
        self._process.stdout.close()
        if line != READY:
            self.stop()
            raise RuntimeError(f"the moto server did not start; see {self.log_file}")

    def stop(self) -> None:
        stop_child(self._process)
        self._process = None


class RemoteMotoState(MotoState):
    """The state directory as the stack's own process sees it: it reads what is kept (to put
    objects and users back through the APIs) while the moto process writes it."""

    def __init__(self, directory: Path, endpoint: str) -> None:
        super().__init__(directory)
        self.endpoint = endpoint

    def start_saving(self) -> None:
        request = urllib.request.Request(f"{self.endpoint}/_local/start-saving", method="POST")
        with urllib.request.urlopen(request, timeout=60):
            pass


def serve(host: str, port: int, state_dir: Path) -> None:
    """Serves until SIGTERM or SIGINT; says READY on stdout once it listens."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    server = PersistentMotoServer(host, port, MotoState(state_dir))
    server.start()
    stopping = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopping.set())
    signal.signal(signal.SIGINT, lambda *_: stopping.set())
    sys.stdout.buffer.write(READY)
    sys.stdout.flush()
    # The stack reads one line and closes its end: anything printed later goes to the log.
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    stopping.wait()
    server.stop()


if __name__ == "__main__":
    serve(sys.argv[1], int(sys.argv[2]), Path(sys.argv[3]))
