"""Issue 9: no document blocks another, nothing crashes, hangs or vanishes.

A generated corpus of over 1,000 hostile documents (tests/reliability_corpus.py, fixed seed) goes
through the pure path (``extract_bounded``, what ``giar extract`` and the staging steps call); a
slice of it, with file-system hostilities (undecodable names, unreadable files, unlistable
folders, copies, an oversized file), goes through a real ``giar run`` process. The README's
"Reliability" table is rendered from these results and the fault tests' table
(tests/test_reliability_faults.py); a test fails when the README is not current
(``make reliability-table`` rewrites it).
"""

from __future__ import annotations

import collections
import functools
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from giar_pipeline.extract.limits import DocumentTimeout, Limits, bounded, extract_bounded
from giar_pipeline.files import display_path, find_documents
from giar_pipeline.normalize import DecodeError, decode
from giar_pipeline.normalize.html import looks_like_html
from giar_pipeline.quality import plan, validate
from giar_pipeline.synth import render_document
from giar_pipeline.warehouse import landing, staging, to_tables

from .conftest import shared_path
from .reliability_corpus import DEFAULT_TEST_SECONDS, SEED, SEEDS, Case, corpus
from .test_reliability_faults import FAULTS

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
START, END = "<!-- reliability:start (written by tests/test_reliability.py) -->", "<!-- reliability:end -->"
SLACK = 1.0  # seconds beyond a document's limit allowed for the timer to fire and the stack to unwind


def understandable(reason: str | None) -> bool:
    """A reason a person can act on: words, no traceback, no bare exception name, not an internal error."""
    return (
        bool(reason)
        and len(reason) >= 20
        and "Traceback" not in reason
        and "internal error" not in reason
        and not re.fullmatch(r"\w+(Error|Exception)\b.*", reason)
    )


@functools.cache
def outcomes() -> tuple[tuple[Case, object, float], ...]:
    """Every case through the pure path once: (case, report, seconds)."""
    out = []
    for c in corpus():
        t = time.perf_counter()
        report = extract_bounded(c.data, c.name, c.limits)
        out.append((c, report, time.perf_counter() - t))
    return tuple(out)


def test_the_corpus_is_large_and_holds_every_class():
    cases = corpus()
    assert len(cases) >= 1000
    classes = {c.cls for c in cases}
    for needed in (
        "poison pill",
        "unknown declared charset",
        "stray byte",
        "cut mid-character",
        "NUL bytes",
        "stray `<table>`",
        "mostly not text",
        "over the size limit",
        "pathological",
        "generated report",
        *(["real seed"] if SEEDS.is_dir() else []),
    ):
        assert any(needed in k for k in classes), needed
    assert len({c.name for c in cases}) == len(cases)


def test_no_document_escapes_its_bounds_or_its_row():
    for case, report, seconds in outcomes():  # extract_bounded raising would have failed outcomes() itself
        assert report.source == case.name and report.status in ("ok", "quarantined"), case.name
        if case.expect != "either":
            assert report.status == case.expect, (case.name, report.reason)
        if report.status != "ok":
            assert understandable(report.reason), (case.name, report.reason)
        assert seconds <= case.limits.seconds + SLACK, (case.name, seconds)


def test_small_damage_is_replaced_and_counted_not_quarantined():
    damaged = [(c, r) for c, r, _ in outcomes() if c.replaced]
    assert len(damaged) >= 60
    for c, r in damaged:
        assert r.status == "ok" and r.replaced_bytes >= 1, (c.name, r.reason)
        assert r.to_json_dict()["replaced_bytes"] == r.replaced_bytes


def test_a_poison_pill_is_a_finding_about_its_report():
    poisoned = [(c, r) for c, r, _ in outcomes() if c.finding]
    assert len(poisoned) >= 40
    rows = to_tables([r for _, r in poisoned])["check_violations"].to_pylist()
    for c, r in poisoned:
        assert r.status == "ok"
        assert any(v["relation"] == c.finding and v["report_id"] == r.sha256[:16] for v in rows), c.name


def test_gx_value_checks_find_exactly_the_cell_rule_rows():
    reports = [r for c, r, _ in outcomes() if c.finding or c.cls.startswith("random") and r.status == "ok"]
    tables = to_tables(reports)
    rules = {r.name for r in plan.cell_rules()}
    want = {(v["report_id"], v["relation"]) for v in tables["check_violations"].to_pylist() if v["relation"] in rules}
    found = validate.check(tables["reports"], tables["report_cells"])
    got = {(f.report_id, f.check) for o in found if o.family.endswith("_values") for f in o.findings}
    assert want and got == want


