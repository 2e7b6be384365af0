"""Sign-in codes, rate-limit windows and one-time markers."""

from __future__ import annotations

import contextlib
import hashlib
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from pynamodb.exceptions import PutError, UpdateError
from pynamodb.expressions.update import Action

from chalicelib.adapters.dynamodb.models import CounterModel, LoginCodeModel, Tables
from chalicelib.adapters.dynamodb.repositories import condition_failed
from chalicelib.domain.auth import CODES_WINDOW_SECONDS, MAX_ATTEMPTS, USED, LoginCode, Window
from chalicelib.domain.errors import Conflict, RateLimited


class DynamoLoginCodeRepository:
    def __init__(self, tables: Tables) -> None:
        self._model = tables.bind(LoginCodeModel)

    def get(self, document: str) -> LoginCode | None:
        try:
            item = self._model.get(document, consistent_read=True)
        except LoginCodeModel.DoesNotExist:
            return None
        return _login_code(item)

    def replace(self, document: str, code: LoginCode, previous: LoginCode | None) -> None:
        """Puts the new code, unless another was issued since `previous` was read (Conflict)."""
        item = self._model(
            document,
            code_hash=code.code_hash,
            attempts=code.attempts,
            sent_at=list(code.sent_at),
            expires_at=code.expires_at,
            delete_at=datetime.fromtimestamp(code.expires_at + CODES_WINDOW_SECONDS, UTC),
        )
        condition = (
            LoginCodeModel.document.does_not_exist()
            if previous is None
            else LoginCodeModel.code_hash == previous.code_hash
        )
        try:
            item.save(condition=condition)
        except PutError as error:
            if not condition_failed(error):
                raise
            current = self.get(document)
            if current is not None and current.code_hash == code.code_hash:
                # Our own put, sent again by the SDK after its answer was lost (a timeout under
                # load): it landed, and the condition it then met was its own doing.
                return
            raise Conflict() from error

    def take_attempt(self, document: str, now: int) -> LoginCode | None:
        """Counts one try at the live code before it is compared, in one conditional write:
        the code as it stands after the count, or None when there is no try left (no code,
        used, expired or its tries spent). Read, compare, then count would let parallel
        guesses all pass the read."""
        item, try_id = self._model(document), uuid.uuid4().hex
        condition = (
            (LoginCodeModel.attempts < MAX_ATTEMPTS)
            & (LoginCodeModel.expires_at > now)
            & (LoginCodeModel.code_hash != USED)
            & (LoginCodeModel.last_try.does_not_exist() | (LoginCodeModel.last_try != try_id))
        )
        actions: list[Action] = [
            LoginCodeModel.attempts.add(1),
            LoginCodeModel.last_try.set(try_id),
        ]
        try:
            item.update(actions=actions, condition=condition)
        except UpdateError as error:
            if not condition_failed(error):
                raise
            # The SDK sends a write again when its answer is lost: if this try did land, the
            # code holds its id, and it was counted once.
            try:
                stored = self._model.get(document, consistent_read=True)
            except self._model.DoesNotExist:
                return None  # no code at all
            return _login_code(stored) if stored.last_try == try_id else None
        return _login_code(item)

    def use(self, document: str, code_hash: str) -> bool:
        """Marks the code used; False if it was used or replaced meanwhile (a code works once)."""
        try:
            self._update(document, code_hash, [LoginCodeModel.code_hash.set(USED)])
        except Conflict:
            return False
        return True

    def _update(self, document: str, code_hash: str, actions: list[Any]) -> None:
        try:
            self._model(document).update(
                actions=actions, condition=LoginCodeModel.code_hash == code_hash
            )
        except UpdateError as error:
            if condition_failed(error):
                raise Conflict() from error
            raise


def _login_code(item: LoginCodeModel) -> LoginCode:
    return LoginCode(
        code_hash=item.code_hash,
        expires_at=int(item.expires_at),
        attempts=int(item.attempts),
        sent_at=tuple(int(sent) for sent in item.sent_at or []),
    )


def _hashed(who: str) -> str:
    return hashlib.sha256(who.encode()).hexdigest()[:24]


