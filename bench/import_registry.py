"""Benchmark: import a 100,000-row registry into DynamoDB Local; prints rows/s and peak memory.

    .venv/bin/python -m bench.import_registry [--rows N]

Target (issue 2): at least 1,000 rows/s with peak memory under 200 MB. It starts its own
DynamoDB Local on a free port with a throw-away data directory; `make run` may be up meanwhile."""

from __future__ import annotations

import argparse
import csv
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.scratch import scratch_tables  # noqa: E402


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def write_registry(path: Path, rows: int) -> None:
    from chalicelib import dependencies
    from chalicelib.domain.registry import COLUMNS
    from local.demo import registry_rows

    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.DictWriter(stream, fieldnames=COLUMNS, delimiter=";")
        writer.writeheader()
        for row in registry_rows(rows, dependencies.council(), seed=7):
            writer.writerow(row)


def main() -> int:
    options = argparse.ArgumentParser(description=__doc__)
    options.add_argument("--rows", type=int, default=100_000)
    arguments = options.parse_args()

    with scratch_tables("bench-import-") as work:
        from chalicelib import dependencies
        from chalicelib.adapters.registry_csv import read_registry
        from chalicelib.services.registry import import_registry

        registry = work / "registry.csv"
        write_registry(registry, arguments.rows)
        size_mb = registry.stat().st_size / 2**20
        before = peak_rss_mb()

        started = time.perf_counter()
        with registry.open("rb") as stream:
            report = import_registry(
                read_registry(stream), dependencies.council(), dependencies.professionals()
            )
        elapsed = time.perf_counter() - started

        started_again = time.perf_counter()
        with registry.open("rb") as stream:
            again = import_registry(
                read_registry(stream), dependencies.council(), dependencies.professionals()
            )
        elapsed_again = time.perf_counter() - started_again

    print(f"registry file          {arguments.rows} rows, {size_mb:.1f} MiB")
    print(f"first import           {report}")
    print(f"  time                 {elapsed:.1f} s")
    print(f"  rate                 {report.imported / elapsed:,.0f} rows/s (target >= 1,000)")
    print(f"second import (no-op)  {again}")
    print(f"  rate                 {arguments.rows / elapsed_again:,.0f} rows/s")
    print(
        f"peak memory (RSS)      {peak_rss_mb():.0f} MB (before importing: {before:.0f} MB; target < 200)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
