"""Benchmark: latency of a professional's routes on the local stack; prints p50/p95/max per route.

    .venv/bin/python -m bench.api_latency [--requests N]

It starts its own local stack (what `make run` starts) on free ports with a throw-away state
directory, so `make run` may be up meanwhile. It signs the first demo professional in with the
code from the outbox and declares "no change" once, so their lists are not empty. Then it times
N sequential calls (default 200) over HTTP, one connection each, of:

- `GET /me`, each right after a raw DynamoDB `GetItem` of the same item (boto3 straight at the
  stack's DynamoDB Local, a strongly consistent read as the app's): so both see the same moment
  of a busy machine, and each route's p95 is printed as a ratio to the raw read's (target:
  `GET /me` at most 3x)
- `GET /me/requests` (the first page)
- `POST /me/requests`, each a "no change" declaration with a PDF uploaded just before it: only
  the `POST /me/requests` call is timed, not the upload
- `GET /protocols/{p}` without a token: lookups are rate-limited to 30 a minute per client IP,
  so at most 25 of them are timed

The figures are of Chalice's local server, DynamoDB Local and moto on this machine, with the
stack's stream pump working in the same process: compare runs with each other, not with AWS.
The ratios compare within one run, so they hold up better than the milliseconds on a noisy
machine. Exit status 1 if `GET /me` misses its target."""

from __future__ import annotations

import argparse
import math
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from chalicelib import dependencies  # noqa: E402
from local.client import json_call  # noqa: E402
from local.demo import registry_rows  # noqa: E402
from local.stack import stage_environment  # noqa: E402
from tests.e2e.conftest import LocalStack  # noqa: E402
from tests.integration.api import PDF, post_form  # noqa: E402

# Below the 30 a minute the API allows one client IP, so none is refused during the run.
PROTOCOL_LOOKUPS_MAX = 25
RAW_READ = "GetItem (raw)"
TARGET_ME_RATIO = 3.0
T = TypeVar("T")


class UnexpectedAnswer(Exception):
    """The API answered something other than what the timed call expects: the figures would lie."""


def call(
    method: str, url: str, body: Any = None, token: str | None = None, expected: int = 200
) -> Any:
    status, answer = json_call(method, url, body, token)
    if status != expected:
        raise UnexpectedAnswer(f"{method} {url}: {status} {str(answer)[:500]}")
    return answer


def first_professional() -> dict[str, str]:
    return next(registry_rows(1, dependencies.council()))


def sign_in(stack: LocalStack) -> str:
    professional = first_professional()
    document, email = professional["document"], professional["email"]
    call("POST", stack.api("/auth/code"), {"document": document}, expected=202)
    outbox = call("GET", stack.api("/_dev/outbox"))
    found = re.search(r"\b(\d{6})\b", [m["text"] for m in outbox if email in m["to"]][-1])
    if found is None:
        raise UnexpectedAnswer("no sign-in code in the outbox")
    session = call(
        "POST", stack.api("/auth/session"), {"document": document, "code": found.group(1)}
    )
    return str(session["token"])


def upload_pdf(stack: LocalStack, token: str) -> str:
    grant = call(
        "POST",
        stack.api("/me/uploads"),
        {
            "filename": "comprovante.pdf",
            "content_type": "application/pdf",
            "size": len(PDF),
            "kind": "proof_of_address",
        },
        token,
        expected=201,
    )
    post_form(grant["url"], grant["fields"], PDF, "comprovante.pdf")
    return str(grant["upload_id"])


def declare_no_change(stack: LocalStack, token: str, upload_id: str) -> str:
    body = {"kind": "no_change", "upload_ids": [upload_id]}
    created = call("POST", stack.api("/me/requests"), body, token, expected=201)
    return str(created["protocol"])


