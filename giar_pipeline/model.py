"""The records the pure library produces: one :class:`Report` per raw document."""

from __future__ import annotations

from dataclasses import dataclass, field

Number = int | float


@dataclass(slots=True)
class Cell:
    """One extracted value of a report, at a catalogue (table, row, column): a row of ``report_cells``."""

    table: str
    row: str
    col: str
    value: Number | None = None
    raw: str | None = None  # the source text the value was read from
    line: int | None = None  # 1-based line in the decoded source document
    uncertain: bool = False  # the document leaves the value undecided (value is None): never a guess


@dataclass(slots=True)
class Violation:
    relation: str
    member: str | None
    name: str  # relation[member], as the contract names violations
    severity: str  # "error" (eq) | "warning" (le)
    left_value: float
    right_value: float


@dataclass(slots=True)
class Report:
    source: str
    sha256: str
    status: str = "ok"  # "ok" | "quarantined"
    reason: str | None = None
    template: str | None = None
    report_year: int | None = None
    issuer: str | None = None
    published_on: str | None = None  # ISO date
    cells: list[Cell] = field(default_factory=list)
    violations: list[Violation] = field(default_factory=list)
    statements: list = field(default_factory=list)  # extract.narrative.Statement: numbers the prose restates
    replaced_bytes: int | None = None  # damaged bytes decoding replaced (None: not decoded)

    def to_json_dict(self) -> dict:
        """The `giar extract` JSON object of CONTRACT.md."""
        return {
            "source": self.source,
            "sha256": self.sha256,
            "status": self.status,
            "reason": self.reason,
            "template": self.template,
            "report_year": self.report_year,
            "issuer": self.issuer,
            "published_on": self.published_on,
            "cells": [
                {
                    "table": c.table,
                    "row": c.row,
                    "col": c.col,
                    "value": c.value,
                    "raw": c.raw,
                    "line": c.line,
                    "uncertain": c.uncertain,
                }
                for c in self.cells
            ],
            "violations": [v.name for v in self.violations],
            "replaced_bytes": self.replaced_bytes,
        }
