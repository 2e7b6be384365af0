"""Importing the council's legacy registry: an upsert that can run any number of times."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field

from chalicelib.domain.campaign import Council
from chalicelib.domain.errors import Conflict
from chalicelib.domain.professional import Professional, ProfessionalStatus
from chalicelib.domain.registry import RowRejected, professional_from_row
from chalicelib.services.ports import ImportState, ProfessionalRepository

# One transaction writes 100 items.
BATCH_SIZE = 100
# Batches being written while the next ones are read and checked. Bounded, so memory stays flat.
WRITERS = 2


@dataclass
class ImportReport:
    imported: int = 0
    unchanged: int = 0
    rejected: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def count(self, imported: int, unchanged: int) -> None:
        with self._lock:
            self.imported += imported
            self.unchanged += unchanged

    def __str__(self) -> str:
        return f"imported {self.imported}, unchanged {self.unchanged}, rejected {self.rejected}"


RejectedRow = Callable[[int, RowRejected], None]


def import_registry(
    rows: Iterable[tuple[int, Mapping[str, str | None]]],
    council: Council,
    professionals: ProfessionalRepository,
    on_rejected: RejectedRow = lambda line, error: None,
    batch_size: int = BATCH_SIZE,
) -> ImportReport:
    """Adds professionals not on file and refreshes those whose registry data changed and who have
    not started the campaign. The data of one who has started is theirs now: the registry does
    not overwrite it. Bad rows go to `on_rejected` with their line number; the import goes on."""
    report = ImportReport()
    with _Writer(professionals, report) as writer:
        batch: dict[str, Professional] = {}
        for line, row in rows:
            try:
                professional = professional_from_row(row, council)
            except RowRejected as error:
                report.rejected += 1
                on_rejected(line, error)
                continue
            if professional.document in batch or len(batch) >= batch_size:
                writer.write(list(batch.values()))
                batch = {}
            batch[professional.document] = professional
        if batch:
            writer.write(list(batch.values()))
    return report


class _Writer:
    """Writes batches in the background while the caller reads and checks the next ones. A
    batch that names a document still being written waits for it, so a file that lists someone
    twice ends with its later row."""

    def __init__(self, professionals: ProfessionalRepository, report: ImportReport) -> None:
        self._professionals = professionals
        self._report = report
        self._pool = ThreadPoolExecutor(max_workers=WRITERS, thread_name_prefix="import")
        self._pending: list[tuple[set[str], Future[None]]] = []

    def __enter__(self) -> _Writer:
        return self

    def __exit__(self, *exc_info: object) -> None:
        while self._pending:
            self._wait_first()
        self._pool.shutdown()

    def write(self, batch: list[Professional]) -> None:
        documents = {professional.document for professional in batch}
        while self._pending and (
            len(self._pending) >= WRITERS or any(documents & busy for busy, _ in self._pending)
        ):
            self._wait_first()
        self._pending.append((documents, self._pool.submit(self._store, batch)))

    def _wait_first(self) -> None:
        _, future = self._pending.pop(0)
        future.result()

    def _store(self, batch: list[Professional]) -> None:
        on_file = self._professionals.add_new(batch)
        refreshed = sum(
            self._refresh(professional, on_file[professional.document])
            for professional in batch
            if professional.document in on_file
        )
        self._report.count(
            imported=len(batch) - len(on_file) + refreshed, unchanged=len(on_file) - refreshed
        )

    def _refresh(self, professional: Professional, state: ImportState) -> bool:
        """Whether the registry's new data replaced what was on file."""
        if state.registry_hash == professional.registry_hash:
            return False
        if state.status != ProfessionalStatus.NOT_STARTED:
            return False
        try:
            self._professionals.replace_registry_data(professional, state.version)
        except Conflict:
            return False  # they started the campaign a moment ago: their data stands
        return True
