"""Named pause points for fault-injection tests: with ``GIAR_FAILPOINT=<name>`` set, the process
announces ``giar failpoint <name>`` on stderr and sleeps, so a test can ``kill -9`` it exactly
there (mid-extraction, inside the load transaction, between SQL models). Unset, which is always
the case outside tests, a call costs one environment lookup."""

from __future__ import annotations

import os
import sys
import time

ENV = "GIAR_FAILPOINT"
MARK = "giar failpoint"


def failpoint(name: str) -> None:
    if os.environ.get(ENV) == name:
        print(f"{MARK} {name} pid {os.getpid()}", file=sys.stderr, flush=True)
        time.sleep(600)
