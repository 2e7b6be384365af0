"""Dashboard counters, kept from the stream of changes rather than by scanning."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from chalicelib.services.ports import CounterChange

ALL = "all"


def region_scope(region: str) -> str:
    return f"region#{region}"


def professional_change(
    record_id: str, old: Mapping[str, Any] | None, new: Mapping[str, Any] | None
) -> CounterChange:
    """What a professional's insert, update or removal adds to `professionals_*` counters."""
    deltas: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for image, sign in ((old, -1), (new, +1)):
        if not image:
            continue
        for scope in (ALL, region_scope(str(image["region"]))):
            deltas[scope]["professionals_total"] += sign
            deltas[scope][f"professionals_{image['status']}"] += sign
    cleaned = {
        scope: {name: delta for name, delta in names.items() if delta}
        for scope, names in deltas.items()
    }
    return CounterChange(record_id, {scope: names for scope, names in cleaned.items() if names})