class DynamoAttemptLimiter:
    """Tries of one kind by one subject (a document, a username) in a window, counted in the
    counters table with a conditional ADD: every Lambda container shares the count, and no two
    parallel tries get the same place."""

    def __init__(self, client: Any, tables: Tables) -> None:
        self._client = client
        self._table = tables.name("counters")

    def take(self, name: str, who: str, limit: int, window: Window) -> int | None:
        try_id = uuid.uuid4().hex
        try:
            answer = self._client.update_item(
                **self._key(name, who, window),
                UpdateExpression="ADD tries :one SET expires_at = :expires, last_try = :try",
                ConditionExpression="(attribute_not_exists(tries) OR tries < :limit)"
                " AND (attribute_not_exists(last_try) OR last_try <> :try)",
                ExpressionAttributeValues={
                    ":one": {"N": "1"},
                    ":limit": {"N": str(limit)},
                    ":expires": {"N": str(window.end)},
                    ":try": {"S": try_id},
                },
                ReturnValues="UPDATED_NEW",
            )
        except self._client.exceptions.ConditionalCheckFailedException:
            # As for a code's tries: an SDK retry of a try that landed finds its own id.
            stored = self._client.get_item(**self._key(name, who, window), ConsistentRead=True)
            item = stored.get("Item", {})
            if item.get("last_try", {}).get("S") == try_id:
                return int(item["tries"]["N"])
            return None
        return int(answer["Attributes"]["tries"]["N"])

    def give_back(self, name: str, who: str, window: Window) -> None:
        # Nothing to give back once the window's item is gone (expired).
        with contextlib.suppress(self._client.exceptions.ConditionalCheckFailedException):
            self._client.update_item(
                **self._key(name, who, window),
                UpdateExpression="ADD tries :minus_one",
                ConditionExpression="tries > :zero",
                ExpressionAttributeValues={":minus_one": {"N": "-1"}, ":zero": {"N": "0"}},
            )

    def taken(self, name: str, who: str, window: Window) -> int:
        answer = self._client.get_item(
            **self._key(name, who, window), ConsistentRead=True, ProjectionExpression="tries"
        )
        return int(answer.get("Item", {}).get("tries", {}).get("N", 0))

    def _key(self, name: str, who: str, window: Window) -> dict[str, Any]:
        # Documents and usernames are kept only as hashes, like the rate limiter's addresses.
        return {
            "TableName": self._table,
            "Key": {
                "scope": {"S": f"tries#{name}#{_hashed(who)}"},
                "key": {"S": str(window.start)},
            },
        }


class DynamoRateLimiter:
    """Fixed windows counted in DynamoDB, so every Lambda container shares them."""

    def __init__(self, client: Any, tables: Tables) -> None:
        self._client = client
        self._table = tables.name("counters")

    def hit(self, name: str, who: str, limit: int, window_seconds: int, now: int) -> None:
        """Counts one call of `who`; RateLimited once more than `limit` fall in the window."""
        window = now - now % window_seconds
        # The caller (an IP address) is kept only as a hash, and only for two windows.
        hashed = _hashed(who)
        answer = self._client.update_item(
            TableName=self._table,
            Key={"scope": {"S": f"ratelimit#{name}#{hashed}"}, "key": {"S": str(window)}},
            UpdateExpression="ADD hits :one SET expires_at = :expires",
            ExpressionAttributeValues={
                ":one": {"N": "1"},
                ":expires": {"N": str(window + 2 * window_seconds)},
            },
            ReturnValues="UPDATED_NEW",
        )
        if int(answer["Attributes"]["hits"]["N"]) > limit:
            raise RateLimited(retry_after=max(window + window_seconds - now, 1))


class DynamoMarkers:
    """One-time markers ("seen this event"), kept in the counters table until they expire."""

    def __init__(self, tables: Tables) -> None:
        self._model = tables.bind(CounterModel)

    def first_time(self, name: str, keep_seconds: int) -> bool:
        now = datetime.now(UTC)
        marker = self._model(
            f"marker#{name}", "marker", expires_at=now + timedelta(seconds=keep_seconds)
        )
        # DynamoDB removes expired items only eventually: an expired marker counts as gone.
        condition = CounterModel.scope.does_not_exist() | (CounterModel.expires_at < now)
        try:
            marker.save(condition=condition)
        except PutError as error:
            if condition_failed(error):
                return False
            raise
        return True

    def forget(self, name: str) -> None:
        self._model(f"marker#{name}", "marker").delete()
