"""The attachments bucket (S3): presigned uploads straight from the browser, and reads to check them.

Every upload is stored tagged `recadastro-state=pending`: the presigned POST carries the tag set
(the `tagging` field, bound by the policy). The bucket's lifecycle (`infra/recadastro_infra/storage.py`)
expires pending objects after two days, so what is uploaded but never attached goes away by
itself; attaching an upload to a request removes its tags (`keep`), and the proof stays.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

from chalicelib.services.ports import StoredObject

PENDING_TAG_KEY = "recadastro-state"
PENDING_TAG_VALUE = "pending"
# The POST form field `tagging` is the XML tag set of PutObjectTagging.
PENDING_TAGGING = (
    f"<Tagging><TagSet><Tag><Key>{PENDING_TAG_KEY}</Key><Value>{PENDING_TAG_VALUE}</Value></Tag>"
    "</TagSet></Tagging>"
)
_MISSING = ("404", "NoSuchKey", "NotFound")
# Large enough that a 20 MiB file is a score of reads, small enough to weigh nothing in memory.
CHUNK_BYTES = 1024 * 1024


class S3Storage:
    def __init__(self, client: Any, bucket: str) -> None:
        self._client = client
        self._bucket = bucket

    def presigned_post(
        self, key: str, content_type: str, metadata: dict[str, str], max_bytes: int, expires_in: int
    ) -> tuple[str, dict[str, str]]:
        """A POST bound to one key, one content type, these metadata and 1 byte to `max_bytes`;
        what it stores is tagged pending until `keep`."""
        fields = {"Content-Type": content_type, "tagging": PENDING_TAGGING} | {
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
            if error.response.get("Error", {}).get("Code") in _MISSING:
                return None
            raise
        return StoredObject(int(answer["ContentLength"]), dict(answer.get("Metadata", {})))

    def keep(self, key: str) -> bool:
        """Drops the object's tags (only the pending one is ever set), so the lifecycle leaves it
        alone; False if the object is not there. Untagged objects answer the same: one kept
        before, or stored where the POST's tags are not honoured (moto)."""
        try:
            self._client.delete_object_tagging(Bucket=self._bucket, Key=key)
        except self._client.exceptions.ClientError as error:
            if error.response.get("Error", {}).get("Code") in _MISSING:
                return False
            raise
        return True

    def first_bytes(self, key: str, count: int) -> bytes:
        return self._ranged(key, f"bytes=0-{count - 1}")

    def bytes_from(self, key: str, start: int) -> Iterator[bytes]:
        """Streamed, so memory holds one chunk; the connection is closed if the reader stops
        early (a check that found its answer)."""
        answer = self._client.get_object(Bucket=self._bucket, Key=key, Range=f"bytes={start}-")
        body = answer["Body"]
        try:
            yield from body.iter_chunks(CHUNK_BYTES)
        finally:
            body.close()

    def last_bytes(self, key: str, count: int) -> bytes:
        return self._ranged(key, f"bytes=-{count}")

    def _ranged(self, key: str, byte_range: str) -> bytes:
        answer = self._client.get_object(Bucket=self._bucket, Key=key, Range=byte_range)
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
