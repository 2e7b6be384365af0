"""moto server for the local stack, with what moto cannot do by itself: keep state, and note
when each e-mail was sent.

moto holds everything in memory. After every request that may change something, this copies
what must survive a restart to the state directory: S3 objects (each a file of its content and
one of its name and metadata, written when they change) and the staff user pool's users with
their groups. At start, `restore_objects` and `saved_users` put them back through the ordinary
APIs. Sent e-mail, queues and tokens are not kept: nothing needs them.

A request is saved before it is answered, so what moto acknowledged survives a SIGKILL. Only
what that request can have changed is looked at, so the work does not grow with the number of
objects: all of them were once compared and an index of all rewritten after every upload, every
e-mail sent and every secret read, under one lock, and under a crowd each request waited for
everyone's. `GET /_local/outbox` lists the sent e-mail without the reflection over every moto
model that `GET /moto-api/data.json` does."""

from __future__ import annotations

import hashlib
import io
import json
import logging
import re
import secrets
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from moto.moto_server.werkzeug_app import (
    DomainDispatcherApplication,
    MotoRequestHandler,
    create_backend_app,
)
from werkzeug.serving import BaseWSGIServer, make_server

ACCOUNT = "123456789012"
REGION = "us-east-1"
_MUTATING = {"POST", "PUT", "DELETE", "PATCH"}
_COGNITO_TARGET = "AWSCognitoIdentityProviderService."
# The `key` field of a browser's POST upload, which S3 wants before the file.
_FORM_KEY = re.compile(rb'name="key"\r\n\r\n([^\r]*)\r\n')


@dataclass(frozen=True)
class Touched:
    """What one request to moto can have changed. `objects` None: S3 objects not known by
    name (a bucket-wide call), so every object is compared."""

    objects: tuple[tuple[str, str], ...] | None = ()
    users: bool = False


class MotoState:
    """Mirrors moto's S3 objects and Cognito users into `directory`."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.objects_dir = directory / "s3"
        self.objects_dir.mkdir(parents=True, exist_ok=True)
        self.users_file = directory / "cognito-users.json"
        _migrate_index(directory / "s3-index.json", self.objects_dir)
        self._etags: dict[str, str] = {
            f"{entry['bucket']}/{entry['key']}": entry["etag"] for entry in self._entries()
        }
        self._users_json = self.users_file.read_text() if self.users_file.exists() else ""
        self._stamped = 0
        self._lock = threading.Lock()
        # Off until `restore` has put the saved state back: saving an empty moto would erase it.
        self.saving = False

    @staticmethod
    def _load(path: Path, default: Any) -> Any:
        return json.loads(path.read_text()) if path.exists() else default

    def _entries(self) -> list[dict[str, Any]]:
        return [json.loads(path.read_text()) for path in self.objects_dir.glob("*.json")]

    # --- saving ---------------------------------------------------------------------------
    def start_saving(self) -> None:
        """Once what was kept is back in moto: from now on every change is kept."""
        self.saving = True
        self.save()

    def save(self, touched: Touched | None = None) -> None:
        """Saves what `touched` names; everything when it is None (at start)."""
        touched = touched or Touched(objects=None, users=True)
        with self._lock:
            try:
                self._stamp_sent_mail()
                if self.saving:
                    self._save_objects(touched.objects)
                    if touched.users:
                        self._save_users()
            except Exception:  # the server must keep serving whatever happens here
                logging.getLogger(__name__).exception("could not save the local AWS state")

    def _save_objects(self, names: tuple[tuple[str, str], ...] | None) -> None:
        from moto.s3.models import s3_backends

        buckets = s3_backends[ACCOUNT]["aws"].buckets
        found = {
            (bucket_name, key_name): buckets[bucket_name].keys.get(key_name)
            if bucket_name in buckets
            else None
            for bucket_name, key_name in names or ()
        }
        # A name neither in moto nor kept: a call that failed, or a name read otherwise than
        # moto reads it. Comparing everything is right either way.
        if names is None or any(
            key is None and f"{bucket_name}/{key_name}" not in self._etags
            for (bucket_name, key_name), key in found.items()
        ):
            found = {
                (bucket_name, key_name): key
                for bucket_name, bucket in list(buckets.items())
                for key_name, key in list(bucket.keys.items())
            }
            found |= {name: None for name in map(_bucket_and_key, self._etags) if name not in found}
        for (bucket_name, key_name), key in found.items():
            self._save_object(bucket_name, key_name, key)

    def _save_object(self, bucket_name: str, key_name: str, key: Any) -> None:
        """The object's content first, then its entry: an entry always names a whole file."""
        entry_id = f"{bucket_name}/{key_name}"
        path = object_file(self.objects_dir, bucket_name, key_name)
        if key is None or getattr(key, "disposed", False):
            if self._etags.pop(entry_id, None) is not None:
                path.with_suffix(".json").unlink(missing_ok=True)
                path.unlink(missing_ok=True)
            return
        if self._etags.get(entry_id) == key.etag:
            return
        _write_atomically(path, key.value)
        # moto keeps Content-Type and the x-amz-meta-* headers together in `metadata`.
        entry = {
            "bucket": bucket_name,
            "key": key_name,
            "etag": key.etag,
            "metadata": dict(key.metadata),
        }
        _write_atomically(path.with_suffix(".json"), json.dumps(entry).encode())
        self._etags[entry_id] = key.etag

    def _stamp_sent_mail(self) -> None:
        """moto does not note when a message was sent; the outbox of API.md shows it. Only the
        messages sent since the last request are new."""
        sent = _sent_messages()
        if len(sent) < self._stamped:  # moto was reset
            self._stamped = 0
        now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        for message in sent[self._stamped :]:
            if getattr(message, "sent_at", None) is None:
                message.sent_at = now
        self._stamped = len(sent)

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
            _write_atomically(self.users_file, encoded.encode())

    def secret_value(self, name: str) -> str:
        """A secret's value, made once and kept (a new signing key would sign everyone out)."""
        path = self.directory / "secrets.json"
        values: dict[str, str] = self._load(path, {})
        if name not in values:
            values[name] = secrets.token_urlsafe(48)
            _write_atomically(path, json.dumps(values).encode())
            path.chmod(0o600)
        return values[name]

    # --- restoring ------------------------------------------------------------------------
    def restore_objects(self, s3: Any) -> None:
        for entry in self._entries():
            path = object_file(self.objects_dir, entry["bucket"], entry["key"])
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


