"""Importing the council's legacy registry: an upsert that can run any number of times."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from chalicelib.domain.campaign import Council
from chalicelib.domain.errors import Conflict
from chalicelib.domain.professional import Professional, ProfessionalStatus
from chalicelib.domain.registry import RowRejected, professional_from_row
from chalicelib.services.ports import ProfessionalRepository

# One BatchGetItem reads 100 keys.
BATCH_SIZE = 100


@dataclass
class ImportReport:
    imported: int = 0
    unchanged: int = 0
    rejected: int = 0

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
    batch: dict[str, Professional] = {}
    for line, row in rows:
        try:
            professional = professional_from_row(row, council)
        except RowRejected as error:
            report.rejected += 1
            on_rejected(line, error)
            continue
        if professional.document in batch or len(batch) >= batch_size:
            _write_batch(list(batch.values()), professionals, report)
            batch = {}
        batch[professional.document] = professional
    if batch:
        _write_batch(list(batch.values()), professionals, report)
    return report


def _write_batch(
    batch: list[Professional], professionals: ProfessionalRepository, report: ImportReport
) -> None:
    on_file = professionals.import_states([professional.document for professional in batch])
    new = [professional for professional in batch if professional.document not in on_file]
    professionals.add_many(new)
    report.imported += len(new)
    for professional in batch:
        state = on_file.get(professional.document)
        if state is None:
            continue
        if state.registry_hash == professional.registry_hash or state.status != ProfessionalStatus.NOT_STARTED:
            report.unchanged += 1
        else:
            try:
                professionals.replace_registry_data(professional, state.version)
                report.imported += 1
            except Conflict:
                # They started the campaign a moment ago: their data stands.
                report.unchanged += 1
