"""Finding documents on disk and naming them readably: library code the CLI, the landing sweep and
the run summary share (no command-line module is imported by the library)."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path


def display_path(path: str | Path) -> str:
    """A path as text anyone can read and any UTF-8 sink accepts: name bytes that are not UTF-8
    (kept losslessly as surrogate escapes in memory and in manifests) are shown as ``\\xNN``."""
    return os.fsencode(str(path)).decode("utf-8", "backslashreplace")


def find_documents(paths: Iterable[str], problems: list[str] | None = None) -> Iterator[Path]:
    """Files as given, and every non-hidden regular file under folders, in a stable sorted order.
    A folder or file that cannot be looked at is appended to ``problems`` (never silently dropped)."""

    def unlistable(e: OSError) -> None:
        if problems is not None:
            problems.append(
                f"cannot list the folder {display_path(e.filename)}: {e.strerror or e}; its files were not read"
            )

    for p in map(Path, paths):
        if p.is_dir():
            for root, dirs, files in os.walk(p, onerror=unlistable):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for f in sorted(files):
                    if f.startswith("."):
                        continue
                    q = Path(root) / f
                    try:
                        regular = q.stat().st_mode & 0o170000 == 0o100000
                    except FileNotFoundError:
                        continue  # a broken link, or gone since the listing
                    except OSError:
                        regular = True  # cannot even stat it: reading it says why, in a quarantined row
                    if regular:
                        yield q
        else:
            yield p