def _bucket_and_key(entry_id: str) -> tuple[str, str]:
    bucket, _, key = entry_id.partition("/")
    return bucket, key


def object_file(objects_dir: Path, bucket: str, key: str) -> Path:
    """Where an object's content lies; its name and metadata lie beside it, in `.json`."""
    return objects_dir / hashlib.sha256(f"{bucket}/{key}".encode()).hexdigest()


def _sent_messages() -> list[Any]:
    from moto.ses.models import ses_backends

    return list(ses_backends[ACCOUNT][REGION].sent_messages)


def outbox(recipient: str | None) -> list[dict[str, Any]]:
    """The e-mails sent, oldest first, in the shape of API.md's `/_dev/outbox`; only those to
    `recipient` when given."""
    return [
        {
            "to": message.destinations.get("ToAddresses", []),
            "subject": message.subject,
            "text": message.body,
            "sent_at": getattr(message, "sent_at", None),
        }
        for message in _sent_messages()
        if hasattr(message, "body")
        and (recipient is None or recipient in message.destinations.get("ToAddresses", []))
    ]


def _migrate_index(index_file: Path, objects_dir: Path) -> None:
    """A state directory of before the entries were files of their own: one index of all."""
    if not index_file.exists():
        return
    for entry in json.loads(index_file.read_text()).values():
        if (objects_dir / entry["file"]).exists():
            entry = {name: entry[name] for name in ("bucket", "key", "etag", "metadata")}
            sidecar = object_file(objects_dir, entry["bucket"], entry["key"]).with_suffix(".json")
            _write_atomically(sidecar, json.dumps(entry).encode())
    index_file.unlink()


def touched_by(environ: dict[str, Any]) -> Touched | None:
    """What a request can change, from its method, path and (for a browser's POST upload) its
    form; None when it can change nothing that is kept. Reads the form's body and puts it back."""
    path = environ.get("PATH_INFO", "") or "/"
    if environ.get("REQUEST_METHOD") not in _MUTATING or path.startswith("/moto-api"):
        return None
    if path == "/":  # the JSON and query protocols: Cognito, SES, Secrets Manager, SQS
        target = environ.get("HTTP_X_AMZ_TARGET", "")
        return Touched(users=target.startswith(_COGNITO_TARGET))
    # WSGI hands the path over as latin-1 text of its bytes; S3 names are UTF-8.
    bucket, _, key = path.encode("latin-1").decode("utf-8", "replace").lstrip("/").partition("/")
    if key:
        return Touched(objects=((bucket, key),))
    if "delete" in parse_qs(environ.get("QUERY_STRING", ""), keep_blank_values=True):
        return Touched(objects=None)
    if environ.get("CONTENT_TYPE", "").startswith("multipart/form-data"):
        form_key = _form_key(environ)
        if form_key and "${filename}" not in form_key:
            return Touched(objects=((bucket, form_key),))
    return Touched(objects=None)


def _form_key(environ: dict[str, Any]) -> str | None:
    length = int(environ.get("CONTENT_LENGTH") or 0)
    body = environ["wsgi.input"].read(length) if length else b""
    environ["wsgi.input"] = io.BytesIO(body)
    found = _FORM_KEY.search(body.split(b'name="file"', 1)[0])
    return found.group(1).decode() if found else None


def _write_atomically(path: Path, data: bytes) -> None:
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_bytes(data)
    temporary.replace(path)


def _serve_outbox(environ: dict[str, Any], start_response: Any) -> list[bytes]:
    recipient = parse_qs(environ.get("QUERY_STRING", "")).get("to", [None])[0]
    body = json.dumps(outbox(recipient)).encode()
    start_response(
        "200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))]
    )
    return [body]


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
            if environ.get("PATH_INFO") == "/_local/outbox":
                return _serve_outbox(environ, start_response)
            if environ.get("PATH_INFO") == "/_local/start-saving":
                state.start_saving()
                start_response("204 No Content", [])
                return []
            touched = touched_by(environ)
            body = moto_app(environ, start_response)
            if touched is not None:
                body = list(body)
                state.save(touched)
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
