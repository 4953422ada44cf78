"""What a staging step wrote, counted chunk by chunk as it streams: the figures the assets show,
without holding a batch's rows. Tallies of several batches add up with ``+=``."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, fields

import pyarrow as pa
import pyarrow.compute as pc

PREVIEW_ROWS = 10


class _Tally:
    def __iadd__(self, other):
        for f in fields(self):
            total = getattr(self, f.name) + getattr(other, f.name)
            setattr(self, f.name, total[:PREVIEW_ROWS] if f.name == "preview" else total)
        return self

    def _keep(self, table: pa.Table) -> None:
        if len(self.preview) < PREVIEW_ROWS:
            self.preview += table.slice(0, PREVIEW_ROWS - len(self.preview)).to_pylist()


@dataclass
class Raw(_Tally):
    documents: int = 0
    bytes: int = 0
    unreadable: list[tuple[str, str]] = field(default_factory=list)  # (source_path, read_error)

    def add(self, table: pa.Table) -> None:
        self.documents += table.num_rows
        self.bytes += pc.sum(pc.binary_length(table["content"])).as_py() or 0
        failed = table.filter(pc.is_valid(table["read_error"])).select(["source_path", "read_error"])
        self.unreadable += [tuple(r.values()) for r in failed.to_pylist()]


@dataclass
class Normalized(_Tally):
    documents: int = 0
    encodings: Counter = field(default_factory=Counter)  # undecodable documents count as None
    decode_errors: Counter = field(default_factory=Counter)
    preview: list[dict] = field(default_factory=list)  # report_id, encoding, lines

    def add(self, table: pa.Table) -> None:
        self.documents += table.num_rows
        self.encodings.update(table["encoding"].to_pylist())
        self.decode_errors.update(e for e in table["decode_error"].to_pylist() if e)
        self._keep(table.select(["report_id", "encoding", "lines"]))


@dataclass
class Extracted(_Tally):
    reports: int = 0
    cells: int = 0
    uncertain_cells: int = 0
    replaced_bytes: int = 0  # damage decoding repaired
    violations: int = 0  # check_violations rows: relations and the catalogue's per-cell rules
    by_status_and_template: Counter = field(default_factory=Counter)
    quarantine_reasons: Counter = field(default_factory=Counter)
    violations_by_relation: Counter = field(default_factory=Counter)
    preview: list[dict] = field(default_factory=list)  # reports rows

    def add(self, tables: dict[str, pa.Table]) -> None:
        reports, cells, violations = tables["reports"], tables["report_cells"], tables["check_violations"]
        self.reports += reports.num_rows
        self.cells += cells.num_rows
        self.uncertain_cells += pc.sum(cells["uncertain"]).as_py() or 0
        self.replaced_bytes += pc.sum(reports["replaced_bytes"]).as_py() or 0
        self.violations += violations.num_rows
        self.by_status_and_template.update(zip(reports["status"].to_pylist(), reports["template"].to_pylist()))
        self.quarantine_reasons.update(r for r in reports["reason"].to_pylist() if r)
        self.violations_by_relation.update(violations["relation"].to_pylist())
        self._keep(reports)
