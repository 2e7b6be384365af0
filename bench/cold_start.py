"""Benchmark: each Lambda function's cold start, as Python imports, against bare chalice + boto3.

    .venv/bin/python -m bench.cold_start [--runs N] [--imports-only]

Lambda starts a function by importing its handler's module (`app` for the API; for the others
the blueprint's module, as sam.json's `Handler` names it), then runs the first invocation, which
imports what its path needs. This times, in fresh interpreters taking turns so that every
figure sees the same moments of this machine (median and p95 of N each, default 15):

- bare: `import chalice, boto3`, the least a Chalice function that talks to AWS loads;
- `import app`, the API's start (target: at most 1.5 times bare);
- each function: its handler's module, and that plus the modules its first invocation imports.

The modules of a first invocation are found by running each function once, in an interpreter of
its own, against a world on this machine: DynamoDB Local, a moto server and the vendor simulator,
with the demo data, where a demo professional signed in and declared "no change" (the stream
handlers get the records that made) and today is a reminder day. Those modules are then imported
in the same order with nothing else: the figure is import time alone. Making the clients, the
connections and the calls are not in it; no local figure of those would be fair to Lambda.
`--imports-only` makes no world and times the functions' modules only.

The interpreters use the virtualenv's bytecode, as the SDK layer ships its own. Lambda cannot
write `__pycache__` in the function's code, so there each cold start also compiles the zip's
modules from source: compare the figures with each other, not with AWS."""

from __future__ import annotations

import argparse
import base64
import contextlib
import io
import json
import math
import os
import random
import statistics
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET_RATIO = 1.5
BARE = "bare: import chalice, boto3"
APP = "import app"
DEMO_PROFESSIONALS = 12
METHOD_ARN = "arn:aws:execute-api:us-east-1:000000000000:bench/api/GET/me"

# Times one import in a fresh interpreter; its only import before the clock is `time`.
TIMED = "import time\nstarted = time.perf_counter()\n{body}\nprint(time.perf_counter() - started)"
IMPORT_ALL = """import importlib
for name in {modules!r}:
    try:
        importlib.import_module(name)
    except Exception:  # a module made at run time under another's name (six.moves…)
        pass"""

# Runs a function once and answers the modules its invocation imported, in their order.
DISCOVER = r"""
import importlib, json, sys, time

spec = json.load(sys.stdin)


class Context:
    function_name = spec["function_name"]
    aws_request_id = "cold-start"
    memory_limit_in_mb = 512
    invoked_function_arn = f"arn:aws:lambda:us-east-1:000000000000:function:{function_name}"

    def __init__(self):
        self._deadline = time.monotonic() + 300

    def get_remaining_time_in_millis(self):
        return int((self._deadline - time.monotonic()) * 1000)


handler = getattr(importlib.import_module(spec["module"]), spec["handler"])
loaded = set(sys.modules)
answer = handler(spec["event"], Context())
new = [name for name in list(sys.modules) if name not in loaded]
print(json.dumps({"modules": new, "answer": answer}, default=str))
"""


@dataclass
class Function:
    """One Lambda function (or one first request of the API) and what its first call imports."""

    label: str
    name: str
    module: str
    handler: str
    event: dict[str, Any] = field(default_factory=dict)
    modules: list[str] = field(default_factory=list)


def functions() -> list[Function]:
    streams, schedules = "chalicelib.events.streams", "chalicelib.events.schedules"
    return [
        Function("api_handler, POST /auth/code", "api_handler", "app", "app"),
        Function("api_handler, GET /me", "api_handler", "app", "app"),
        Function("professional_auth", "professional_auth", "chalicelib.api.professional", "professional_auth"),
        Function("staff_auth", "staff_auth", "chalicelib.api.staff", "staff_auth"),
        Function("count_professionals", "count_professionals", streams, "count_professionals"),
        Function("count_requests", "count_requests", streams, "count_requests"),
        Function("notify_requests", "notify_requests", streams, "notify_requests"),
        Function("order_cards", "order_cards", streams, "order_cards"),
        Function("remind_deadline", "remind_deadline", schedules, "remind_deadline"),
        Function("digest_stalled", "digest_stalled", schedules, "digest_stalled"),
    ]  # fmt: skip