# --- decoding and format choice, one case each ----------------------------------------------------


def test_decoding_tolerates_small_damage_and_refuses_what_is_mostly_not_text():
    text = "政府信息公开工作年度报告\n本年新收政府信息公开申请数量 12\n" * 20
    raw = text.encode()
    nul = decode(raw[:6] + b"\x00\x00" + raw[6:])  # NULs between two characters
    assert nul == (text[:2] + "  " + text[2:], "utf-8") and nul.replaced == 2
    assert decode(raw + "报".encode()[:2]).replaced == 2  # cut in the middle of the last character
    assert decode(raw[:9] + b"\xff" + raw[9:]).replaced == 1  # a stray byte between characters
    assert decode(raw).replaced == 0
    gbk = f'<meta charset="undefined"><p>{text}</p>'.encode("gb18030")
    assert decode(gbk)[1] == "gb18030"
    odd = text.encode("utf-16-le")[:-1]  # UTF-16 without a byte-order mark, cut to an odd length
    assert decode(odd) == (text[:-1] + "\ufffd", "utf-16-le") and decode(odd).replaced == 1
    with pytest.raises(DecodeError, match="not valid"):
        decode(bytes(range(128, 256)) * 40)


def test_one_stray_tag_does_not_make_plain_text_html():
    text, _ = decode(render_document(next(s for s in range(50) if render_document(s).name.endswith(".txt"))).data)
    assert not looks_like_html(text.replace("\n", "\n<table>\n", 1))
    assert looks_like_html("<table><tr><td>1</td><td>2</td></tr></table>")  # a bare fragment is HTML
    assert looks_like_html("<!DOCTYPE html>\n<html><body>x</body></html>")


def test_the_time_limit_stops_a_runaway_step_that_guards_against_exceptions():
    def runaway():
        try:
            while True:
                pass
        except Exception:  # a parser's own guard must not swallow the limit
            return "swallowed"

    t = time.perf_counter()
    assert bounded(runaway, Limits(seconds=0.2)) is None
    assert time.perf_counter() - t < 0.2 + SLACK
    assert issubclass(DocumentTimeout, BaseException) and not issubclass(DocumentTimeout, Exception)


# --- the landing folder --------------------------------------------------------------------------


