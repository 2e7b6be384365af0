"""Helpers to drive the API in-process (chalice.test.Client) like the web page does."""

from __future__ import annotations

import io
import json
import re
import urllib.request
import uuid
import zipfile
from typing import Any

from chalice.test import Client

from chalicelib.adapters.mail import read_local_outbox

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000") + b"\x00" * 64
EXE = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"
    + b"\x00" * 48
    + b"PE\x00\x00"
    + b"\x00" * 64
)


def docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships/>')
        archive.writestr("word/document.xml", '<?xml version="1.0"?><w:document/>')
    return buffer.getvalue()


def zip_file() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("fotos/leia-me.txt", "nada aqui")
    return buffer.getvalue()


class Api:
    def __init__(self, client: Client, moto_endpoint: str) -> None:
        self.client = client
        self.moto_endpoint = moto_endpoint

    def call(self, method: str, path: str, body: Any = None, token: str | None = None) -> Any:
        headers = {"Content-Type": "application/json"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        data = json.dumps(body).encode() if body is not None else b""
        return getattr(self.client.http, method.lower())(path, body=data, headers=headers)

    def last_code(self, email: str) -> str:
        messages = [m for m in read_local_outbox(self.moto_endpoint) if email in m["to"]]
        found = re.search(r"\b(\d{6})\b", messages[-1]["text"])
        assert found, messages[-1]["text"]
        return found.group(1)

    def sign_in(self, document: str, email: str) -> str:
        answer = self.call("POST", "/auth/code", {"document": document})
        assert answer.status_code == 202, answer.body
        session = self.call(
            "POST", "/auth/session", {"document": document, "code": self.last_code(email)}
        )
        assert session.status_code == 200, session.body
        return str(session.json_body["token"])

    def staff_sign_in(self, username: str, password: str = "Senha-Forte-2026") -> str:
        answer = self.call("POST", "/staff/session", {"username": username, "password": password})
        assert answer.status_code == 200, answer.body
        return str(answer.json_body["token"])

    def upload(
        self,
        token: str,
        content: bytes,
        kind: str = "proof_of_address",
        filename: str = "comprovante.pdf",
        content_type: str = "application/pdf",
    ) -> str:
        grant = self.call(
            "POST",
            "/me/uploads",
            {
                "filename": filename,
                "content_type": content_type,
                "size": len(content),
                "kind": kind,
            },
            token,
        )
        assert grant.status_code == 201, grant.body
        post_form(grant.json_body["url"], grant.json_body["fields"], content, filename)
        return str(grant.json_body["upload_id"])


def post_form(url: str, fields: dict[str, str], content: bytes, filename: str) -> int:
    """What the browser does with a presigned POST: multipart, fields first, the file last."""
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        )
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
        f"Content-Type: application/octet-stream\r\n\r\n".encode()
        + content
        + f"\r\n--{boundary}--\r\n".encode()
    )
    request = urllib.request.Request(
        url, data=b"".join(parts), method="POST",
        headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
    )  # fmt: skip
    with urllib.request.urlopen(request, timeout=30) as answer:
        return int(answer.status)