# --- the world a first invocation runs in ----------------------------------------------------


@contextmanager
def local_world() -> Iterator[str]:
    """DynamoDB Local with the tables, a moto server with the stage's resources, the vendor
    simulator, and the demo data; the environment is the functions' (stage local). Yields the
    moto server's address."""
    from bench.scratch import scratch_tables
    from chalicelib import dependencies
    from local.aws_resources import create_resources
    from local.demo import seed_demo
    from local.dynamodb_local import free_port
    from local.moto_state import MotoState, PersistentMotoServer
    from local.vendor_sim import VendorSimulator

    with scratch_tables("cold-start-") as work:
        moto = PersistentMotoServer("127.0.0.1", free_port(), MotoState(work / "aws"))
        moto.start()
        endpoint = f"http://127.0.0.1:{moto.port}"
        vendor_port = free_port()
        os.environ |= {"AWS_ENDPOINT_URL": endpoint, "MAIL_SEND_RATE": "1000"}
        os.environ["VENDOR_URL"] = f"http://127.0.0.1:{vendor_port}"
        dependencies.reset()
        settings, council = dependencies.settings(), dependencies.council()
        resources = create_resources(settings, council, moto.state)
        os.environ["STAFF_USER_POOL_ID"] = resources.user_pool_id
        os.environ["STAFF_USER_POOL_CLIENT_ID"] = resources.user_pool_client_id
        dependencies.reset()
        seed_demo(
            council,
            dependencies.professionals(),
            dependencies.staff_directory(),
            DEMO_PROFESSIONALS,
        )
        vendor = VendorSimulator(
            "127.0.0.1", vendor_port,
            api_key=moto.state.secret_value(settings.vendor_api_key_secret_name),
            state_file=work / "vendor.json",
        )  # fmt: skip
        vendor.start()
        try:
            yield endpoint
        finally:
            vendor.stop()
            moto.stop()


@dataclass(frozen=True)
class Journey:
    document: str
    token: str
    staff_token: str
    other_document: str


def walk_a_journey(moto_endpoint: str) -> Journey:
    """A demo professional signs in and declares "no change" (approved at once, so eligible for
    a card); a reviewer signs in; and the campaign's deadline is a reminder away."""
    from chalice.test import Client

    from app import app
    from chalicelib import dependencies
    from chalicelib.domain.campaign import CampaignSettings, brasilia_day
    from local.demo import DEMO_PASSWORD, demo_staff, registry_rows
    from tests.integration.api import PDF, Api

    council = dependencies.council()
    first, second = list(registry_rows(2, council))
    # The app's own logs of the journey are not the benchmark's output.
    quiet = contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO())
    with quiet[0], quiet[1], Client(app, stage_name="local") as client:
        api = Api(client, moto_endpoint)
        token = api.sign_in(first["document"], first["email"])
        upload_id = api.upload(token, PDF)
        body = {"kind": "no_change", "upload_ids": [upload_id]}
        declared = api.call("POST", "/me/requests", body, token)
        if declared.status_code != 201:
            raise RuntimeError(f"the declaration was refused: {declared.body!r}")
        staff_token = api.staff_sign_in(demo_staff(council)[0].username, DEMO_PASSWORD)
    reminder = max(council.campaign.reminder_days)
    deadline = brasilia_day(datetime.now(UTC)) + timedelta(days=reminder)
    dependencies.campaigns().save_settings(
        CampaignSettings(deadline=deadline, reminder_days=[reminder]), "cold-start"
    )
    return Journey(first["document"], token, staff_token, second["document"])


