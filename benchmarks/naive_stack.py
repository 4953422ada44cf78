"""The yardsticks of benchmarks/bench_extract.py: the naive stack and the floor, timed the same way.

    benchmarks/.naive-venv/bin/python benchmarks/naive_stack.py CORPUS_FOLDER

The naive stack is a plausible first attempt at these reports: read the bytes, decode (UTF-8, else
GB18030 with replacement), BeautifulSoup(lxml).get_text("\\n") for HTML, opencc-python-reimplemented
t2s, one regex findall for numbers with their labels. That package installs the module ``opencc``,
as the official binding giar uses does, so it runs in its own venv (`make bench` builds
benchmarks/.naive-venv) and prints one JSON line: {"docs": N, "seconds": S}.

The floor is the same without any parsing, with the official binding: read + decode + t2s + one
regex. bench_extract.py imports this module and runs it in giar's venv.

`seconds` reads every file once untimed (page cache warm) and runs the stack on a few documents
(imports, dictionaries, compiled patterns), then times one pass over all of them on one core.
UTF-16 and Big5 documents come out garbled from this decoding; the yardsticks do not mind.
"""

from __future__ import annotations

import json
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

LABELLED_NUMBER = re.compile(r"([\u4e00-\u9fff]{2,})[^\d\n]{0,6}?(\d+)")
WARM_UP = 20  # documents each stack sees before the timed pass


def documents(folder: Path) -> list[Path]:
    """The corpus's documents: its top-level files (truth/ is a folder), sorted."""
    return sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))


def decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("gb18030", "replace")


def floor(t2s: Callable[[str], str]) -> Callable[[Path], list]:
    return lambda path: LABELLED_NUMBER.findall(t2s(decode(path.read_bytes())))


def naive(t2s: Callable[[str], str]) -> Callable[[Path], list]:
    from bs4 import BeautifulSoup

    def one(path: Path) -> list:
        text = decode(path.read_bytes())
        if path.suffix.lower() in (".html", ".htm"):
            text = BeautifulSoup(text, "lxml").get_text("\n")
        return LABELLED_NUMBER.findall(t2s(text))

    return one


def seconds(stack: Callable[[Path], object], paths: list[Path]) -> float:
    """Seconds for one pass of ``stack`` over ``paths``, after the warm-up."""
    for p in paths:
        p.read_bytes()
    for p in paths[:WARM_UP]:
        stack(p)
    t = time.perf_counter()
    for p in paths:
        stack(p)
    return time.perf_counter() - t


def main() -> None:
    from opencc import OpenCC  # opencc-python-reimplemented: OpenCC("t2s"), not the binding's "t2s.json"

    paths = documents(Path(sys.argv[1]))
    print(json.dumps({"docs": len(paths), "seconds": seconds(naive(OpenCC("t2s").convert), paths)}))


if __name__ == "__main__":
    main()
