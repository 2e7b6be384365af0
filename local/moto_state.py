"""moto server for the local stack, with what moto cannot do by itself: keep state, and note
when each e-mail was sent.

moto holds everything in memory. After every request that may change something, this copies
what must survive a restart to the state directory: S3 objects (one file each, written when they
change) and the staff user pool's users with their groups. At start, `restore()` puts them back
through the ordinary APIs. Sent e-mail, queues and tokens are not kept: nothing needs them."""

from __future__ import annotations

import hashlib
import json
import logging
import secrets
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from moto.moto_server.werkzeug_app import (
    DomainDispatcherApplication,
    MotoRequestHandler,
    create_backend_app,
)
from werkzeug.serving import BaseWSGIServer, make_server

ACCOUNT = "123456789012"
REGION = "us-east-1"
_MUTATING = {"POST", "PUT", "DELETE", "PATCH"}


class MotoState:
    """Mirrors moto's S3 objects and Cognito users into `directory`."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.objects_dir = directory / "s3"
        self.objects_dir.mkdir(parents=True, exist_ok=True)
        self.index_file = directory / "s3-index.json"
        self.users_file = directory / "cognito-users.json"
        self._index: dict[str, dict[str, Any]] = self._load(self.index_file, {})
        self._users_json = self.users_file.read_text() if self.users_file.exists() else ""
        self._lock = threading.Lock()
        # Off until `restore` has put the saved state back: saving an empty moto would erase it.
        self.saving = False

    @staticmethod
    def _load(path: Path, default: Any) -> Any:
        return json.loads(path.read_text()) if path.exists() else default

    # --- saving ---------------------------------------------------------------------------
    def save(self) -> None:
        with self._lock:
            try:
                _stamp_sent_mail()
                if self.saving:
                    self._save_objects()
                    self._save_users()
            except Exception:  # the server must keep serving whatever happens here
                logging.getLogger(__name__).exception("could not save the local AWS state")

    def _save_objects(self) -> None:
        from moto.s3.models import s3_backends

        backend = s3_backends[ACCOUNT]["aws"]
        seen: dict[str, dict[str, Any]] = {}
        for bucket_name, bucket in list(backend.buckets.items()):
            for key_name, key in list(bucket.keys.items()):
                if key is None or getattr(key, "disposed", False):
                    continue
                entry_id = f"{bucket_name}/{key_name}"
                entry = {
                    "bucket": bucket_name,
                    "key": key_name,
                    "etag": key.etag,
                    # moto keeps Content-Type and the x-amz-meta-* headers together here.
                    "metadata": dict(key.metadata),
                    "file": hashlib.sha256(entry_id.encode()).hexdigest(),
                }
                seen[entry_id] = entry
                if self._index.get(entry_id, {}).get("etag") != key.etag:
                    (self.objects_dir / entry["file"]).write_bytes(key.value)
        for gone in set(self._index) - set(seen):
            (self.objects_dir / self._index[gone]["file"]).unlink(missing_ok=True)
        if seen != self._index:
            self._index = seen
            _write_atomically(self.index_file, json.dumps(seen, indent=1))

    def _save_users(self) -> None:
        from moto.cognitoidp.models import cognitoidp_backends

        backend = cognitoidp_backends[ACCOUNT][REGION]
        pools = {}
        for pool in backend.user_pools.values():
            membership: dict[str, list[str]] = {}
            for group in pool.groups.values():
                for user in group.users:
                    membership.setdefault(user.username, []).append(group.group_name)
            pools[pool.name] = [
                {
                    "username": user.username,
                    "password": user.password,
                    "attributes": [
                        attribute for attribute in user.attributes if attribute["Name"] != "sub"
                    ],
                    "groups": sorted(membership.get(user.username, [])),
                }
                for user in pool.users.values()
            ]
        encoded = json.dumps(pools, indent=1, sort_keys=True)
        if encoded != self._users_json:
            self._users_json = encoded
            _write_atomically(self.users_file, encoded)

    def secret_value(self, name: str) -> str:
        """A secret's value, made once and kept (a new signing key would sign everyone out)."""
        path = self.directory / "secrets.json"
        values: dict[str, str] = self._load(path, {})
        if name not in values:
            values[name] = secrets.token_urlsafe(48)
            _write_atomically(path, json.dumps(values))
            path.chmod(0o600)
        return values[name]

    # --- restoring ------------------------------------------------------------------------
    def restore_objects(self, s3: Any) -> None:
        for entry in self._index.values():
            path = self.objects_dir / entry["file"]
            if not path.exists():
                continue
            headers = {name.lower(): value for name, value in entry["metadata"].items()}
            s3.put_object(
                Bucket=entry["bucket"],
                Key=entry["key"],
                Body=path.read_bytes(),
                ContentType=headers.get("content-type", "binary/octet-stream"),
                Metadata={
                    name.removeprefix("x-amz-meta-"): value
                    for name, value in headers.items()
                    if name.startswith("x-amz-meta-")
                },
            )

    def saved_users(self, pool_name: str) -> list[dict[str, Any]]:
        pools: dict[str, list[dict[str, Any]]] = json.loads(self._users_json or "{}")
        return pools.get(pool_name, [])


def _stamp_sent_mail() -> None:
    """moto does not note when a message was sent; the outbox of API.md shows it."""
    from moto.ses.models import ses_backends

    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    for message in ses_backends[ACCOUNT][REGION].sent_messages:
        if getattr(message, "sent_at", None) is None:
            message.sent_at = now


def _write_atomically(path: Path, text: str) -> None:
    temporary = path.with_suffix(".tmp")
    temporary.write_text(text)
    temporary.replace(path)


class PersistentMotoServer:
    """moto's threaded server, saving its state after each request that may change it."""

    def __init__(self, host: str, port: int, state: MotoState) -> None:
        self.host = host
        self.port = port
        self.state = state
        self._server: BaseWSGIServer | None = None
        self._thread: threading.Thread | None = None

    def _app(self) -> Any:
        moto_app = DomainDispatcherApplication(create_backend_app)
        state = self.state

        def app(environ: dict[str, Any], start_response: Any) -> Any:
            body = moto_app(environ, start_response)
            if environ.get("REQUEST_METHOD") in _MUTATING and not environ.get(
                "PATH_INFO", ""
            ).startswith("/moto-api"):
                body = list(body)
                state.save()
            return body

        return app

    def start(self, wait_for_port: float = 10.0) -> None:
        """Serves on `port`; a port a server just gave up may take a moment to be free again
        (a restart on the same port), so binding is retried for `wait_for_port` seconds."""
        logging.getLogger("werkzeug").setLevel(logging.WARNING)
        deadline = time.monotonic() + wait_for_port
        while True:
            try:
                # werkzeug exits (SystemExit) when the port is taken.
                self._server = make_server(
                    self.host, self.port, self._app(), threaded=True,
                    request_handler=MotoRequestHandler,
                )  # fmt: skip
                break
            except (OSError, SystemExit):
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        # Nothing to save here: every request that changed something was saved as it ended.
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
