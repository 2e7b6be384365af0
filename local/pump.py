"""What Lambda's event source mappings and EventBridge do in AWS, for the local stack: read
DynamoDB Local's streams and call the app's own handler functions with Lambda-shaped events,
and run the app's schedules on a timer.

Like a mapping with ReportBatchItemFailures, a batch that reports failures is retried from the
first failed record; a record that still fails after `max_retries` is set aside (its metadata
goes to the local dead-letter queue, as Lambda's on-failure destination would) and the records
after it go on. Positions are kept in the state directory, so a restart resumes, not replays."""

from __future__ import annotations

import json
import logging
import re
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from chalice import Chalice
from chalice.app import DynamoDBEventConfig, ScheduledEventConfig

from chalicelib.adapters.dynamodb.streams import logical_table_of

log = logging.getLogger("recadastro.pump")
# Shards change when one closes (noticed as it happens) or is added beside the others (AWS
# rolls them every few hours): a new one is read within this many seconds.
STREAM_KEPT_SECONDS = 30.0
BUSY_INTERVAL = 0.25


@dataclass
class LambdaContext:
    """The parts of Lambda's context object that handlers and Powertools read."""

    function_name: str
    aws_request_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    memory_limit_in_mb: int = 512
    invoked_function_arn: str = ""
    timeout_seconds: int = 60
    _started: float = field(default_factory=time.monotonic)

    def get_remaining_time_in_millis(self) -> int:
        elapsed = time.monotonic() - self._started
        return max(int((self.timeout_seconds - elapsed) * 1000), 0)


def lambda_record(record: dict[str, Any], stream_arn: str) -> dict[str, Any]:
    """A record from GetRecords as Lambda delivers it."""
    shaped = dict(record)
    dynamodb = dict(record["dynamodb"])
    created = dynamodb.get("ApproximateCreationDateTime")
    if isinstance(created, datetime):
        dynamodb["ApproximateCreationDateTime"] = int(created.timestamp())
    shaped["dynamodb"] = dynamodb
    shaped["eventSourceARN"] = stream_arn
    shaped.setdefault("eventVersion", "1.1")
    return shaped


