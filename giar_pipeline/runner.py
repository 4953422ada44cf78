"""`giar run LANDING_DIR [--warehouse FILE] [--checks-json FILE] [--jobs N] [--batch-documents N]
[--time-limit S] [--size-limit-mb MB]`: the whole asset graph, headless.

0. Take the folder's run lock: a second `giar run` on the same folder waits for the first (saying
   for whom), then finds its work done, so concurrent runs all succeed and nothing is done twice.
1. Sweep the landing folder: new content becomes batches of at most ``--batch-documents``
   documents each (as the sensor does).
2. Register every batch of the folder as a partition of the Dagster instance
   (``$DAGSTER_HOME`` when it exists, so `make ui` shows the runs; else ephemeral).
3. Run the graph in-process over the batches the warehouse does not hold yet
   (one single-run range: one load transaction), asset checks included, staging with
   ``--jobs`` worker processes; with nothing pending, only the SQL models and their checks
   run (idempotent).
Exit 0 when the run succeeded, whatever the reports say; 1 when a step failed or the warehouse stayed
held by another program past the wait (the message names its PID); 2 when the landing folder is
unusable. Folders the sweep could not list are warned about and noted in the summary.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path

import dagster as dg
import duckdb

from . import progress
from .extract.limits import Limits
from .files import display_path
from .warehouse.landing import MAX_BATCH_DOCUMENTS, sweep
from .warehouse.load import loaded_batches
from .warehouse.locks import WarehouseBusy, connect, file_lock, lock_path, writer_lock


def _say(msg: str) -> None:
    print(f"giar run: {msg}", file=sys.stderr, flush=True)


def default_instance() -> dg.DagsterInstance:
    home = os.environ.get("DAGSTER_HOME")
    return dg.DagsterInstance.get() if home and Path(home).is_dir() else dg.DagsterInstance.ephemeral()


@dataclass(frozen=True)
class Settings:
    """How a run stages: per-document limits, batch size, worker processes (0: all cores)."""

    limits: Limits = Limits()
    batch_documents: int = MAX_BATCH_DOCUMENTS
    jobs: int = 0


def pending_batches(
    landing: Path, warehouse: Path, problems: list[str] | None = None, batch_documents: int = MAX_BATCH_DOCUMENTS
) -> tuple[list[str], list[str]]:
    """(every batch key of the folder after a sweep, those the warehouse does not hold), oldest first."""
    on_disk, new = sweep(landing, problems, batch_documents)
    if new:
        aliases = sum(len(b.aliases) for b in new)
        _say(
            f"{sum(len(b.entries) for b in new)} new documents"
            + (f", {aliases} new names of known documents" if aliases else "")
            + (f" → batch {new[0].key}" if len(new) == 1 else f" → {len(new)} batches {new[0].key} … {new[-1].key}")
        )
    else:
        _say("no new documents")
    for p in problems or ():
        _say(f"warning: {p}")
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    with writer_lock(warehouse), connect(warehouse) as conn:
        loaded = loaded_batches(conn)
    return list(on_disk), [k for k in on_disk if k not in loaded]


def execute(
    defs: dg.Definitions,
    instance: dg.DagsterInstance,
    landing: Path,
    warehouse: Path,
    pending: list[str],
    settings: Settings = Settings(),
) -> dg.ExecuteInProcessResult:
    job = defs.resolve_implicit_global_asset_job_def()
    graph = defs.resolve_asset_graph()
    landing_config = {
        "path": str(landing),
        "time_limit_seconds": settings.limits.seconds,
        "size_limit_mb": settings.limits.max_mb,
        "batch_documents": settings.batch_documents,
        "jobs": settings.jobs,
    }
    run_config = {
        "resources": {"landing": {"config": landing_config}},
        "loggers": {"console": {"config": {"log_level": "INFO"}}},
    }
    run_config["resources"]["duckdb"] = {"config": {"database": str(warehouse)}}
    if pending:
        # batches are registered oldest first, so the range covers every pending one
        # (and re-loads, identically, any loaded batch between them)
        tags = {"dagster/asset_partition_range_start": pending[0], "dagster/asset_partition_range_end": pending[-1]}
        selection = None
    else:
        tags, selection = {}, [k for k in graph.get_all_asset_keys() if graph.get(k).partitions_def is None]
    return job.execute_in_process(
        run_config=run_config, instance=instance, tags=tags, asset_selection=selection, raise_on_error=False
    )


SEVERITY = {dg.AssetCheckSeverity.ERROR: "error", dg.AssetCheckSeverity.WARN: "warning"}  # as check_violations


def _partition(evaluation) -> str | None:
    """The batch a check evaluated. Dagster records none for a range run, so the check's own
    ``batches`` metadata names it: one key, or ``first...last`` (Dagster's range notation)."""
    if evaluation.partition:
        return evaluation.partition
    batches = evaluation.metadata.get("batches")
    keys = [k for k in str(batches.value).split(", ") if k] if batches is not None else []
    return None if not keys else keys[0] if len(keys) == 1 else f"{keys[0]}...{keys[-1]}"


def check_records(result: dg.ExecuteInProcessResult) -> list[dict]:
    """Every asset check evaluation of the run, in the shape CONTRACT.md gives `--checks-json`."""
    out = []
    for e in result.get_asset_check_evaluations():
        failing = e.metadata.get("failing_reports")
        out.append(
            {
                "check": e.check_name,
                "asset": e.asset_key.to_user_string(),
                "partition": _partition(e),
                "passed": e.passed,
                "severity": SEVERITY[e.severity],
                "failing_reports": list(failing.value) if failing is not None else [],
            }
        )
    return out


def summary(warehouse: Path, problems: list[str] = ()) -> str:
    with writer_lock(warehouse), connect(warehouse) as conn:
        lines = [f"warehouse {warehouse}:"]
        for status, template, n in conn.execute(
            "SELECT status, coalesce(template, '-'), count(*) FROM reports GROUP BY ALL ORDER BY ALL"
        ).fetchall():
            lines.append(f"  reports {status:<12} {template:<6} {n:>7}")
        (unsure,) = conn.execute("SELECT count(*) FROM report_cells WHERE uncertain").fetchone()
        lines.append(f"  uncertain cells {unsure:>15}")
        for severity, n in conn.execute(
            "SELECT severity, count(*) FROM check_violations GROUP BY ALL ORDER BY ALL"
        ).fetchall():
            lines.append(f"  violations {severity:<9} {n:>14}")
    if problems:
        lines.append(
            f"  not swept: {len(problems)} folder(s) could not be listed; their files are not in the warehouse:"
        )
        lines += [f"    {p}" for p in problems]
    return "\n".join(lines)


def run(
    landing: str | Path,
    warehouse: str | Path = "giar.duckdb",
    checks_json: str | Path | None = None,
    instance: dg.DagsterInstance | None = None,
    settings: Settings = Settings(),
) -> int:
    landing, warehouse = Path(landing), Path(warehouse)
    os.environ.setdefault(progress.ENV, "1")  # library loops draw bars on stderr
    if not landing.is_dir():
        _say(f"{display_path(landing)} is not a folder")
        return 2
    try:
        with file_lock(lock_path(landing, "run"), f"another giar run on {display_path(landing)}", _say):
            return _run(landing, warehouse, checks_json, instance, settings)
    except WarehouseBusy as e:
        _say(str(e))
        return 1
    except duckdb.IOException as e:  # not a DuckDB file, a folder giar may not write, a full disk
        _say(f"cannot use the warehouse {display_path(warehouse)}: {e}")
        return 1
    except PermissionError as e:  # a landing folder giar cannot keep its state in
        _say(str(e))
        return 2


def _run(landing: Path, warehouse: Path, checks_json, instance, settings: Settings) -> int:
    from .definitions import defs  # Dagster definitions load only when a run needs them

    instance = instance or default_instance()
    problems: list[str] = []
    batches, pending = pending_batches(landing, warehouse, problems, settings.batch_documents)
    instance.add_dynamic_partitions("ingest_batch", batches)  # known keys are left as they are
    _say(f"materializing {len(pending)} batch(es) of {len(batches)}" if pending else "refreshing the SQL models")
    result = execute(defs, instance, landing, warehouse, pending, settings)
    checks = check_records(result)
    if checks_json:
        Path(checks_json).write_text(json.dumps(checks, ensure_ascii=False, indent=1), encoding="utf-8")
    failed = [c for c in checks if not c["passed"]]
    print(summary(warehouse, problems))
    print(f"  asset checks: {len(checks) - len(failed)} passed, {len(failed)} failed")
    if not result.success:
        _say("the pipeline failed (see the step errors above)")
        return 1
    return 0


def main(args) -> int:
    settings = Settings(Limits(args.time_limit, args.size_limit_mb), args.batch_documents, args.jobs)
    return run(args.landing, args.warehouse, args.checks_json, settings=settings)
