"""Benchmark: a deadline rush on the local stack; prints requests per second, p50/p95 per route,
errors, requests lost and requests decided twice.

    .venv/bin/python -m bench.load [--seconds S] [--seats N] [--pause P] [--reviewers R]
                                   [--registry M] [--solo K]

It starts its own local stack (what `make run` starts) on free ports with a throw-away state
directory, loads a registry of M demo professionals (default 4,000) and waits for the stream
pump to have counted them. Then, in the same run:

1. **One user**: one professional at a time goes through the journey below, `--solo` times
   (default 60): the submission's p95 with nobody else about.
2. **The rush**: N professionals at once (default 50) for S seconds (default 60), each going
   through the journey again and again as a new person, while R reviewers (default 3, one per
   region) claim and decide from their regions' queues. They arrive over the first 5 seconds.

The journey of a professional: `POST /auth/code`, the code read from their mailbox (the local
SES's sent mail, read from the moto server: a mailbox is not the API's work), `POST
/auth/session`, `GET /me`, `GET /me/requests`, a PDF upload (`POST /me/uploads`, then the
presigned POST to S3), `POST /me/requests`, `GET /me/requests`. Each submission is a legitimate
one: a change of address or phones, or a "no change" declaration when nothing is open; a group
still open from an earlier visit is cancelled first. A reviewer lists the queue, opens the
oldest request nobody else holds, claims it and approves, returns or rejects it.

People pause between steps as people do, P seconds give or take half (default 1): to read
the mail, to read their data and fill the form in, to pick the file, to check before sending;
a reviewer to look at the proof. `--pause 0` makes them robots that never stop, a stress test
that measures how the stack queues, not how a crowd of people is served. The one user does not
pause (their submission is timed alone either way).

Every person comes from a loopback address of their own (127.1.x.y; Linux routes 127.0.0.0/8 to
`lo`), as real people come from many: the API's limits per client address (sign-in codes,
staff sign-ins) stay as they are. The run checks the API saw those addresses (the audit trail
records a reviewer's claim with the caller's address).

Counted apart from errors: the 409s that are the journey's own rules (an open request for the
group, a request decided or claimed meanwhile) and those where the record changed between read
and write (`request_changed`: optimistic locking). At the end, from DynamoDB: submissions
answered 201 that are not in the table (lost) and requests with two decisions in their history
without a resubmission between them (decided twice). Targets: 0 errors, 0 lost, 0 decided
twice, and the submission's p95 in the rush at most 5x its p95 with one user; exit status 1 if
one is missed.

The figures are of Chalice's local server, DynamoDB Local and moto on this machine: compare runs
with each other, not with AWS."""

from __future__ import annotations

import argparse
import itertools
import json
import math
import random
import re
import statistics
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from http.client import HTTPConnection, HTTPException
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from chalicelib import dependencies  # noqa: E402
from local.demo import DEMO_PASSWORD, registry_rows  # noqa: E402
from local.stack import stage_environment  # noqa: E402
from tests.e2e.conftest import LocalStack  # noqa: E402
from tests.integration.api import PDF  # noqa: E402

SUBMIT = "POST /me/requests"
MAILBOX = "GET mailbox (moto)"
# The 409s a journey meets by its own rules, not failures of the system.
RULE_CONFLICTS = frozenset(
    {"open_request_exists", "open_requests_exist", "not_cancellable", "not_in_review",
     "claimed_by_other", "stale_version", "group_locked"}
)  # fmt: skip
RECORD_CHANGED = "request_changed"
DECISIONS = ("approved", "rejected", "returned")
CHANGED_GROUPS = ("address", "phones")
TARGET_SUBMIT_RATIO = 5.0
ARRIVAL_SECONDS = 5.0


@dataclass(frozen=True)
class Person:
    document: str
    email: str
    ip: str


