"""``{{ setting('issuers', 'near_duplicates.min_similarity') }}``: a value of the auditor's data files
(catalogue/issuers.yaml, audit.yaml) as a SQL literal, so thresholds are written once, as data."""

from __future__ import annotations

from ..catalogue import audit

_FILES = {"issuers": audit.issuers, "audit": audit.checks}


def setting(file: str, path: str) -> str:
    if file not in _FILES:
        raise ValueError(f"setting(): unknown file {file!r} (known: {', '.join(_FILES)})")
    value = _FILES[file]()
    for part in path.split("."):
        if not isinstance(value, dict) or part not in value:
            raise ValueError(f"setting(): {path!r} is not in {file}.yaml")
        value = value[part]
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ValueError(f"setting(): {file}.yaml {path} is not a number or a string")
    return repr(value) if not isinstance(value, str) else "'" + value.replace("'", "''") + "'"