def _deep_folder(root: Path, levels: int = 18) -> Path:
    """Folders nested so deep (18 × 250 characters) that the path exceeds PATH_MAX: no process, root
    included, can list the deepest ones by name. The deepest holds a report."""
    os.mkdir(root)
    fd = os.open(root, os.O_RDONLY)
    try:
        for level in range(levels):
            os.mkdir("d" * 250, dir_fd=fd)
            nxt = os.open("d" * 250, os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = nxt
            if level == levels - 1:
                with open(os.open("report.txt", os.O_CREAT | os.O_WRONLY, 0o644, dir_fd=fd), "w") as f:
                    f.write("报告")
    finally:
        os.close(fd)
    return root


def test_sweep_reports_names_unreadable_files_and_unlistable_folders(tmp_path):
    land = tmp_path / "land"
    land.mkdir()
    bad_name = os.fsdecode(b"report-\xb1\xa8\xb8\xe6.txt")  # GBK bytes: not UTF-8
    (land / bad_name).write_text("报告甲", encoding="utf-8")
    os.symlink("loop.txt", land / "loop.txt")  # reading it fails with an OS error, even for root
    (land / "a.txt").write_text("报告乙", encoding="utf-8")
    _deep_folder(land / "deep")
    problems: list[str] = []
    _, (batch,) = landing.sweep(land, problems)
    assert problems and all("cannot list the folder" in p and "not read" in p for p in problems)
    assert landing.read_batch(land, batch.key) == batch  # the undecodable name survives the manifest
    by_path = {e.path: e for e in batch.entries}
    assert bad_name in by_path and by_path[bad_name].error is None
    assert "cannot read the file" in by_path["loop.txt"].error and batch.problems == tuple(problems)
    staging.stage_raw(land, batch.key)
    raw = staging.read(land, batch.key, "raw").to_pylist()
    shown = {r["source_path"]: r for r in raw}
    assert display_path(land / bad_name) in shown and "\\xb1" in display_path(land / bad_name)
    assert shown[display_path(land / "loop.txt")]["read_error"].startswith("cannot read the file")
    staging.stage_normalized(land, batch.key)
    staging.stage_extracted(land, batch.key)
    reports = staging.read(land, batch.key, "reports").to_pylist()
    assert len(reports) == 3 and all(r["status"] == "quarantined" and understandable(r["reason"]) for r in reports)
    assert list(find_documents([str(land)])) and landing.sweep(land) == (landing.batches(land), [])


def test_state_goes_elsewhere_when_the_landing_folder_cannot_hold_it(tmp_path, monkeypatch):
    land = tmp_path / "land"
    land.mkdir()
    (land / "a.txt").write_text("报告", encoding="utf-8")
    (land / ".giar").write_text("taken", encoding="utf-8")  # as a read-only folder would, refuses the state
    monkeypatch.setenv(landing.STATE_ENV, str(tmp_path / "state"))
    _, (batch,) = landing.sweep(land)
    assert landing.state_dir(land).is_relative_to(tmp_path / "state")
    assert landing.read_batch(land, batch.key) == batch
    monkeypatch.setenv(landing.STATE_ENV, str(land / ".giar" / "x"))  # nowhere writable: a clear error, at once
    with pytest.raises(PermissionError, match=landing.STATE_ENV):
        landing.sweep(land)


def test_copies_are_named_in_batch_documents(tmp_path):
    from giar_pipeline.warehouse import load_batches

    land = tmp_path / "land"
    land.mkdir()
    (land / "a.txt").write_text("报告甲", encoding="utf-8")
    (land / "a-copy.txt").write_text("报告甲", encoding="utf-8")
    _, (first,) = landing.sweep(land)
    (land / "later-copy.txt").write_text("报告甲", encoding="utf-8")
    _, (second,) = landing.sweep(land)
    assert not second.entries and [e.path for e in second.aliases] == ["later-copy.txt"]
    with duckdb.connect(str(tmp_path / "w.duckdb")) as conn:
        for b in (first, second):
            staging.stage_raw(land, b.key)
            staging.stage_normalized(land, b.key)
            staging.stage_extracted(land, b.key)
            load_batches(conn, {b.key: staging.read_extracted(land, b.key)})
        names = conn.execute("SELECT source_path, also_seen_as FROM batch_documents ORDER BY batch").fetchall()
        assert conn.execute("SELECT count(*) FROM reports").fetchone() == (1,)
    assert names == [
        (str(land / "a-copy.txt"), [str(land / "a.txt")]),
        (str(land / "later-copy.txt"), None),
    ] or names == [(str(land / "a-copy.txt"), [str(land / "a.txt")]), (str(land / "later-copy.txt"), [])]


# --- a slice through a real `giar run` process ---------------------------------------------------

# The child reports its own peak (VmHWM of its address space): rusage's maxrss would count the
# forked copy of this test process before exec.
_MEASURED = (
    "import atexit, sys; from giar_pipeline.cli import main; "
    "atexit.register(lambda: open(sys.argv[1], 'w').write("
    "open('/proc/self/status').read().split('VmHWM:')[1].split()[0])); sys.exit(main(sys.argv[2:]))"
)


def _giar_measured(args: list[str], tmp: Path, name: str, env: dict | None = None) -> tuple[int, str, str, float]:
    """Run `giar ARGS` in its own process: (exit code, stdout, stderr, peak resident MB)."""
    peak = tmp / f"{name}.peak"
    with open(tmp / f"{name}.out", "w") as out, open(tmp / f"{name}.err", "w") as err:
        rc = subprocess.run(
            [sys.executable, "-c", _MEASURED, str(peak), *args], stdout=out, stderr=err, env=env, cwd=ROOT, timeout=600
        ).returncode
    return (
        rc,
        (tmp / f"{name}.out").read_text(encoding="utf-8"),
        (tmp / f"{name}.err").read_text(encoding="utf-8"),
        int(peak.read_text()) / 1024,
    )


def _slice() -> list[Case]:
    """Three cases of every class, the oversized ones at their own (default) limits."""
    seen: dict[str, int] = collections.Counter()
    out = []
    for c in corpus():
        if seen[c.cls] < 3 and not c.cls.startswith(("over the size", "pathological")):
            seen[c.cls] += 1
            out.append(c)
    return out


@pytest.fixture(scope="module")
def giar_run(tmp_path_factory):
    """`giar run` in its own process on a hostile landing folder; (landing, warehouse, stderr, stdout, peak MB)."""
    tmp = tmp_path_factory.mktemp("hostile")
    land = tmp / "landing"
    land.mkdir()
    for c in _slice():
        (land / c.name).write_bytes(c.data)
    (land / os.fsdecode(b"\xb1\xa8\xb8\xe6-gbk-name.txt")).write_bytes(_slice()[0].data + b"\n")
    os.symlink("loop.txt", land / "loop.txt")
    (land / "copy-of-first.txt").write_bytes(_slice()[0].data)
    with open(land / "too-big.txt", "wb") as f:  # over the 20 MB default: never read into memory
        f.write(b"1 " * 13_000_000)
    _deep_folder(land / "deep")
    env = {**os.environ, "DAGSTER_HOME": str(tmp), "GIAR_PROGRESS": ""}
    (tmp / "dagster.yaml").touch()
    rc, out, err, peak = _giar_measured(
        ["run", str(land), "--warehouse", str(tmp / "w.duckdb"), "--checks-json", str(tmp / "checks.json")],
        tmp,
        "run",
        env,
    )
    assert rc == 0, err[-3000:]
    return land, tmp / "w.duckdb", err, out, peak


def test_giar_run_gives_every_document_one_row_and_loads_the_rest(giar_run):
    land, wh, err, out, _ = giar_run
    files = [p for p in find_documents([str(land)])]
    with duckdb.connect(str(wh), read_only=True) as c:
        rows = c.execute("SELECT source_path, status, reason, replaced_bytes FROM reports").fetchall()
        names = {
            n
            for (p, also) in c.execute("SELECT source_path, also_seen_as FROM batch_documents").fetchall()
            for n in [p, *(also or [])]
        }
        poison = c.execute(
            "SELECT count(DISTINCT report_id) FROM check_violations WHERE relation IN "
            "('negative_values', 'non_integral_counts')"
        ).fetchone()[0]
    assert len(rows) == len({p for p in files}) - 1  # one row per distinct content (one byte-identical copy)
    assert {display_path(p) for p in files} == names  # every name findable, copies and odd names included
    assert all(understandable(reason) for _, status, reason, _ in rows if status != "ok")
    assert poison >= 3 and any(r[3] for r in rows)  # poison pills loaded with findings; damage counted
    by_path = {p: (s, r) for p, s, r, _ in rows}
    assert "limit" in by_path[display_path(land / "too-big.txt")][1]
    assert "cannot read the file" in by_path[display_path(land / "loop.txt")][1]
    assert "cannot list the folder" in err and "not swept" in out
    checks = json.loads((wh.parent / "checks.json").read_text())
    assert all(c["passed"] for c in checks if c["severity"] == "error")  # nothing blocking failed


def test_giar_extract_on_the_same_folder(giar_run):
    land, *_ = giar_run
    rc, out, err, peak = _giar_measured(
        ["extract", "--jobs", "1", "--no-progress", "--time-limit", "5", str(land)], land.parent, "extract"
    )
    lines = [json.loads(s) for s in out.splitlines()]
    assert rc == 1 and "cannot list the folder" in err  # warned, and the rest was extracted
    assert [d["source"] for d in lines] == [display_path(p) for p in find_documents([str(land)])]
    assert all("replaced_bytes" in d and (d["status"] == "ok" or understandable(d["reason"])) for d in lines)
    assert peak < 300, f"{peak:.0f} MB"  # the 26 MB file is never read


def test_giar_run_peak_memory_stays_bounded(giar_run):
    *_, peak = giar_run
    assert peak < 800, f"{peak:.0f} MB"  # a 26 MB document is not read; Dagster's and GX's footprint dominates


# --- the README table ----------------------------------------------------------------------------


def corpus_table() -> list[str]:
    rows = collections.defaultdict(lambda: [0, 0, 0, 0])
    for case, report, seconds in outcomes():
        r = rows[case.cls]
        r[0] += 1
        r[1 if report.status == "ok" else 2] += 1
        r[3] += seconds <= case.limits.seconds + SLACK and (report.status == "ok" or understandable(report.reason))
    lines = [
        "| class of input | cases | read (ok) | quarantined with a reason | within limits, no exception |",
        "|---|---:|---:|---:|---:|",
    ]
    for cls, (n, ok, q, good) in sorted(rows.items()):
        if cls.startswith("pathological"):  # read or stopped at the limit: the machine's speed decides
            ok = q = "read, or stopped at the limit"
        lines.append(f"| {cls} | {n} | {ok} | {q} | {good} |")
    total = [sum(r[i] for r in rows.values()) for i in (0, 3)]
    lines.append(f"| **all** | **{total[0]}** | | | **{total[1]}** |")
    return lines


def reliability_section() -> str:
    lines = [
        START,
        "",
        f"Bad-input corpus (`tests/reliability_corpus.py`, seed {SEED}): "
        f"each document through the extractor with its limits (10 s and 20 MB by default; "
        f"{DEFAULT_TEST_SECONDS:g} s and a size below the document for the limit classes).",
        "",
        *corpus_table(),
        "",
        "Faults injected into real `giar run` processes (`tests/test_reliability_faults.py`):",
        "",
        "| fault | what survived |",
        "|---|---|",
        *(f"| {f} | {s} |" for f, s in FAULTS),
        "",
        END,
    ]
    return "\n".join(lines)


def test_readme_reliability_section_is_current():
    shared_path("seeds")  # the table counts mutations of the real seeds
    text = README.read_text(encoding="utf-8")
    want = reliability_section()
    current = text[text.index(START) : text.index(END) + len(END)] if START in text and END in text else None
    if current != want and os.environ.get("GIAR_WRITE_README") == "1":
        README.write_text(text.replace(current, want) if current else text + "\n" + want + "\n", encoding="utf-8")
        return
    assert current == want, "README's Reliability table is stale: run `make reliability-table`"


def _stage_repeatedly(land: str, key: str) -> int:
    for _ in range(6):
        staging.stage_raw(land, key)
        staging.stage_normalized(land, key)
        staging.stage_extracted(land, key)
    return len(staging.read_extracted(land, key)["reports"])


def test_concurrent_staging_of_one_batch_never_trips_on_temporary_files(tmp_path):
    """What two Dagster runs of one partition do at once (no `giar run` lock around them)."""
    from concurrent.futures import ProcessPoolExecutor

    land = tmp_path / "land"
    for c in corpus()[:8]:
        land.mkdir(exist_ok=True)
        (land / c.name).write_bytes(c.data)
    _, (batch,) = landing.sweep(land)
    with ProcessPoolExecutor(max_workers=3) as pool:
        counts = list(pool.map(_stage_repeatedly, [str(land)] * 3, [batch.key] * 3))
    assert counts == [8, 8, 8]
    assert not list((landing.batch_dir(land, batch.key)).glob("*.tmp"))


def test_a_damaged_manifest_is_skipped_with_a_warning_not_a_crash(tmp_path, capsys):
    land = tmp_path / "land"
    land.mkdir()
    (land / "a.txt").write_text("报告", encoding="utf-8")
    _, (first,) = landing.sweep(land)
    (landing.batch_dir(land, first.key) / "manifest.json").write_text('{"key": "cut sho', encoding="utf-8")
    _, (again,) = landing.sweep(land)
    assert [e.path for e in again.entries] == ["a.txt"] and "damaged batch manifest" in capsys.readouterr().err


def test_permissions_read_only_landing_unreadable_file_and_folder(tmp_path, monkeypatch):
    """The everyday forms of the cases above (root reads and writes everything, so there it skips)."""
    land = tmp_path / "land"
    (land / "closed").mkdir(parents=True)
    (land / "closed" / "x.txt").write_text("报告", encoding="utf-8")
    (land / "secret.txt").write_text("报告", encoding="utf-8")
    (land / "a.txt").write_text("报告甲", encoding="utf-8")
    os.chmod(land / "closed", 0)
    os.chmod(land / "secret.txt", 0)
    os.chmod(land, 0o555)
    try:
        if os.access(land / "secret.txt", os.R_OK):
            pytest.skip("this user reads every file (root): the sweep test above covers these cases by other means")
        monkeypatch.setenv(landing.STATE_ENV, str(tmp_path / "state"))
        problems: list[str] = []
        _, (batch,) = landing.sweep(land, problems)
        assert landing.state_dir(land).is_relative_to(tmp_path / "state")  # not in the read-only folder
        assert any("closed" in p for p in problems)
        by_path = {e.path: e for e in batch.entries}
        assert "Permission denied" in by_path["secret.txt"].error and by_path["a.txt"].error is None
    finally:
        os.chmod(land, 0o755)
        os.chmod(land / "closed", 0o755)
