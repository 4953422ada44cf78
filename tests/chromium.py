"""Headless Chromium driven over the DevTools protocol (CDP), for the browser tests.

Chromium is Debian's package (`make test` installs it when it is missing and apt-get can; the
tests skip with the reason otherwise). It runs with a fresh profile and every background
service off, behind a dead proxy so no request can leave the machine even by mistake
(loopback stays direct, as Chromium's default proxy bypass has it). The page's own requests are
recorded from CDP's Network events, so a test can assert which URLs the page asked for.
"""

from __future__ import annotations

import base64
import contextlib
import json
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--proxy-server=http://127.0.0.1:9",
    "--remote-debugging-port=0",
    "--hide-scrollbars",
]
LOCAL_SCHEMES = ("file:", "data:", "about:", "blob:", "chrome-error:")


def executable() -> str:
    """The Chromium binary, or skip the test saying how to get it."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if path := shutil.which(name):
            return path
    pytest.skip(
        "headless Chromium is not installed: `apt-get install chromium` (Debian), "
        "or run `make test`, which installs it when apt-get can"
    )


class Page:
    def __init__(self, browser: Browser, session: str):
        self.browser, self.session = browser, session
        self.requests: list[str] = []  # every URL the page asked for, in order

    def call(self, method: str, **params) -> dict:
        return self.browser.call(method, params, self.session)

    def evaluate(self, expression: str):
        out = self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in out:
            raise RuntimeError(f"page script failed: {out['exceptionDetails']}")
        return out["result"].get("value")

    def wait_for(self, expression: str, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while not self.evaluate(expression):
            if time.monotonic() > deadline:
                raise TimeoutError(f"still false after {timeout:.0f} s: {expression}")
            time.sleep(0.25)

    def screenshot(self, path: Path, full_page: bool = True) -> Path:
        params = {"format": "png"}
        if full_page:
            size = self.call("Page.getLayoutMetrics")["cssContentSize"]
            params |= {
                "captureBeyondViewport": True,
                "clip": {"x": 0, "y": 0, "width": size["width"], "height": size["height"], "scale": 1},
            }
        path.write_bytes(base64.b64decode(self.call("Page.captureScreenshot", **params)["data"]))
        return path


class Browser:
    """``with Browser() as b: page = b.open(url)``: one Chromium process with a fresh profile."""

    def __init__(self, timeout: float = 30):
        self.timeout = timeout
        self._id = 0
        self._events: list[dict] = []

    def __enter__(self) -> Browser:
        from websockets.sync.client import connect

        self.profile = Path(tempfile.mkdtemp(prefix="giar-chromium-"))
        self.proc = subprocess.Popen(
            [executable(), *FLAGS, f"--user-data-dir={self.profile}", "about:blank"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        port_file = self.profile / "DevToolsActivePort"  # Chromium writes its port and browser path here
        deadline = time.monotonic() + self.timeout
        while not (port_file.exists() and len(port_file.read_text().split()) == 2):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.__exit__()
                raise RuntimeError(f"Chromium did not start (exit code {self.proc.poll()})")
            time.sleep(0.05)
        port, path = port_file.read_text().split()
        self._stack = contextlib.ExitStack()
        self.ws = self._stack.enter_context(
            connect(f"ws://127.0.0.1:{port}{path}", max_size=None, open_timeout=self.timeout)
        )
        return self

    def __exit__(self, *exc) -> None:
        if getattr(self, "_stack", None):
            self._stack.close()
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        shutil.rmtree(self.profile, ignore_errors=True)

    def call(self, method: str, params: dict | None = None, session: str | None = None) -> dict:
        self._id += 1
        msg = {"id": self._id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        self.ws.send(json.dumps(msg))
        while True:
            reply = json.loads(self.ws.recv(timeout=self.timeout))
            if reply.get("id") == self._id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply["result"]
            self._event(reply)

    def _event(self, event: dict) -> None:
        self._events.append(event)
        page = self.pages.get(event.get("sessionId"))
        if page and event.get("method") == "Network.requestWillBeSent":
            page.requests.append(event["params"]["request"]["url"])

    @property
    def pages(self) -> dict[str, Page]:
        return self.__dict__.setdefault("_pages", {})

    def open(self, url: str, width: int = 1280, height: int = 900) -> Page:
        """A new tab at ``url``, returned once its load event fired; requests are recorded from the start."""
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        page = self.pages[session] = Page(self, session)
        page.call("Network.enable")
        page.call("Page.enable")
        page.call("Emulation.setDeviceMetricsOverride", width=width, height=height, deviceScaleFactor=1, mobile=False)
        seen = len(self._events)
        page.call("Page.navigate", url=url)
        deadline = time.monotonic() + self.timeout
        while not any(
            e.get("method") == "Page.loadEventFired" and e.get("sessionId") == session for e in self._events[seen:]
        ):
            if time.monotonic() > deadline:
                raise TimeoutError(f"{url} did not load in {self.timeout:.0f} s")
            self._event(json.loads(self.ws.recv(timeout=self.timeout)))
        return page


def off_machine(urls: list[str], allowed_hosts: tuple[str, ...] = ()) -> list[str]:
    """The URLs that would have left the machine: not local schemes, not loopback hosts given."""
    return [
        u
        for u in urls
        if not u.startswith(LOCAL_SCHEMES)
        and not any(u.startswith(f"{s}://{h}") for s in ("http", "https", "ws") for h in allowed_hosts)
    ]
