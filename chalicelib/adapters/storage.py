"""The attachments bucket (S3): presigned uploads straight from the browser, and reads to check them."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from chalicelib.services.ports import StoredObject


class S3Storage:
    def __init__(self, client: Any, bucket: str) -> None:
        self._client = client
        self._bucket = bucket

    def presigned_post(
        self, key: str, content_type: str, metadata: dict[str, str], max_bytes: int, expires_in: int
    ) -> tuple[str, dict[str, str]]:
        """A POST bound to one key, one content type, these metadata and 1 byte to `max_bytes`."""
        fields = {"Content-Type": content_type} | {
            f"x-amz-meta-{name}": value for name, value in metadata.items()
        }
        conditions: list[Any] = [{name: value} for name, value in fields.items()]
        conditions.append(["content-length-range", 1, max_bytes])
        answer = self._client.generate_presigned_post(
            Bucket=self._bucket, Key=key, Fields=fields, Conditions=conditions, ExpiresIn=expires_in
        )
        return str(answer["url"]), dict(answer["fields"])

    def head(self, key: str) -> StoredObject | None:
        try:
            answer = self._client.head_object(Bucket=self._bucket, Key=key)
        except self._client.exceptions.ClientError as error:
            if error.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
                return None
            raise
        return StoredObject(int(answer["ContentLength"]), dict(answer.get("Metadata", {})))

    def first_bytes(self, key: str, count: int) -> bytes:
        answer = self._client.get_object(Bucket=self._bucket, Key=key, Range=f"bytes=0-{count - 1}")
        data: bytes = answer["Body"].read()
        return data

    def delete(self, key: str) -> None:
        self._client.delete_object(Bucket=self._bucket, Key=key)

    def download_url(self, key: str, filename: str, content_type: str, expires_in: int) -> str:
        """A GET that works `expires_in` seconds, shown inline (PDF and images) with its name."""
        disposition = f"inline; filename*=UTF-8''{quote(filename)}"
        return str(
            self._client.generate_presigned_url(
                "get_object",
                Params={
                    "Bucket": self._bucket,
                    "Key": key,
                    "ResponseContentDisposition": disposition,
                    "ResponseContentType": content_type,
                },
                ExpiresIn=expires_in,
            )
        )
