"""The local stack of `make run`, started on free ports with its own state directory."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest

from local.dynamodb_local import free_port
from tests.e2e.browser import browser, phone  # noqa: F401  (one Chromium for every module)

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.e2e


class LocalStack:
    def __init__(self, state_dir: Path, log_file: Path) -> None:
        self.state_dir = state_dir
        self.log_file = log_file
        self.ports = {
            name: free_port()
            for name in (
                "API_PORT",
                "WEB_PORT",
                "VENDOR_PORT",
                "GOVBR_PORT",
                "DYNAMODB_PORT",
                "MOTO_PORT",
            )
        }
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def env(self) -> dict[str, str]:
        environment = {
            key: value for key, value in os.environ.items() if not key.startswith("AWS_")
        }
        return (
            environment
            | {name: str(port) for name, port in self.ports.items()}
            | {"RECADASTRO_STATE_DIR": str(self.state_dir)}
        )

    def url(self, port_name: str, path: str = "") -> str:
        return f"http://127.0.0.1:{self.ports[port_name]}{path}"

    def api(self, path: str) -> str:
        return self.url("API_PORT", path)

    def govbr(self, path: str) -> str:
        """The gov.br simulator (SSO and API hosts in one)."""
        return self.url("GOVBR_PORT", path)

    def start(self, timeout: float = 120) -> None:
        already = self.log_file.stat().st_size if self.log_file.exists() else 0
        log = self.log_file.open("ab")
        self.process = subprocess.Popen(
            [sys.executable, str(ROOT / "local" / "stack.py")],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=log,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the stack exited early:\n{self.log_file.read_text()[-3000:]}")
            if b"Ctrl-C para parar" in self.log_file.read_bytes()[already:]:
                return
            time.sleep(0.5)
        raise RuntimeError(
            f"the stack did not start in {timeout}s:\n{self.log_file.read_text()[-3000:]}"
        )

    def stop(self) -> int:
        assert self.process is not None
        self.process.send_signal(signal.SIGINT)
        code = self.process.wait(timeout=60)
        self.process = None
        return code

    def manage(self, *arguments: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "manage.py", *arguments],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=300,
        )

    def client(self, service: str, port_name: str) -> Any:
        """A boto3 client of the stack's DynamoDB Local or moto server."""
        return boto3.client(
            service,
            endpoint_url=self.url(port_name),
            region_name="us-east-1",
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
        )

    def stack_file(self) -> dict[str, Any]:
        return json.loads((self.state_dir / "stack.json").read_text())


def get(url: str) -> tuple[int, Any, dict[str, str]]:
    """(status, parsed JSON or text, headers) of a GET, errors included."""
    try:
        with urllib.request.urlopen(url, timeout=30) as answer:
            status, body, headers = answer.status, answer.read(), dict(answer.headers)
    except urllib.error.HTTPError as error:
        status, body, headers = error.code, error.read(), dict(error.headers)
    try:
        return status, json.loads(body), headers
    except ValueError:
        return status, body.decode(), headers


def running(
    tmp_path_factory: pytest.TempPathFactory, kind: type[LocalStack] = LocalStack
) -> Iterator[LocalStack]:
    """A stack of its own for a test module: started, yielded, stopped."""
    directory = tmp_path_factory.mktemp("stack")
    local_stack = kind(directory / "state", directory / "stack.log")
    local_stack.start()
    yield local_stack
    if local_stack.process is not None:
        local_stack.stop()


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalStack]:
    yield from running(tmp_path_factory)