def wait_for_card_order(stack: LocalStack, token: str, timeout: float = 60) -> None:
    """The declaration makes the pump order a card, which writes the professional: a submission
    racing that write would get a 409 (the record changed since it was read), so the timed
    calls start once the order is done and the record stays still."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        card = call("GET", stack.api("/me"), token=token).get("card")
        if card and card.get("enrollment_url"):
            return
        time.sleep(0.5)
    raise UnexpectedAnswer(f"no card ordered within {timeout:.0f} s of the declaration")


def timed(action: Callable[[], T]) -> tuple[float, T]:
    """(milliseconds, result) of one call of `action`."""
    started = time.perf_counter()
    result = action()
    return (time.perf_counter() - started) * 1000, result


def raw_read(stack: LocalStack) -> Callable[[], object]:
    """The item `GET /me` reads, read as the app reads it, with nothing else around it."""
    dynamodb = stack.client("dynamodb", "DYNAMODB_PORT")
    table = stage_environment("local")["PROFESSIONALS_TABLE_NAME"]
    key = {"document": {"S": first_professional()["document"]}}
    read = partial(dynamodb.get_item, TableName=table, Key=key, ConsistentRead=True)
    if "Item" not in read():  # also opens the connection, as the app's is already open
        raise UnexpectedAnswer(f"no item {key} in {table}")
    return read


def measure_me(stack: LocalStack, token: str, count: int) -> dict[str, list[float]]:
    """The raw read and `GET /me` taken in turns, so both see the same moments of the machine."""
    me = partial(call, "GET", stack.api("/me"), token=token)
    read = raw_read(stack)
    timings: dict[str, list[float]] = {RAW_READ: [], "GET /me": []}
    for _ in range(count):
        timings[RAW_READ].append(timed(read)[0])
        timings["GET /me"].append(timed(me)[0])
    return timings


def measure(stack: LocalStack, token: str, count: int) -> dict[str, list[float]]:
    my_requests = partial(call, "GET", stack.api("/me/requests"), token=token)
    timings = measure_me(stack, token, count)
    timings["GET /me/requests"] = [timed(my_requests)[0] for _ in range(count)]
    timings["POST /me/requests"] = []
    protocols = []
    for _ in range(count):
        upload_id = upload_pdf(stack, token)
        elapsed, protocol = timed(partial(declare_no_change, stack, token, upload_id))
        timings["POST /me/requests"].append(elapsed)
        protocols.append(protocol)
    timings["GET /protocols/{p}"] = [
        timed(partial(call, "GET", stack.api(f"/protocols/{protocol}")))[0]
        for protocol in protocols[:PROTOCOL_LOOKUPS_MAX]
    ]
    return timings


def percentile(values: list[float], fraction: float) -> float:
    """Nearest rank: always a value that was measured."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def print_table(timings: dict[str, list[float]]) -> None:
    raw_p95 = percentile(timings[RAW_READ], 0.95)
    print(f"{'route':<22}{'calls':>7}{'p50 ms':>10}{'p95 ms':>10}{'max ms':>10}{'p95/raw':>10}")
    for route, values in timings.items():
        print(
            f"{route:<22}{len(values):>7}{statistics.median(values):>10.1f}"
            f"{percentile(values, 0.95):>10.1f}{max(values):>10.1f}"
            f"{percentile(values, 0.95) / raw_p95:>9.1f}x"
        )


def me_ratio(timings: dict[str, list[float]]) -> float:
    return percentile(timings["GET /me"], 0.95) / percentile(timings[RAW_READ], 0.95)


def main() -> int:
    options = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    options.add_argument("--requests", type=int, default=200, metavar="N")
    arguments = options.parse_args()
    if arguments.requests < 1:
        options.error("--requests must be at least 1")

    with tempfile.TemporaryDirectory(prefix="bench-api-") as scratch:
        work = Path(scratch)
        stack = LocalStack(work / "state", work / "stack.log")
        started = time.perf_counter()
        stack.start()
        start_seconds = time.perf_counter() - started
        try:
            token = sign_in(stack)
            declare_no_change(stack, token, upload_pdf(stack, token))
            wait_for_card_order(stack, token)
            timings = measure(stack, token, arguments.requests)
        finally:
            stack.stop()

    print(f"local stack            started in {start_seconds:.1f} s")
    print(f"calls                  {arguments.requests} sequential per route, one connection each")
    print()
    print_table(timings)
    print()
    print(f"{RAW_READ}: boto3 straight at DynamoDB Local, the item GET /me reads.")
    print("POST /me/requests: only the call itself is timed, not the upload before it.")
    print(
        f"GET /protocols/{{p}}: at most {PROTOCOL_LOOKUPS_MAX} calls, as lookups are rate-limited "
        "to 30 a minute per client IP."
    )
    ratio = me_ratio(timings)
    verdict = "met" if ratio <= TARGET_ME_RATIO else "MISSED"
    print(
        f"GET /me p95 is {ratio:.1f}x the raw GetItem's "
        f"(target: at most {TARGET_ME_RATIO:.0f}x): {verdict}"
    )
    return 0 if ratio <= TARGET_ME_RATIO else 1


if __name__ == "__main__":
    sys.exit(main())
