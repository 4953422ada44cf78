"""dbt-like SQL models: plain ``.sql`` files run against the warehouse in dependency order.

Each file is one model named after the file. Its first line says how it is
materialized (``-- materialized: view`` or ``-- materialized: table``).
``{{ macro('arg') }}`` calls are expanded from the catalogue before anything
else (see :mod:`.macros`). A model's dependencies are the names of other
models and warehouse tables it reads (FROM/JOIN), parsed from the expanded SQL, so
they are written once: in the query itself.

The models live in the repository's top-level ``dbt_like_sql/``; a wheel maps that folder into the
package (``giar_pipeline/dbt_like_sql``, pyproject.toml), where :mod:`importlib.resources` finds it.
"""

from __future__ import annotations

import graphlib
import os
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from ..failpoints import failpoint
from .macros import expand
from .schema import TABLES
from .transaction import retry_conflicts


def shipped_sql_dir() -> Path:
    """The models of an installed wheel, else the checkout's top-level folder (a source tree or an
    editable install, where the package holds no copy)."""
    shipped = resources.files("giar_pipeline") / "dbt_like_sql"
    if shipped.is_dir():
        return Path(str(shipped))
    return Path(__file__).resolve().parents[2] / "dbt_like_sql"


SQL_DIR = Path(os.environ.get("GIAR_SQL_DIR") or shipped_sql_dir())
SOURCES = frozenset(TABLES)  # warehouse tables a model may read
_CONFIG = re.compile(r"--\s*materialized:\s*(view|table)\s*$")
_NOISE = re.compile(r"--[^\n]*|/\*.*?\*/|'(?:[^']|'')*'", re.S)  # comments and string literals
_READ = re.compile(r'\b(?:FROM|JOIN)\s+(?:"([^"]+)"|([A-Za-z_][A-Za-z0-9_]*))', re.I)


@dataclass(frozen=True)
class Model:
    name: str
    materialized: str  # "view" | "table"
    sql: str  # expanded SELECT
    deps: tuple[str, ...]  # models and warehouse tables it reads
    description: str
    path: Path


def references(sql: str, names: set[str] | frozenset[str]) -> set[str]:
    """Relations of ``names`` that ``sql`` reads (after FROM or JOIN), outside comments and string literals."""
    words = {(q or w).lower() for q, w in _READ.findall(_NOISE.sub(" ", sql))}
    return words & names


def _parse(path: Path, names: set[str]) -> Model:
    text = path.read_text(encoding="utf-8")
    first, _, body = text.partition("\n")
    m = _CONFIG.match(first.strip())
    if not m:
        raise ValueError(f"{path}: the first line must be '-- materialized: view' or '-- materialized: table'")
    doc = [ln.lstrip("- ").strip() for ln in body.splitlines() if ln.startswith("--")]
    sql = expand(body).strip().rstrip(";")
    deps = references(sql, (names | SOURCES) - {path.stem})
    return Model(path.stem, m.group(1), sql, tuple(sorted(deps)), " ".join(doc), path)


def discover(sql_dir: Path = SQL_DIR) -> dict[str, Model]:
    """Every model of ``sql_dir``, in an order where each comes after what it reads."""
    paths = sorted(Path(sql_dir).glob("*.sql"))
    names = {p.stem for p in paths}
    models = {p.stem: _parse(p, names) for p in paths}
    order = graphlib.TopologicalSorter({n: [d for d in m.deps if d in models] for n, m in models.items()})
    return {n: models[n] for n in order.static_order()}  # raises CycleError on a cycle


def run_model(conn, model: Model) -> int:
    """(Re)build one model; return its row count."""
    retry_conflicts(
        lambda: conn.execute(f"CREATE OR REPLACE {model.materialized.upper()} {model.name} AS\n{model.sql}").fetchall()
    )
    failpoint("models")  # fault-injection tests kill the run here
    return conn.execute(f"SELECT count(*) FROM {model.name}").fetchall()[0][0]


def run_all(conn, models: dict[str, Model] | None = None) -> dict[str, int]:
    """Every model in dependency order; row counts by model."""
    return {name: run_model(conn, m) for name, m in (models or discover()).items()}