def stream_records(logical_table: str) -> list[dict[str, Any]]:
    """Every record of a table's stream so far, as Lambda delivers them."""
    import boto3

    from chalicelib import dependencies
    from local.pump import lambda_record

    table = dependencies.settings().table_name(logical_table)
    streams = boto3.client("dynamodbstreams")
    arn = boto3.client("dynamodb").describe_table(TableName=table)["Table"]["LatestStreamArn"]
    records: list[dict[str, Any]] = []
    for shard in streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"]:
        iterator = streams.get_shard_iterator(
            StreamArn=arn, ShardId=shard["ShardId"], ShardIteratorType="TRIM_HORIZON"
        )["ShardIterator"]
        while iterator:
            answer = streams.get_records(ShardIterator=iterator, Limit=1000)
            records += [lambda_record(record, arn) for record in answer["Records"]]
            iterator = answer.get("NextShardIterator") if answer["Records"] else None
    return records


def api_event(method: str, path: str, body: Any = None, **context: Any) -> dict[str, Any]:
    """A request as API Gateway hands it to the API function."""
    return {
        "resource": path, "path": path, "httpMethod": method,
        "headers": {"Content-Type": "application/json"},
        "multiValueQueryStringParameters": None, "pathParameters": None, "stageVariables": None,
        "body": None if body is None else json.dumps(body), "isBase64Encoded": False,
        "requestContext": {
            "resourcePath": path, "httpMethod": method, "stage": "api",
            "identity": {"sourceIp": "198.51.100.7"}, **context,
        },
    }  # fmt: skip


def scheduled_event(rule: str) -> dict[str, Any]:
    return {
        "version": "0", "id": str(uuid.uuid4()), "detail-type": "Scheduled Event",
        "source": "aws.events", "account": "000000000000", "region": "us-east-1",
        "time": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"), "detail": {},
        "resources": [f"arn:aws:events:us-east-1:000000000000:rule/{rule}"],
    }  # fmt: skip


def first_events(journey: Journey) -> dict[str, dict[str, Any]]:
    """What each function gets first: the journey's requests, stream records and schedules."""
    claims = json.loads(base64.urlsafe_b64decode(journey.token.split(".")[1] + "=="))
    authorizer = {"document": journey.document, "exp": str(claims["exp"])}
    professionals, requests = stream_records("professionals"), stream_records("requests")
    mine = [r for r in professionals if r["dynamodb"]["Keys"]["document"]["S"] == journey.document]
    return {
        "api_handler, POST /auth/code": api_event(
            "POST", "/auth/code", {"document": journey.other_document}
        ),
        "api_handler, GET /me": api_event("GET", "/me", authorizer=authorizer),
        "professional_auth": token_event(journey.token),
        "staff_auth": token_event(journey.staff_token),
        "count_professionals": {"Records": professionals[-100:]},
        "count_requests": {"Records": requests[-100:]},
        "notify_requests": {"Records": requests[-100:]},
        "order_cards": {"Records": mine[-10:]},
        "remind_deadline": scheduled_event("remind_deadline"),
        "digest_stalled": scheduled_event("digest_stalled"),
    }


def token_event(token: str) -> dict[str, Any]:
    return {"type": "TOKEN", "authorizationToken": f"Bearer {token}", "methodArn": METHOD_ARN}


def discover(function: Function) -> list[str]:
    """Runs the function once in a fresh interpreter: the modules its invocation imported."""
    spec = {
        "module": function.module, "handler": function.handler, "event": function.event,
        # A name of its own: Powertools keys idempotency by function name.
        "function_name": f"cold-start-{function.name}",
    }  # fmt: skip
    run = subprocess.run(
        [sys.executable, "-c", DISCOVER],
        input=json.dumps(spec, default=_bytes_as_base64),
        capture_output=True, text=True, cwd=ROOT, timeout=300, check=False,
    )  # fmt: skip
    if run.returncode != 0:
        raise RuntimeError(f"{function.label} failed:\n{run.stderr[-3000:]}")
    found = json.loads(run.stdout.strip().splitlines()[-1])
    warn_if_failed(function.label, found["answer"])
    print(
        f"{function.label}: answered {summary(found['answer'])}; its first call imported "
        f"{len(found['modules'])} modules, of {', '.join(packages(found['modules']))}"
    )
    return list(found["modules"])


