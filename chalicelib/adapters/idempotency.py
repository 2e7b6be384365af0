"""Exactly-once side effects with aws-lambda-powertools' idempotency utility (DynamoDB)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from aws_lambda_powertools.utilities.idempotency import (
    DynamoDBPersistenceLayer,
    IdempotencyConfig,
    idempotent_function,
)

# Longer than a stream record lives (24 h), so no redelivery can find the key gone.
KEEP_SECONDS = 7 * 24 * 3600


class PowertoolsOnce:
    """`once(key, action)` runs `action` the first time a key is seen and returns its result;
    later calls with the key return the stored result without running it again."""

    def __init__(self, table_name: str, client: Any) -> None:
        self._persistence = DynamoDBPersistenceLayer(table_name=table_name, boto3_client=client)
        self._config = IdempotencyConfig(
            event_key_jmespath="key", expires_after_seconds=KEEP_SECONDS
        )

    def register(self, lambda_context: Any) -> None:
        """Lets Powertools expire an in-progress record when this invocation's time runs out."""
        self._config.register_lambda_context(lambda_context)

    def __call__(self, key: str, action: Callable[[], Any]) -> Any:
        @idempotent_function(
            data_keyword_argument="job", persistence_store=self._persistence, config=self._config
        )
        def run(job: dict[str, str]) -> Any:
            return action()

        return run(job={"key": key})
