"""Per-batch staging files: what each step of a batch produced, as Parquet beside its manifest.

    LANDING/.giar/batches/<key>/raw.parquet         one row per distinct document, with its bytes
                                /normalized.parquet  each document decoded and normalized once: its
                                                     text lines, and the document extraction reads
                                /<table>.parquet     reports, report_cells, check_violations rows

                                /batch_documents.parquet  every name the batch found, copies included

Raw bytes are snapshotted so that re-running a batch gives the same rows even
after the landing files moved; the extracted tables are exactly what the
warehouse loads (DuckDB reads the files) and what quality checks read.

Every step streams: it reads and writes a Parquet row group at a time (:mod:`.rowgroups`:
written under a name of its own process and renamed into place, so concurrent runs on one
batch never trip over each other's temporary files), hands :data:`TASK_DOCUMENTS` at a
time to worker processes (``jobs``: 0 = all cores, 1 = in this process; the files are the
same either way), and returns a :mod:`~.tally` of what it wrote, so no step holds a
batch's bytes, texts or reports at once.
Every step is bounded per document (:mod:`giar_pipeline.extract.limits`).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterator
from functools import partial
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from ..extract.limits import Limits, read_bounded
from ..failpoints import failpoint
from ..files import display_path
from ..normalize.serial import StaleDocument
from ..progress import track
from ..quality.matrices import CELL_COLUMNS
from . import rowgroups, tally
from .landing import Entry, batch_dir, read_batch
from .rows import report_id
from .schema import BATCH_DOCUMENTS, EXTRACTED
from .work import NORMALIZED_SCHEMA, extract_chunk, normalize_chunk
from .workers import cores, ordered_map

TASK_DOCUMENTS = 32  # per worker task: amortizes inter-process overhead, keeps order cheap

RAW_SCHEMA = pa.schema(
    [
        ("report_id", pa.string()),
        ("sha256", pa.string()),
        ("source_path", pa.string()),
        ("also_seen_as", pa.list_(pa.string())),
        ("content", pa.binary()),
        ("read_error", pa.string()),
    ]
)
DOCUMENTS_SCHEMA = pa.schema(
    [("report_id", pa.string()), ("source_path", pa.string()), ("also_seen_as", pa.list_(pa.string()))]
)


def path(landing: Path, key: str, name: str) -> Path:
    """The staged file of a batch: ``raw``, ``normalized`` or a warehouse table name."""
    return batch_dir(landing, key) / f"{name}.parquet"


def read(landing: Path, key: str, name: str, columns: list[str] | None = None) -> pa.Table:
    """A staged table of a batch (whole: for small batches and tests; the steps stream)."""
    return pq.read_table(path(landing, key, name), columns=columns)


def _jobs(jobs: int, documents: int) -> int:
    """Worker processes worth starting: ``jobs`` (0: all cores), no more than there are tasks."""
    return max(1, min(jobs or cores(), -(-documents // TASK_DOCUMENTS)))


def _read_doc(path: Path, entry: Entry, limits: Limits) -> tuple[bytes | None, str | None]:
    if entry.error:
        return None, entry.error
    content, error = read_bounded(path, limits)
    if content is not None and hashlib.sha256(content).hexdigest() != entry.sha256:
        return None, "the file changed after it was registered; its new content is a new document"
    return content, error


def _names(landing: Path, rels: list[str]) -> tuple[str, list[str]]:
    first, *others = sorted(rels)
    return display_path(landing / first), [display_path(landing / o) for o in others]


def _raw_row(landing: Path, sha: str, group: list[Entry], limits: Limits) -> dict:
    first = min(group, key=lambda e: e.path)
    source, others = _names(landing, [e.path for e in group])
    content, error = _read_doc(landing / first.path, first, limits)
    return dict(zip(RAW_SCHEMA.names, (report_id(sha), sha, source, others, content, error)))


def stage_raw(landing: Path, key: str, limits: Limits = Limits()) -> tally.Raw:
    """Snapshot the batch's documents; the same content under several names is one document.
    Also stages every name the batch found (``batch_documents``), copies of earlier content included."""
    landing = Path(landing)
    batch = read_batch(landing, key)
    entries: dict[str, list[Entry]] = defaultdict(list)
    for e in batch.entries:
        entries[e.sha256].append(e)
    aliases: dict[str, list[str]] = defaultdict(list)
    for e in batch.aliases:
        aliases[e.sha256].append(e.path)
    names = [(report_id(sha), *_names(landing, [e.path for e in group])) for sha, group in entries.items()]
    names += [(report_id(sha), *_names(landing, rels)) for sha, rels in aliases.items()]
    documents = pa.Table.from_pylist([dict(zip(DOCUMENTS_SCHEMA.names, r)) for r in names], DOCUMENTS_SCHEMA)
    out = tally.Raw()
    names_file, raw_file = path(landing, key, BATCH_DOCUMENTS.name), path(landing, key, "raw")
    with rowgroups.writing({names_file: DOCUMENTS_SCHEMA, raw_file: RAW_SCHEMA}) as add:
        add({names_file: documents}, 0)
        for chunk in track(rowgroups.chunks(entries.items(), TASK_DOCUMENTS), f"read {key}", len(entries)):
            table = pa.Table.from_pylist([_raw_row(landing, sha, group, limits) for sha, group in chunk], RAW_SCHEMA)
            add({raw_file: table}, table.num_rows)
            out.add(table)
    return out


def stage_normalized(landing: Path, key: str, limits: Limits = Limits(), jobs: int = 0) -> tally.Normalized:
    """Decode and normalize every document of the batch, once: what extraction reads."""
    out = tally.Normalized()
    staged = path(landing, key, "normalized")
    with pq.ParquetFile(path(landing, key, "raw")) as raw, rowgroups.writing({staged: NORMALIZED_SCHEMA}) as add:
        n = raw.metadata.num_rows
        tasks = track(
            rowgroups.rows(raw, ["report_id", "content", "read_error"], TASK_DOCUMENTS), f"normalize {key}", n
        )
        for table in ordered_map(partial(normalize_chunk, limits=limits), tasks, _jobs(jobs, n)):
            add({staged: table}, table.num_rows)
            out.add(table)
    return out


def _named(normalized: pq.ParquetFile, names: pa.Table) -> Iterator[list[dict]]:
    """The normalized rows with each document's ``source_path`` and ``sha256`` (from raw.parquet)."""
    named = iter(names.to_pylist())
    for rows in rowgroups.rows(normalized, ["report_id", "document", "replaced_bytes", "reason"], TASK_DOCUMENTS):
        for r in rows:
            r |= next(named)
        yield rows


