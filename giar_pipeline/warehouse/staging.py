"""Per-batch staging files: what each step of a batch produced, as Parquet beside its manifest.

    LANDING/.giar/batches/<key>/raw.parquet         one row per distinct document, with its bytes
                                /normalized.parquet  decoded encoding and normalized text lines
                                /<table>.parquet     reports, report_cells, check_violations rows

                                /batch_documents.parquet  every name the batch found, copies included

Raw bytes are snapshotted so that re-running a batch gives the same rows even
after the landing files moved; the extracted tables are exactly what the
warehouse loads (bulk, from Arrow) and what quality checks read. Each file is
written under a name of its own process and renamed into place, so concurrent
runs on one batch never trip over each other's temporary files. Every step is
bounded per document (:mod:`giar_pipeline.extract.limits`).
"""

from __future__ import annotations

import hashlib
import os
import uuid
from collections import defaultdict
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from ..extract.document import quarantined
from ..extract.limits import Limits, bounded, extract_bounded, read_bounded
from ..failpoints import failpoint
from ..files import display_path
from ..model import Report
from ..normalize import DecodeError, decode, normalize
from ..progress import track
from .landing import Entry, batch_dir, read_batch
from .rows import report_id, to_tables
from .schema import BATCH_DOCUMENTS, EXTRACTED

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
NORMALIZED_SCHEMA = pa.schema(
    [
        ("report_id", pa.string()),
        ("encoding", pa.string()),
        ("traditional", pa.bool_()),
        ("lines", pa.int32()),
        ("text", pa.string()),
        ("decode_error", pa.string()),
    ]
)


DOCUMENTS_SCHEMA = pa.schema(
    [("report_id", pa.string()), ("source_path", pa.string()), ("also_seen_as", pa.list_(pa.string()))]
)


def _write(table: pa.Table, path: Path) -> pa.Table:
    tmp = path.with_name(f"{path.name}.{os.getpid()}-{uuid.uuid4().hex[:8]}.tmp")
    try:
        pq.write_table(table, tmp, compression="zstd")
        os.replace(tmp, path)  # atomic; the last of two identical writers wins, both see a whole file
    finally:
        tmp.unlink(missing_ok=True)
    return table


def read(landing: Path, key: str, name: str) -> pa.Table:
    """A staged table of a batch: ``raw``, ``normalized`` or a warehouse table name."""
    return pq.read_table(batch_dir(landing, key) / f"{name}.parquet")


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


def stage_raw(landing: Path, key: str, limits: Limits = Limits()) -> pa.Table:
    """Snapshot the batch's documents; the same content under several names is one document.
    Also stages every name the batch found (``batch_documents``), copies of earlier content included."""
    landing = Path(landing)
    batch = read_batch(landing, key)
    entries: dict[str, list[Entry]] = defaultdict(list)
    for e in batch.entries:
        entries[e.sha256].append(e)
    rows, names = [], []
    for sha, group in entries.items():
        first = min(group, key=lambda e: e.path)
        source, others = _names(landing, [e.path for e in group])
        content, error = _read_doc(landing / first.path, first, limits)
        rows.append((report_id(sha), sha, source, others, content, error))
        names.append((report_id(sha), source, others))
    aliases: dict[str, list[str]] = defaultdict(list)
    for e in batch.aliases:
        aliases[e.sha256].append(e.path)
    names += [(report_id(sha), *_names(landing, rels)) for sha, rels in aliases.items()]
    _write(
        pa.Table.from_pylist([dict(zip(DOCUMENTS_SCHEMA.names, r)) for r in names], DOCUMENTS_SCHEMA),
        batch_dir(landing, key) / "batch_documents.parquet",
    )
    return _write(
        pa.Table.from_pylist([dict(zip(RAW_SCHEMA.names, r)) for r in rows], RAW_SCHEMA),
        batch_dir(landing, key) / "raw.parquet",
    )


def _normalized(content: bytes | None, limits: Limits) -> tuple:
    if content is None:
        return None, None, None, None, "not read"
    try:
        done = bounded(lambda: _normalize(content), limits)
    except DecodeError as e:
        return None, None, None, None, str(e)
    except Exception as e:  # a normalizer bug costs one document, never the batch
        return None, None, None, None, f"internal error while normalizing ({type(e).__name__}: {e})"
    if done is None:
        return None, None, None, None, limits.too_slow()
    encoding, doc = done
    return encoding, doc.traditional, len(doc.lines), "\n".join(doc.lines), None


def _normalize(content: bytes):
    text, encoding = decode(content)
    return encoding, normalize(text)


def stage_normalized(landing: Path, key: str, limits: Limits = Limits()) -> pa.Table:
    raw = read(landing, key, "raw").select(["report_id", "content"]).to_pylist()
    rows = [(r["report_id"], *_normalized(r["content"], limits)) for r in track(raw, f"normalize {key}")]
    return _write(
        pa.Table.from_pylist([dict(zip(NORMALIZED_SCHEMA.names, r)) for r in rows], NORMALIZED_SCHEMA),
        batch_dir(landing, key) / "normalized.parquet",
    )


def _extract(row: dict, limits: Limits, timed_out: set[str]) -> Report:
    source, sha = row["source_path"], row["sha256"]
    if row["content"] is None:
        return quarantined(source, sha, row["read_error"])
    if row["report_id"] in timed_out:  # normalizing alone ran out of time: extracting would too, again
        return quarantined(source, sha, limits.too_slow())
    return extract_bounded(row["content"], source, limits, sha)  # never raises, never past the time limit


def _timed_out(landing: Path, key: str, limits: Limits) -> set[str]:
    """Documents whose normalization this batch stopped at the time limit."""
    if not (batch_dir(landing, key) / "normalized.parquet").exists():
        return set()
    rows = read(landing, key, "normalized").select(["report_id", "decode_error"]).to_pylist()
    return {r["report_id"] for r in rows if r["decode_error"] == limits.too_slow()}


def stage_extracted(landing: Path, key: str, limits: Limits = Limits()) -> list[Report]:
    """Extract every document of the batch; write the warehouse rows; return the reports.

    ``check_violations`` gets the extractor's relation findings and the catalogue's per-cell
    integrity findings (a negative or fractional count): facts about one document, never a
    reason to hold back the others."""
    timed_out = _timed_out(landing, key, limits)
    reports = []
    for r in track(read(landing, key, "raw").to_pylist(), f"extract {key}"):
        reports.append(_extract(r, limits, timed_out))
        failpoint("extract")  # fault-injection tests kill the run here, after one document
    for name, table in to_tables(reports).items():
        _write(table, batch_dir(landing, key) / f"{name}.parquet")
    return reports


def read_extracted(landing: Path, key: str) -> dict[str, pa.Table]:
    """The warehouse rows a batch staged, by table name (``batch_documents`` too, when staged)."""
    out = {t.name: read(landing, key, t.name) for t in EXTRACTED}
    if (batch_dir(landing, key) / f"{BATCH_DOCUMENTS.name}.parquet").exists():
        out[BATCH_DOCUMENTS.name] = read(landing, key, BATCH_DOCUMENTS.name)
    return out