def packages(modules: list[str]) -> list[str]:
    """The third-party packages among `modules`, by name."""
    tops = {name.partition(".")[0] for name in modules} - sys.stdlib_module_names
    return sorted(top for top in tops if not top.startswith("_") and top != "chalicelib")


def warn_if_failed(label: str, answer: Any) -> None:
    """A first call that failed took a shorter path: its figure would flatter it."""
    failed = isinstance(answer, dict) and (
        answer.get("batchItemFailures")
        or answer.get("statusCode", 200) >= 400
        or answer.get("principalId") == "anonymous"
    )
    if failed:
        print(f"warning: {label} did not succeed, its figure is a lower bound: {answer}")


def summary(answer: Any) -> str:
    """What a first call answered, in a few words."""
    if isinstance(answer, dict) and "statusCode" in answer:
        return f"HTTP {answer['statusCode']}"
    if isinstance(answer, dict) and "principalId" in answer:
        anonymous = answer["principalId"] == "anonymous"
        return "no identity (the token was refused)" if anonymous else "the token's identity"
    return json.dumps(answer, default=str)[:60]


def _bytes_as_base64(value: bytes) -> str:
    return base64.b64encode(value).decode()


# --- timing ----------------------------------------------------------------------------------


def variants(found: list[Function], imports_only: bool) -> dict[str, str]:
    """What each figure times: label -> code run after the clock starts."""
    timed = {BARE: "import chalice, boto3", APP: "import app"}
    for function in found:
        timed.setdefault(f"import {function.module}", f"import {function.module}")
        if not imports_only:
            body = f"import {function.module}\n" + IMPORT_ALL.format(modules=function.modules)
            timed[f"{function.label}: import + first call"] = body
    return timed


def time_in_turns(timed: dict[str, str], runs: int) -> dict[str, list[float]]:
    """Milliseconds of each variant, `runs` times, in a fresh interpreter each, order shuffled
    every round so no variant always follows the same one."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    timings: dict[str, list[float]] = {label: [] for label in timed}
    order = list(timed)
    shuffle = random.Random(2026).shuffle
    for round_number in range(runs):
        shuffle(order)
        for label in order:
            code = TIMED.format(body=timed[label])
            run = subprocess.run(
                [sys.executable, "-c", code],
                capture_output=True, text=True, cwd=ROOT, env=environment, check=False,
            )  # fmt: skip
            if run.returncode != 0:
                raise RuntimeError(f"{label}:\n{run.stderr[-2000:]}")
            timings[label].append(float(run.stdout) * 1000)
        print(f"\rround {round_number + 1}/{runs}", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    return timings


def percentile(values: list[float], fraction: float) -> float:
    """Nearest rank: always a value that was measured."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def print_table(timings: dict[str, list[float]], runs: int) -> float:
    """The figures, each median also as a multiple of bare's; answers app's multiple."""
    bare = statistics.median(timings[BARE])
    print(f"cold start as imports: median and p95 of {runs} fresh interpreters each, ms")
    print(f"{'':<58}{'median':>9}{'p95':>9}{'x bare':>9}")
    for label, values in timings.items():
        median = statistics.median(values)
        print(f"{label:<58}{median:>9.1f}{percentile(values, 0.95):>9.1f}{median / bare:>8.2f}x")
    ratio = statistics.median(timings[APP]) / bare
    verdict = "met" if ratio <= TARGET_RATIO else "MISSED"
    print(f"\nimport app / bare = {ratio:.2f} (target <= {TARGET_RATIO}): {verdict}")
    return ratio


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--imports-only", action="store_true")
    arguments = parser.parse_args()
    found = functions()
    if not arguments.imports_only:
        started = time.monotonic()
        with local_world() as moto_endpoint:
            events = first_events(walk_a_journey(moto_endpoint))
            for function in found:
                function.event = events[function.label]
                function.modules = discover(function)
        print(f"(the world and the first calls took {time.monotonic() - started:.0f} s)\n")
    timings = time_in_turns(variants(found, arguments.imports_only), arguments.runs)
    ratio = print_table(timings, arguments.runs)
    return 0 if ratio <= TARGET_RATIO else 1


if __name__ == "__main__":
    sys.exit(main())