def _check_normalized(file: pq.ParquetFile, names: pa.Table, key: str) -> None:
    if "document" not in file.schema_arrow.names:
        raise StaleDocument(f"batch {key} was normalized by an earlier giar: materialize normalized_documents again")
    ids = file.read(columns=["report_id"]).column("report_id")
    if ids.to_pylist() != names.column("report_id").to_pylist():
        raise StaleDocument(
            f"batch {key}: normalized.parquet holds other documents than raw.parquet: "
            "materialize normalized_documents again"
        )


def stage_extracted(landing: Path, key: str, limits: Limits = Limits(), jobs: int = 0) -> tally.Extracted:
    """Extract every normalized document of the batch; write the warehouse rows.

    ``check_violations`` gets the extractor's relation findings and the catalogue's per-cell
    integrity findings (a negative or fractional count): facts about one document, never a
    reason to hold back the others."""
    staged = path(landing, key, "normalized")
    if not staged.exists():
        raise FileNotFoundError(f"{staged} is missing: materialize normalized_documents for batch {key} first")
    names = read(landing, key, "raw", columns=["report_id", "source_path", "sha256"])
    out = tally.Extracted()
    files = {t.name: path(landing, key, t.name) for t in EXTRACTED}
    with (
        pq.ParquetFile(staged) as normalized,
        rowgroups.writing({files[t.name]: t.arrow_schema for t in EXTRACTED}) as add,
    ):
        _check_normalized(normalized, names, key)
        tasks = track(_named(normalized, names.select(["source_path", "sha256"])), f"extract {key}", names.num_rows)
        for tables in ordered_map(partial(extract_chunk, limits=limits), tasks, _jobs(jobs, names.num_rows)):
            add({files[name]: t for name, t in tables.items()}, tables["reports"].num_rows)
            out.add(tables)
            failpoint("extract")  # fault-injection tests kill the run here, after the first chunk
    return out


def read_checked(landing: Path, key: str) -> tuple[pa.Table, pa.Table]:
    """A batch's ``reports`` and the ``report_cells`` columns the quality checks read, codes
    dictionary-encoded (a quarter of the memory); files of releases before ``uncertain`` lack it."""
    cells = path(landing, key, "report_cells")
    columns = [c for c in CELL_COLUMNS if c in pq.read_schema(cells).names]
    codes = [c for c in columns if c.endswith(("_id", "_code"))]
    return read(landing, key, "reports"), pq.read_table(cells, columns=columns, read_dictionary=codes)


def extracted_files(landing: Path, key: str) -> dict[str, Path]:
    """The staged files of a batch's warehouse rows, by table name (``batch_documents`` too, when staged)."""
    out = {t.name: path(landing, key, t.name) for t in EXTRACTED}
    if path(landing, key, BATCH_DOCUMENTS.name).exists():
        out[BATCH_DOCUMENTS.name] = path(landing, key, BATCH_DOCUMENTS.name)
    return out


def read_extracted(landing: Path, key: str) -> dict[str, pa.Table]:
    """The warehouse rows a batch staged, by table name, read whole."""
    return {name: pq.read_table(p) for name, p in extracted_files(landing, key).items()}