@dataclass
class Tally:
    """Every call's route, time and outcome, from every thread."""

    times: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    outcomes: Counter[tuple[str, str]] = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)
    accepted: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, route: str, milliseconds: float, outcome: str, detail: str = "") -> None:
        with self.lock:
            self.times[route].append(milliseconds)
            self.outcomes[(route, outcome)] += 1
            if outcome == "error" and len(self.failures) < 10:
                self.failures.append(f"{route}: {detail[:300]}")

    def calls(self, route: str) -> int:
        return len(self.times.get(route, []))

    def count(self, outcome: str, routes: Iterable[str] | None = None) -> int:
        return sum(
            number
            for (route, kind), number in self.outcomes.items()
            if kind == outcome and (routes is None or route in routes)
        )


@dataclass(frozen=True)
class Addresses:
    api: str
    # Where the simulated people read their e-mail: the local SES's sent mail, read from the
    # moto server itself (`/_local/outbox?to=`), as a person's mailbox is not the API's work.
    mailbox: str


class Api:
    """HTTP calls from one loopback address, each timed and recorded under its route."""

    def __init__(self, addresses: Addresses, ip: str, tally: Tally, pause: float = 0) -> None:
        self.base = addresses.api
        self.mailbox = addresses.mailbox
        self.ip = ip
        self.tally = tally
        self.pause = pause
        self._rng = random.Random(ip)

    def think(self) -> None:
        """A person between two steps: reads, types, picks a file (half to one and a half
        times `pause`)."""
        if self.pause:
            time.sleep(self.pause * self._rng.uniform(0.5, 1.5))

    def send(self, method: str, url: str, body: bytes | None, headers: dict[str, str]) -> Any:
        parts = urlsplit(url if "://" in url else self.base + url)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        connection = HTTPConnection(
            parts.hostname or "127.0.0.1", parts.port, timeout=120, source_address=(self.ip, 0)
        )
        try:
            connection.request(method, path, body=body, headers=headers)
            answer = connection.getresponse()
            return answer.status, answer.read()
        finally:
            connection.close()

    def call(
        self, route: str, url: str, body: Any = None, token: str | None = None, expected: int = 200
    ) -> Any:
        """The parsed answer when it is `expected`; None otherwise (a 409 of the journey's rules,
        a changed record or an error, each counted as such)."""
        method = route.split(" ", 1)[0]
        headers = {"Content-Type": "application/json"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        data = json.dumps(body).encode() if body is not None else None
        started = time.perf_counter()
        try:
            status, raw = self.send(method, url, data, headers)
        except (OSError, HTTPException) as error:
            status, raw = 0, repr(error).encode()
        elapsed = (time.perf_counter() - started) * 1000
        self.tally.record(route, elapsed, *outcome_of(status, raw, expected))
        return json.loads(raw) if status == expected and raw else None


def outcome_of(status: int, raw: bytes, expected: int) -> tuple[str, str]:
    if status == expected:
        return "ok", ""
    if status == 409:
        try:
            code = json.loads(raw).get("code")
        except ValueError:
            code = None
        if code in RULE_CONFLICTS:
            return "rule", ""
        if code == RECORD_CHANGED:
            return "changed", ""
    return "error", f"{status} {raw[:300]!r}"


def multipart(fields: dict[str, str], content: bytes, filename: str) -> tuple[bytes, str]:
    """What the browser sends with a presigned POST: the fields first, the file last."""
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n".encode()
        + content
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def upload_pdf(api: Api, token: str) -> str | None:
    grant = api.call(
        "POST /me/uploads",
        "/me/uploads",
        {"filename": "comprovante.pdf", "content_type": "application/pdf", "size": len(PDF),
         "kind": "proof_of_address"},
        token,
        expected=201,
    )  # fmt: skip
    if grant is None:
        return None
    body, content_type = multipart(grant["fields"], PDF, "comprovante.pdf")
    started = time.perf_counter()
    try:
        status, raw = api.send("POST", grant["url"], body, {"Content-Type": content_type})
    except (OSError, HTTPException) as error:
        status, raw = 0, repr(error).encode()
    elapsed = (time.perf_counter() - started) * 1000
    outcome = "ok" if 200 <= status < 300 else "error"
    api.tally.record("POST S3 (presigned)", elapsed, outcome, f"{status} {raw[:300]!r}")
    return str(grant["upload_id"]) if outcome == "ok" else None


_CODE = re.compile(r"\b(\d{6})\b")


def sign_in(api: Api, person: Person) -> str | None:
    if (
        api.call("POST /auth/code", "/auth/code", {"document": person.document}, expected=202)
        is None
    ):
        return None
    api.think()  # to the mailbox and back
    outbox = api.call(MAILBOX, f"{api.mailbox}?to={quote(person.email)}") or []
    found = _CODE.search(outbox[-1]["text"]) if outbox else None
    if found is None:
        api.tally.record(MAILBOX, 0, "error", "no code in the person's mailbox")
        return None
    session = api.call(
        "POST /auth/session", "/auth/session", {"document": person.document, "code": found[1]}
    )
    return str(session["token"]) if session else None


def submission(person: Person, visit: int, open_groups: set[str]) -> dict[str, Any]:
    """A legitimate submission for this visit: a declaration when nothing is open (one visit in
    three), otherwise a change of a group that is not open, address and phones in turn. With
    both open the visit cancels the one it changes first."""
    rng = random.Random(f"{person.document}/{visit}")
    if not open_groups and rng.random() < 1 / 3:
        return {"kind": "no_change"}
    preferred = CHANGED_GROUPS[visit % len(CHANGED_GROUPS)]
    free = [group for group in (preferred, *CHANGED_GROUPS) if group not in open_groups]
    group = free[0] if free else preferred
    changes: dict[str, Any] = (
        {"number": str(rng.randint(1, 9999)), "complement": f"apto {rng.randint(1, 999)}"}
        if group == "address"
        else {"phones": [{"type": "celular", "number": f"119{rng.randrange(10**7, 10**8)}"}]}
    )
    return {"kind": "change", "group": group, "changes": changes}


def visit(api: Api, person: Person, number: int) -> None:
    """One visit of the whole journey; stops at the first step that fails."""
    token = sign_in(api, person)
    if token is None or api.call("GET /me", "/me", token=token) is None:
        return
    listed = api.call("GET /me/requests", "/me/requests", token=token)
    if listed is None:
        return
    open_requests = {
        item["group"]: item["id"]
        for item in listed["items"]
        if item["status"] in ("in_review", "returned") and item["group"]
    }
    body = submission(person, number, set(open_requests))
    api.think()  # reads what is on file, fills the form in
    if body.get("group") in open_requests:
        cancel = f"/me/requests/{open_requests[body['group']]}/cancel"
        api.call("POST /me/requests/{id}/cancel", cancel, {}, token)
    api.think()  # picks the proof
    upload_id = upload_pdf(api, token)
    if upload_id is None:
        return
    api.think()  # checks it all before sending
    created = api.call(SUBMIT, "/me/requests", body | {"upload_ids": [upload_id]}, token, 201)
    if created is not None:
        with api.tally.lock:
            api.tally.accepted.append(str(created["protocol"]))
    api.call("GET /me/requests", "/me/requests", token=token)


@dataclass(frozen=True)
class Reviewer:
    username: str
    ip: str


def review_loop(api: Api, reviewer: Reviewer, until: float) -> None:
    """Claims and decides the oldest request of the reviewer's queue nobody else holds."""
    rng = random.Random(reviewer.username)
    credentials = {"username": reviewer.username, "password": DEMO_PASSWORD}
    session = api.call("POST /staff/session", "/staff/session", credentials)
    if session is None:
        return
    while time.monotonic() < until:
        if not review_one(api, reviewer.username, str(session["token"]), rng):
            time.sleep(0.2)


def review_one(api: Api, username: str, token: str, rng: random.Random) -> bool:
    """False when the queue had nothing to take."""
    page = api.call("GET /staff/requests", "/staff/requests?status=in_review&limit=20", token=token)
    free = [
        item for item in (page or {}).get("items", []) if item["assigned_to"] in (None, username)
    ]
    if not free:
        return False
    path = f"/staff/requests/{free[0]['id']}"
    if api.call("GET /staff/requests/{id}", path, token=token) is None:
        return True
    api.think()  # looks at the proof
    claimed = api.call("POST /staff/requests/{id}/claim", f"{path}/claim", {}, token)
    if claimed is None:
        return True
    choice = rng.choices(("approve", "return", "reject"), weights=(8, 1, 1))[0]
    body: dict[str, Any] = {"decision": choice, "version": claimed["version"]}
    if choice != "approve":
        body["reason"] = "O comprovante está ilegível: envie outro, por favor."
    api.call("POST /staff/requests/{id}/decision", f"{path}/decision", body, token)
    return True


def seat(
    addresses: Addresses, people: list[Person], tally: Tally, until: float, pause: float
) -> None:
    """One seat of the rush: person after person, each through the whole journey, until the
    deadline; a person met again comes back for another visit."""
    visits: Counter[str] = Counter()
    for person in itertools.cycle(people):
        if time.monotonic() >= until:
            return
        visits[person.document] += 1
        visit(Api(addresses, person.ip, tally, pause), person, visits[person.document])


@dataclass(frozen=True)
class Crowd:
    seats: int
    seconds: float
    pause: float


def rush(
    addresses: Addresses, people: list[Person], reviewers: list[Reviewer], crowd: Crowd
) -> tuple[Tally, float]:
    """(what every call did, how long the rush took until its last call ended)."""
    tally = Tally()
    started = time.monotonic()
    until = started + crowd.seconds
    threads = [
        threading.Thread(
            target=seat,
            args=(addresses, people[index :: crowd.seats], tally, until, crowd.pause),
        )
        for index in range(crowd.seats)
    ] + [
        threading.Thread(
            target=review_loop,
            args=(Api(addresses, reviewer.ip, tally, crowd.pause), reviewer, until),
        )
        for reviewer in reviewers
    ]
    for thread in threads:
        thread.start()
        # A crowd arrives over a few seconds, not in the same millisecond.
        time.sleep(ARRIVAL_SECONDS / len(threads))
    for thread in threads:
        thread.join()
    return tally, time.monotonic() - started


def loopback_address(block: int, index: int) -> str:
    """A loopback address of its own for each simulated person: 127.<block>.x.y."""
    return f"127.{block}.{index // 250}.{index % 250 + 1}"


def demo_people(registry: int, regions: tuple[str, ...]) -> list[Person]:
    rows = registry_rows(registry, dependencies.council())
    chosen = (row for row in rows if row["region"] in regions)
    return [
        Person(row["document"], row["email"], loopback_address(1, index))
        for index, row in enumerate(chosen)
    ]


def percentile(values: list[float], fraction: float) -> float:
    """Nearest rank: always a value that was measured."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def scan(stack: LocalStack, table_variable: str) -> Iterator[dict[str, Any]]:
    """Every item of one of the stage's tables, straight from DynamoDB Local."""
    client = stack.client("dynamodb", "DYNAMODB_PORT")
    table = stage_environment("local")[table_variable]
    for page in client.get_paginator("scan").paginate(TableName=table, ConsistentRead=True):
        yield from page["Items"]


def decided_twice(history: list[dict[str, Any]]) -> bool:
    """Two decisions with no resubmission between them: one was taken on a stale request."""
    decided = False
    for entry in history:
        if entry["action"] == "resubmitted":
            decided = False
        elif entry["action"] in DECISIONS:
            if decided:
                return True
            decided = True
    return False


@dataclass(frozen=True)
class Outcome:
    lost: int
    decided_twice: int
    requests: int
    claim_addresses: frozenset[str]


def check_tables(stack: LocalStack, accepted: list[str]) -> Outcome:
    """What DynamoDB holds at the end: every 201 there, no request decided twice, and the
    addresses the API recorded for the reviewers' claims."""
    stored: dict[str, list[dict[str, Any]]] = {
        item["id"]["S"]: json.loads(item["history"]["S"]) if "history" in item else []
        for item in scan(stack, "REQUESTS_TABLE_NAME")
    }
    addresses = frozenset(
        item["ip"]["S"]
        for item in scan(stack, "SUBJECT_LOG_TABLE_NAME")
        if item["kind_at_id"]["S"].startswith("audit#")
        and item["action"]["S"] == "request_claimed"
        and "ip" in item
    )
    return Outcome(
        lost=sum(1 for protocol in accepted if protocol not in stored),
        decided_twice=sum(1 for history in stored.values() if decided_twice(history)),
        requests=len(stored),
        claim_addresses=addresses,
    )


def load_registry(stack: LocalStack, registry: int, admin: Api) -> float:
    """Loads `registry` demo professionals and waits until the pump has counted them all, so the
    rush does not share the machine with the import's stream records. Seconds it took."""
    started = time.monotonic()
    done = stack.manage("seed-demo", "--professionals", str(registry))
    if done.returncode != 0:
        raise RuntimeError(f"seed-demo failed:\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
    credentials = {"username": "admin", "password": DEMO_PASSWORD}
    session = admin.call("POST /staff/session", "/staff/session", credentials)
    if session is None:
        raise RuntimeError(f"the admin could not sign in: {admin.tally.failures}")
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        board = admin.call("GET /staff/dashboard", "/staff/dashboard", token=session["token"])
        if board and board["professionals"]["total"] >= registry:
            return time.monotonic() - started
        time.sleep(1)
    raise RuntimeError("the pump did not count the registry within 300 s")


ROUTE_ORDER = (
    "POST /auth/code", MAILBOX, "POST /auth/session", "GET /me",
    "GET /me/requests", "POST /me/uploads", "POST S3 (presigned)", "POST /me/requests/{id}/cancel",
    SUBMIT, "POST /staff/session", "GET /staff/requests", "GET /staff/requests/{id}",
    "POST /staff/requests/{id}/claim", "POST /staff/requests/{id}/decision",
)  # fmt: skip
# Not the system's work: the person's mailbox; the upload goes to S3, not to the API.
NOT_API = frozenset({MAILBOX, "POST S3 (presigned)"})


def print_table(tally: Tally) -> None:
    print(
        f"{'route':<36}{'calls':>7}{'p50 ms':>9}{'p95 ms':>9}{'errors':>8}"
        f"{'409 rule':>10}{'409 changed':>13}"
    )
    for route in ROUTE_ORDER:
        values = tally.times.get(route)
        if not values:
            continue
        print(
            f"{route:<36}{len(values):>7}{statistics.median(values):>9.0f}"
            f"{percentile(values, 0.95):>9.0f}{tally.outcomes[(route, 'error')]:>8}"
            f"{tally.outcomes[(route, 'rule')]:>10}{tally.outcomes[(route, 'changed')]:>13}"
        )


def parse_arguments() -> argparse.Namespace:
    options = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    options.add_argument("--seconds", type=float, default=60, metavar="S")
    options.add_argument("--seats", type=int, default=50, metavar="N")
    options.add_argument("--reviewers", type=int, default=3, metavar="R")
    options.add_argument("--registry", type=int, default=4000, metavar="M")
    options.add_argument("--solo", type=int, default=60, metavar="K")
    options.add_argument("--pause", type=float, default=1.0, metavar="P")
    arguments = options.parse_args()
    regions = len(dependencies.council().regions)
    if not 1 <= arguments.reviewers <= regions:
        options.error(f"--reviewers must be between 1 and {regions} (one per region)")
    if min(arguments.seats, arguments.solo) < 1 or arguments.seconds <= 0 or arguments.pause < 0:
        options.error("--seats, --solo and --seconds must be positive, --pause not negative")
    return arguments


@dataclass
class Run:
    """Everything one run measured."""

    started_in: float
    loaded_in: float
    solo: Tally
    rush: Tally
    rush_seconds: float
    outcome: Outcome


def measure(arguments: argparse.Namespace, reviewers: list[Reviewer]) -> Run:
    regions = tuple(reviewer.username.removeprefix("revisor.").upper() for reviewer in reviewers)
    people = demo_people(arguments.registry, regions)
    if len(people) < arguments.seats + arguments.solo:
        raise SystemExit(f"--registry {arguments.registry} has too few people for the seats")
    solo_people, rush_people = people[-arguments.solo :], people[: -arguments.solo]
    with tempfile.TemporaryDirectory(prefix="bench-load-") as scratch:
        stack = LocalStack(Path(scratch) / "state", Path(scratch) / "stack.log")
        started = time.monotonic()
        stack.start()
        started_in = time.monotonic() - started
        try:
            addresses = Addresses(stack.api(""), stack.url("MOTO_PORT", "/_local/outbox"))
            admin = Api(addresses, loopback_address(3, 0), Tally())
            loaded_in = load_registry(stack, arguments.registry, admin)
            solo = Tally()
            for person in solo_people:
                visit(Api(addresses, person.ip, solo), person, 1)
            crowd = Crowd(arguments.seats, arguments.seconds, arguments.pause)
            tally, seconds = rush(addresses, rush_people, reviewers, crowd)
            outcome = check_tables(stack, solo.accepted + tally.accepted)
        finally:
            stack.stop()
    return Run(started_in, loaded_in, solo, tally, seconds, outcome)


def report(arguments: argparse.Namespace, reviewers: list[Reviewer], run: Run) -> bool:
    """Prints the figures; True when every target is met."""
    solo, rush, outcome = run.solo, run.rush, run.outcome
    solo_p95, rush_p95 = percentile(solo.times[SUBMIT], 0.95), percentile(rush.times[SUBMIT], 0.95)
    ratio = rush_p95 / solo_p95
    api_calls = sum(len(values) for route, values in rush.times.items() if route not in NOT_API)
    errors = rush.count("error") + solo.count("error")
    addresses_seen = bool(outcome.claim_addresses) and outcome.claim_addresses <= {
        reviewer.ip for reviewer in reviewers
    }
    print(
        f"local stack started in {run.started_in:.1f} s; {arguments.registry} professionals "
        f"loaded and counted in {run.loaded_in:.1f} s"
    )
    print(
        f"one user: {solo.calls(SUBMIT)} submissions, p50 "
        f"{statistics.median(solo.times[SUBMIT]):.0f} ms, p95 {solo_p95:.0f} ms"
    )
    print(
        f"rush: {arguments.seats} professionals and {len(reviewers)} reviewers for "
        f"{arguments.seconds:.0f} s, about {arguments.pause:g} s between a person's steps "
        f"(last call ended at {run.rush_seconds:.1f} s)"
    )
    print()
    print_table(rush)
    print()
    figures = {
        "API requests/s": f"{api_calls / run.rush_seconds:.1f} ({api_calls} calls; the mailbox "
        "and the S3 uploads not counted)",
        "submissions": f"{len(rush.accepted)} accepted in the rush, {len(solo.accepted)} with "
        "one user",
        "errors": f"{errors} (target 0); 409s of the journey's rules {rush.count('rule')}, "
        f"record changed meanwhile {rush.count('changed')}",
        "requests lost": f"{outcome.lost} (target 0): answered 201 and not in the table, of "
        f"{outcome.requests} there",
        "decided twice": f"{outcome.decided_twice} (target 0)",
        "submission p95": f"{rush_p95:.0f} ms in the rush, {solo_p95:.0f} ms with one user: "
        f"{ratio:.1f}x (target at most {TARGET_SUBMIT_RATIO:.0f}x)",
        "client addresses": f"{'as sent' if addresses_seen else 'NOT as sent'}: the reviewers' "
        f"claims were recorded from {', '.join(sorted(outcome.claim_addresses))}",
    }
    for label, text in figures.items():
        print(f"{label:<20}{text}")
    for failure in solo.failures + rush.failures:
        print(f"  error: {failure}")
    return (
        errors == 0 and outcome.lost == 0 and outcome.decided_twice == 0
        and ratio <= TARGET_SUBMIT_RATIO and addresses_seen
    )  # fmt: skip


def main() -> int:
    arguments = parse_arguments()
    reviewers = [
        Reviewer(f"revisor.{region.code.lower()}", loopback_address(2, index))
        for index, region in enumerate(dependencies.council().regions[: arguments.reviewers])
    ]
    run = measure(arguments, reviewers)
    return 0 if report(arguments, reviewers, run) else 1


if __name__ == "__main__":
    sys.exit(main())
