"""The real Dagster webserver on 127.0.0.1 for the UI tests and `make screenshots`: started on a free
port with a fresh DAGSTER_HOME (telemetry off), waited for with a bound, asked over GraphQL, stopped."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
READY = "{ repositoriesOrError { ... on RepositoryConnection { nodes { name } } } }"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def graphql(base: str, query: str, timeout: float = 30) -> dict:
    req = urllib.request.Request(
        f"{base}/graphql", data=json.dumps({"query": query}).encode(), headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(req, timeout=timeout) as r:
        body = json.loads(r.read())
    if body.get("errors"):
        raise RuntimeError(f"GraphQL errors: {body['errors']}")
    return body["data"]


@contextlib.contextmanager
def serve(timeout: float = 120, env: dict | None = None):
    """Yield the base URL of a dagster-webserver on ``workspace.yaml`` once its code location answers."""
    home = Path(tempfile.mkdtemp(prefix="giar-dagster-home-"))
    (home / "dagster.yaml").write_text("telemetry:\n  enabled: false\n")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = open(home / "webserver.log", "wb")  # noqa: SIM115 -- the server writes it until stop() closes it
    proc = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "dagster-webserver"),
            "-w",
            "workspace.yaml",
            "-h",
            "127.0.0.1",
            "-p",
            str(port),
        ],
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ, "DAGSTER_HOME": str(home), **(env or {})},
        start_new_session=True,
    )  # its own group: stopping it stops its code server too
    try:
        deadline = time.monotonic() + timeout
        while True:
            if proc.poll() is not None:
                log_text = (home / "webserver.log").read_text()
                raise RuntimeError(f"dagster-webserver exited ({proc.returncode}): {log_text}")
            try:
                if graphql(base, READY, timeout=5)["repositoriesOrError"].get("nodes"):
                    break
            except (urllib.error.URLError, ConnectionError, OSError, RuntimeError):
                pass
            if time.monotonic() > deadline:
                raise TimeoutError(f"dagster-webserver not ready after {timeout:.0f} s")
            time.sleep(0.5)
        yield base
    finally:
        with contextlib.suppress(ProcessLookupError):  # it may have exited by itself
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        log.close()
        shutil.rmtree(home, ignore_errors=True)


GRAPH_PAGE = "/assets/quality_report?view=lineage&lineageScope=upstream&lineageDepth=20"


def graph_screenshot(browser, base: str, path: Path):
    """The asset graph upstream of quality_report (the whole pipeline); returns the page."""
    page = browser.open(base + GRAPH_PAGE, width=1280, height=1400)
    skip = "Array.from(document.querySelectorAll('button')).find(b => b.innerText.trim() == 'Skip')"
    with contextlib.suppress(TimeoutError):  # the first visit asks to join the community: skip it
        page.wait_for(f"!!{skip}", 10)
        page.evaluate(f"{skip}.click()")
    page.wait_for("['raw_documents', 'quality_report'].every(n => document.body.innerText.includes(n))", 60)
    time.sleep(1)  # let the layout settle its zoom-to-fit
    page.screenshot(path, full_page=False)
    return page


def validate_definitions(env: dict[str, str]) -> subprocess.CompletedProcess:
    """`dagster definitions validate -w workspace.yaml`: the project's Definitions loaded as `dagster dev`
    loads them, under ``env``."""
    return subprocess.run(
        [str(Path(sys.executable).parent / "dagster"), "definitions", "validate", "-w", "workspace.yaml"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