class StreamConsumer:
    """One handler reading one table's stream, shard by shard."""

    def __init__(
        self,
        handler: Any,
        config: DynamoDBEventConfig,
        table_name: str,
        clients: dict[str, Any],
        checkpoints: Checkpoints,
        max_retries: int,
    ) -> None:
        self.handler = handler
        self.config = config
        self.table_name = table_name
        self.dynamodb = clients["dynamodb"]
        self.streams = clients["dynamodbstreams"]
        self.sqs = clients["sqs"]
        self.dlq_url = clients.get("dlq_url")
        self.checkpoints = checkpoints
        self.max_retries = max_retries
        self._iterators: dict[str, str | None] = {}
        self._failures: dict[str, tuple[str, int]] = {}
        self._stream: tuple[str, list[str]] | None = None
        self._described_at = 0.0

    @property
    def name(self) -> str:
        return self.config.name

    def poll(self) -> int:
        """Reads every shard once; returns how many records were handed to the handler."""
        try:
            stream = self._described_stream()
            if stream is None:
                return 0
            stream_arn, shards = stream
            return sum(self._poll_shard(stream_arn, shard_id) for shard_id in shards)
        except Exception:
            self._stream = None  # a table or stream made anew: describe it again
            raise

    def _described_stream(self) -> tuple[str, list[str]] | None:
        """The table's stream and its shards, described again every STREAM_KEPT_SECONDS or
        once a shard closed. Describing both on every poll of every handler was most of what
        an idle stack asked DynamoDB Local (some 30 calls a second, 11% of a core)."""
        if self._stream is None or time.monotonic() - self._described_at > STREAM_KEPT_SECONDS:
            stream_arn = self.dynamodb.describe_table(TableName=self.table_name)["Table"].get(
                "LatestStreamArn"
            )
            if not stream_arn:
                return None
            description = self.streams.describe_stream(StreamArn=stream_arn)["StreamDescription"]
            self._stream = (stream_arn, [shard["ShardId"] for shard in description["Shards"]])
            self._described_at = time.monotonic()
        return self._stream

    def _iterator(self, stream_arn: str, shard_id: str) -> str | None:
        if shard_id in self._iterators:
            return self._iterators[shard_id]
        last = self.checkpoints.get(self.name, shard_id)
        if last == Checkpoints.CLOSED:
            return None
        arguments: dict[str, Any] = {"StreamArn": stream_arn, "ShardId": shard_id}
        if last:
            arguments |= {"ShardIteratorType": "AFTER_SEQUENCE_NUMBER", "SequenceNumber": last}
        else:
            arguments["ShardIteratorType"] = "TRIM_HORIZON"
        iterator: str = self.streams.get_shard_iterator(**arguments)["ShardIterator"]
        return iterator

    def _poll_shard(self, stream_arn: str, shard_id: str) -> int:
        kept = shard_id in self._iterators
        iterator = self._iterator(stream_arn, shard_id)
        if iterator is None:
            return 0
        try:
            answer = self.streams.get_records(ShardIterator=iterator, Limit=self.config.batch_size)
        except (
            self.streams.exceptions.TrimmedDataAccessException,
            self.streams.exceptions.ExpiredIteratorException,
        ):
            # An iterator outlives its position (DynamoDB Local invalidates the one an empty
            # shard gave once a record arrives; AWS expires them in 15 minutes): start again
            # from the checkpoint, at once if the iterator was an old one.
            self._iterators.pop(shard_id, None)
            return self._poll_shard(stream_arn, shard_id) if kept else 0
        records = answer.get("Records", [])
        next_iterator = answer.get("NextShardIterator")
        if not records:
            if next_iterator is None:
                self.checkpoints.set(self.name, shard_id, Checkpoints.CLOSED)
                self._stream = None  # its children, if any, are new shards
            # Kept, so an idle shard costs one call a poll, not two. One that DynamoDB Local or
            # AWS no longer takes raises, and the next poll starts from the checkpoint (above).
            self._iterators[shard_id] = next_iterator
            return 0
        failed_at = self._deliver(records, stream_arn)
        if failed_at is None:
            self._advance(shard_id, records[-1], next_iterator)
            return len(records)
        poison = records[failed_at]
        number = poison["dynamodb"]["SequenceNumber"]
        previous = self._failures.get(shard_id)
        attempts = previous[1] + 1 if previous and previous[0] == number else 1
        self._failures[shard_id] = (number, attempts)
        if attempts > self.max_retries:
            self._set_aside(stream_arn, shard_id, poison)
            self._failures.pop(shard_id)
            self._advance(shard_id, poison, None)
        elif failed_at > 0:
            self._advance(shard_id, records[failed_at - 1], None)
        else:
            # Read the same records again on the next poll.
            self._iterators.pop(shard_id, None)
        return failed_at

    def _advance(self, shard_id: str, last: dict[str, Any], next_iterator: str | None) -> None:
        self.checkpoints.set(self.name, shard_id, last["dynamodb"]["SequenceNumber"])
        if next_iterator is None:
            self._iterators.pop(shard_id, None)  # the next poll resumes after the checkpoint
        else:
            self._iterators[shard_id] = next_iterator

    def _deliver(self, records: list[dict[str, Any]], stream_arn: str) -> int | None:
        """Index of the first record that failed, or None when the whole batch succeeded."""
        event = {"Records": [lambda_record(record, stream_arn) for record in records]}
        try:
            answer = self.handler(event, LambdaContext(self.name))
        except Exception:
            log.exception("stream handler %s raised", self.name)
            return 0
        failures = (answer or {}).get("batchItemFailures") or []
        if not failures:
            return None
        failed = {item["itemIdentifier"] for item in failures}
        sequence = [record["dynamodb"]["SequenceNumber"] for record in records]
        return min(index for index, number in enumerate(sequence) if number in failed)

    def _set_aside(self, stream_arn: str, shard_id: str, record: dict[str, Any]) -> None:
        number = record["dynamodb"]["SequenceNumber"]
        log.error("stream record set aside after retries: %s %s", self.name, number)
        if self.dlq_url:
            body = {
                "requestContext": {"functionArn": self.name, "condition": "RetryAttemptsExhausted"},
                "DDBStreamBatchInfo": {
                    "shardId": shard_id,
                    "startSequenceNumber": number,
                    "endSequenceNumber": number,
                    "streamArn": stream_arn,
                    "batchSize": 1,
                },
            }
            self.sqs.send_message(QueueUrl=self.dlq_url, MessageBody=json.dumps(body))


