"""The card vendor's HTTP API (API.md, "Card vendor"): one call, `PUT /v1/cardholders/{document}`.

Timeouts on connecting and reading; retries with exponential backoff and full jitter on 5xx
answers, timeouts and broken connections only, each with the same Idempotency-Key (the order
id), so a retry of a call whose answer was lost creates nothing new at the vendor."""

from __future__ import annotations

import json
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import urllib3

from chalicelib.services.ports import VendorError


@dataclass(frozen=True)
class RetryPolicy:
    """How long a call may take and how often it is tried: `attempts` in all, waiting up to
    `backoff` seconds before the second, doubling each time, never more than `max_backoff`."""

    attempts: int = 4
    connect_timeout: float = 3.0
    read_timeout: float = 10.0
    backoff: float = 0.5
    max_backoff: float = 8.0

    def ceiling(self, attempt: int) -> float:
        """The longest wait before try number `attempt` (1 is the first retry)."""
        return min(self.max_backoff, self.backoff * 2 ** (attempt - 1))


class HttpVendor:
    def __init__(
        self,
        base_url: str,
        api_key: Callable[[], bytes],
        retry: RetryPolicy = RetryPolicy(),  # frozen: one shared default is safe
        *,
        sleep: Callable[[float], None] = time.sleep,
        jitter: Callable[[float, float], float] = random.uniform,
    ) -> None:
        self._base_url = base_url.rstrip("/")
        self._api_key = api_key
        self._retry = retry
        self._timeout = urllib3.Timeout(connect=retry.connect_timeout, read=retry.read_timeout)
        self._sleep = sleep
        self._jitter = jitter
        self._pool = urllib3.PoolManager(retries=False)

    def order_card(self, document: str, order_id: str, card: dict[str, Any]) -> dict[str, Any]:
        """The vendor's answer `{"cardholder_id", "enrollment_url", "status"}`; VendorError
        (transient or not) when it cannot be had."""
        body = json.dumps(card, ensure_ascii=False).encode()
        headers = {
            "Authorization": f"Bearer {self._api_key().decode()}",
            "Idempotency-Key": order_id,
            "Content-Type": "application/json",
        }
        url = f"{self._base_url}/v1/cardholders/{document}"
        error = VendorError("no attempt made", transient=True)
        for attempt in range(self._retry.attempts):
            if attempt:
                self._sleep(self._jitter(0, self._retry.ceiling(attempt)))
            try:
                response = self._pool.request(
                    "PUT", url, body=body, headers=headers, timeout=self._timeout
                )
            except urllib3.exceptions.HTTPError as failure:  # timeouts, refused, reset
                error = VendorError(f"{type(failure).__name__}: {failure}", transient=True)
                continue
            if response.status >= 500:
                error = VendorError(f"HTTP {response.status}: {_excerpt(response.data)}", True)
                continue
            if response.status >= 400:
                # Not retried here. A 429 is still worth the stream's later redelivery; any other
                # 4xx is the order itself being refused, which no retry mends.
                raise VendorError(
                    f"HTTP {response.status}: {_excerpt(response.data)}",
                    transient=response.status == 429,
                )
            return _answer(response.data)
        raise error


def _answer(data: bytes) -> dict[str, Any]:
    try:
        answer = json.loads(data)
    except ValueError as error:
        raise VendorError(f"answer is not JSON: {_excerpt(data)}", transient=True) from error
    if not isinstance(answer, dict) or not all(
        isinstance(answer.get(name), str) for name in ("cardholder_id", "enrollment_url")
    ):
        raise VendorError(f"answer lacks the cardholder: {_excerpt(data)}", transient=True)
    return answer


def _excerpt(data: bytes) -> str:
    return data[:200].decode("utf-8", "replace")
