"""Per-batch staging files: what each step of a batch produced, as Parquet beside its manifest.

    LANDING/.giar/batches/<key>/raw.parquet         one row per distinct document, with its bytes
                                /normalized.parquet  decoded encoding and normalized text lines
                                /<table>.parquet     reports, report_cells, check_violations rows

Raw bytes are snapshotted so that re-running a batch gives the same rows even
after the landing files moved; the extracted tables are exactly what the
warehouse loads (bulk, from Arrow) and what quality checks read.
"""
from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from ..extract import extract_document
from ..extract.document import quarantined
from ..model import Report
from ..normalize import DecodeError, decode, normalize
from ..progress import track
from .frames import report_id, to_tables
from .landing import batch_dir, read_batch, sha256_file
from .schema import EXTRACTED

RAW_SCHEMA = pa.schema([("report_id", pa.string()), ("sha256", pa.string()), ("source_path", pa.string()),
                        ("also_seen_as", pa.list_(pa.string())), ("content", pa.binary()),
                        ("read_error", pa.string())])
NORMALIZED_SCHEMA = pa.schema([("report_id", pa.string()), ("encoding", pa.string()), ("traditional", pa.bool_()),
                               ("lines", pa.int32()), ("text", pa.string()), ("decode_error", pa.string())])


def _write(table: pa.Table, path: Path) -> pa.Table:
    tmp = path.with_suffix(".tmp")
    pq.write_table(table, tmp, compression="zstd")
    tmp.replace(path)
    return table


def read(landing: Path, key: str, name: str) -> pa.Table:
    """A staged table of a batch: ``raw``, ``normalized`` or a warehouse table name."""
    return pq.read_table(batch_dir(landing, key) / f"{name}.parquet")


def _read_doc(path: Path, sha: str) -> tuple[bytes | None, str | None]:
    try:
        if sha256_file(path) != sha:
            return None, "the file changed after it was registered; its new content is a new document"
        return path.read_bytes(), None
    except OSError as e:
        return None, f"cannot read the file: {e.strerror or e}"


def stage_raw(landing: Path, key: str) -> pa.Table:
    """Snapshot the batch's documents; the same content under several names is one document."""
    landing = Path(landing)
    paths: dict[str, list[str]] = defaultdict(list)
    for e in read_batch(landing, key).entries:
        paths[e.sha256].append(e.path)
    rows = []
    for sha, rels in paths.items():
        first, *others = sorted(rels)
        content, error = _read_doc(landing / first, sha)
        rows.append((report_id(sha), sha, str(landing / first), others, content, error))
    return _write(pa.Table.from_pylist([dict(zip(RAW_SCHEMA.names, r)) for r in rows], RAW_SCHEMA),
                  batch_dir(landing, key) / "raw.parquet")


def _normalized(content: bytes | None) -> tuple:
    if content is None:
        return None, None, None, None, "not read"
    try:
        text, encoding = decode(content)
        doc = normalize(text)
    except DecodeError as e:
        return None, None, None, None, str(e)
    except Exception as e:  # a normalizer bug costs one document, never the batch
        return None, None, None, None, f"internal error while normalizing ({type(e).__name__}: {e})"
    return encoding, doc.traditional, len(doc.lines), "\n".join(doc.lines), None


def stage_normalized(landing: Path, key: str) -> pa.Table:
    raw = read(landing, key, "raw").select(["report_id", "content"]).to_pylist()
    rows = [(r["report_id"], *_normalized(r["content"])) for r in track(raw, f"normalize {key}")]
    return _write(pa.Table.from_pylist([dict(zip(NORMALIZED_SCHEMA.names, r)) for r in rows], NORMALIZED_SCHEMA),
                  batch_dir(landing, key) / "normalized.parquet")


def _extract(row: dict) -> Report:
    source, sha = row["source_path"], row["sha256"]
    if row["content"] is None:
        return quarantined(source, sha, row["read_error"])
    return extract_document(row["content"], source)  # never raises: a bad document comes back quarantined


def stage_extracted(landing: Path, key: str) -> list[Report]:
    """Extract every document of the batch; write the warehouse rows; return the reports."""
    reports = [_extract(r) for r in track(read(landing, key, "raw").to_pylist(), f"extract {key}")]
    for name, table in to_tables(reports).items():
        _write(table, batch_dir(landing, key) / f"{name}.parquet")
    return reports


def read_extracted(landing: Path, key: str) -> dict[str, pa.Table]:
    """The warehouse rows a batch staged, by table name."""
    return {t.name: read(landing, key, t.name) for t in EXTRACTED}