class Checkpoints:
    """The last sequence number handled, per handler and shard, kept in a JSON file."""

    CLOSED = "closed"

    def __init__(self, path: Path) -> None:
        self.path = path
        self._data: dict[str, dict[str, str]] = (
            json.loads(path.read_text()) if path.exists() else {}
        )
        self._lock = threading.Lock()

    def get(self, handler: str, shard_id: str) -> str | None:
        return self._data.get(handler, {}).get(shard_id)

    def set(self, handler: str, shard_id: str, value: str) -> None:
        with self._lock:
            self._data.setdefault(handler, {})[shard_id] = value
            temporary = self.path.with_suffix(".tmp")
            temporary.write_text(json.dumps(self._data))
            temporary.replace(self.path)


_RATE = re.compile(r"^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$")
_DAILY_CRON = re.compile(r"^cron\((\d{1,2}) (\d{1,2})(?:-(\d{1,2}))? \* \* \? \*\)$")


def next_run(expression: str, after: datetime) -> datetime:
    """When a schedule fires next, for the forms the app uses: rate(N unit) and a daily cron
    at one hour or every hour of a range ("cron(0 12-20 * * ? *)")."""
    rate = _RATE.match(expression)
    if rate:
        amount, unit = int(rate.group(1)), rate.group(2).rstrip("s")
        return after + timedelta(**{f"{unit}s": amount})
    daily = _DAILY_CRON.match(expression)
    if daily:
        minute, first = int(daily.group(1)), int(daily.group(2))
        last = int(daily.group(3) or first)
        start = after.replace(minute=minute, second=0, microsecond=0)
        for day in (0, 1):
            for hour in range(first, last + 1):
                candidate = start.replace(hour=hour) + timedelta(days=day)
                if candidate > after:
                    return candidate
    raise ValueError(f"schedule expression not supported locally: {expression}")


def scheduled_event(rule_name: str, at: datetime) -> dict[str, Any]:
    return {
        "version": "0",
        "id": str(uuid.uuid4()),
        "detail-type": "Scheduled Event",
        "source": "aws.events",
        "account": "123456789012",
        "time": at.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "region": "us-east-1",
        "resources": [f"arn:aws:events:us-east-1:123456789012:rule/{rule_name}"],
        "detail": {},
    }


class Pump:
    """Polls every stream consumer and fires due schedules until stopped."""

    def __init__(
        self,
        app: Chalice,
        table_names: dict[str, str],
        clients: dict[str, Any],
        state_dir: Path,
        interval: float = 0.5,
        max_retries: int = 3,
    ) -> None:
        checkpoints = Checkpoints(state_dir / "stream-checkpoints.json")
        self.consumers = [
            StreamConsumer(
                app.handler_map[source.name],
                source,
                table_names[logical_table_of(source.stream_arn)],
                clients,
                checkpoints,
                max_retries,
            )
            for source in app.event_sources
            if isinstance(source, DynamoDBEventConfig)
        ]
        now = datetime.now(UTC)
        self.schedules = [
            (source, app.handler_map[source.name])
            for source in app.event_sources
            if isinstance(source, ScheduledEventConfig)
        ]
        self._due = {
            source.name: next_run(_expression(source), now) for source, _ in self.schedules
        }
        self.interval = interval
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def run_once(self) -> int:
        """One round over every stream and schedule; returns the records handled."""
        handled = 0
        for consumer in self.consumers:
            try:
                handled += consumer.poll()
            except Exception:
                log.exception("stream consumer %s could not poll", consumer.name)
        now = datetime.now(UTC)
        for source, handler in self.schedules:
            if now >= self._due[source.name]:
                self._due[source.name] = next_run(_expression(source), now)
                try:
                    handler(scheduled_event(source.name, now), LambdaContext(source.name))
                except Exception:
                    log.exception("scheduled handler %s raised", source.name)
        return handled

    def drain(self, rounds: int = 50) -> None:
        """Runs until the streams have nothing more (tests and scripts that wait for effects)."""
        for _ in range(rounds):
            if self.run_once() == 0:
                return

    def _loop(self) -> None:
        while not self._stop.is_set():
            handled = self.run_once()
            # Busy, it reads again at Lambda's pace (each shard four times a second), so records
            # arriving meanwhile come in one batch, as in AWS, not each in a poll of its own.
            self._stop.wait(BUSY_INTERVAL if handled else self.interval)

    def start(self) -> None:
        self._thread = threading.Thread(target=self._loop, name="pump", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)


def _expression(source: ScheduledEventConfig) -> str:
    expression = source.schedule_expression
    return expression if isinstance(expression, str) else expression.to_string()
