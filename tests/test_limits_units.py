"""Per-document limits (extract/limits.py): the bounds themselves, at their edges."""

from __future__ import annotations

import hashlib
import signal
import threading
import time
from pathlib import Path

import pytest

from giar_pipeline.extract.limits import Limits, bounded, deadline, extract_bounded, read_bounded


def test_the_size_limit_is_inclusive_and_zero_means_none():
    limits = Limits(max_mb=0.001)
    assert limits.max_bytes == 1000
    assert limits.too_large(1000) is None and limits.too_large(1001) is not None
    assert Limits(max_mb=0).too_large(10**12) is None


def test_the_reasons_name_the_figures_and_the_option_to_change():
    why = Limits(max_mb=1).too_large(2_500_000)
    assert why == (
        "the file is 2.5 MB, over the 1 MB limit per document: annual reports are far smaller, so it is "
        "probably not one (raise the limit with --size-limit-mb to read it anyway)"
    )
    assert Limits(max_mb=1).too_large(2_450_000).startswith("the file is 2.5 MB")  # MB of 10^6 bytes
    slow = Limits(seconds=0.5).too_slow()
    assert "the 0.5 s limit per document" in slow and slow.endswith("raise the limit with --time-limit to try harder")


def _spin(seconds: float) -> str:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        pass
    return "done"


def test_work_past_the_time_limit_is_stopped_and_the_clock_is_put_back():
    before = signal.getsignal(signal.SIGALRM)
    assert bounded(lambda: _spin(5), Limits(seconds=0.05)) is None
    assert bounded(lambda: "quick", Limits(seconds=5)) == "quick"
    assert signal.getsignal(signal.SIGALRM) is before
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)  # no alarm left to fire later


def test_no_time_limit_when_zero_or_off_the_main_thread():
    assert bounded(lambda: _spin(0.1), Limits(seconds=0)) == "done"
    got = []
    worker = threading.Thread(target=lambda: got.append(bounded(lambda: _spin(0.1), Limits(seconds=0.01))))
    worker.start()
    worker.join()
    assert got == ["done"]  # SIGALRM cannot reach a thread: unbounded in time there
    with deadline(0):
        assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_a_document_over_a_limit_is_quarantined_with_the_reason_and_its_hash():
    raw = b"x" * 2000
    report = extract_bounded(raw, "a.txt", Limits(max_mb=0.001))
    assert report.status == "quarantined" and report.reason == Limits(max_mb=0.001).too_large(2000)
    assert report.sha256 == hashlib.sha256(raw).hexdigest() and report.source == "a.txt"
    given = extract_bounded(raw, "a.txt", Limits(max_mb=0.001), sha="abc")
    assert given.sha256 == "abc"


def test_read_bounded_reads_within_the_limit_and_names_what_it_could_not(tmp_path):
    path = tmp_path / "f.txt"
    path.write_bytes(b"y" * 1000)
    assert read_bounded(path, Limits(max_mb=0.001)) == (b"y" * 1000, None)
    assert read_bounded(path, Limits(max_mb=0)) == (b"y" * 1000, None)
    raw, why = read_bounded(path, Limits(max_mb=0.0005))
    assert raw is None and why == Limits(max_mb=0.0005).too_large(1000)
    raw, why = read_bounded(tmp_path / "absent.txt", Limits())
    assert raw is None and why == "cannot read the file: No such file or directory"


def test_a_file_whose_size_the_stat_does_not_tell_is_still_bounded():
    """/proc files stat as empty yet hold text: the read itself stops past the limit."""
    proc = Path("/proc/self/status")
    if not proc.exists() or proc.stat().st_size:
        pytest.skip("needs Linux /proc, whose files stat as empty")
    raw, why = read_bounded(proc, Limits(max_mb=0.0001))
    assert raw is None and why == Limits(max_mb=0.0001).too_large(101)
    raw, why = read_bounded(proc, Limits())
    assert why is None and b"Name:" in raw


def test_a_document_within_the_limits_is_read(tmp_path):
    from giar_pipeline.synth import generate_corpus

    (path,) = generate_corpus(tmp_path, 1, seed=21, write_truth=False)
    raw, why = read_bounded(path, Limits())
    assert why is None and raw == path.read_bytes()
    report = extract_bounded(raw, str(path), Limits())
    assert report.status == "ok" and report.cells and report.sha256 == hashlib.sha256(raw).hexdigest()
