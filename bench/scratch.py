"""A DynamoDB Local of a benchmark's own, with the stage's tables, on a free port."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from local.dynamodb_local import DynamoDBLocal, free_port
from local.stack import aws_environment, stage_environment


@contextmanager
def scratch_tables(prefix: str) -> Iterator[Path]:
    """Yields a throw-away directory while the tables live; `make run` may be up meanwhile."""
    with tempfile.TemporaryDirectory(prefix=prefix) as scratch:
        work = Path(scratch)
        database = DynamoDBLocal(free_port(), work / "db", work / "dynamodb.log")
        database.start()
        try:
            os.environ.update(stage_environment("local"))
            os.environ.update(aws_environment(database.endpoint, "http://127.0.0.1:9"))
            from chalicelib import dependencies
            from chalicelib.adapters.dynamodb.models import create_tables

            create_tables(dependencies.tables())
            yield work
        finally:
            database.stop()
