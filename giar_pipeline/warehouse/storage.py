"""Files that may live on object storage: a local path or an fsspec URL (``s3://``, ``gs://``,
``memory://``), as one :class:`upath.UPath`, so the same code writes to a laptop's folder and to a
cluster's bucket (pods share no disk). ``s3://`` needs fsspec's ``s3fs`` installed beside giar."""

from __future__ import annotations

import os
import uuid

from upath import UPath


def root(location: str | os.PathLike) -> UPath:
    """The folder or file at ``location``; a relative local path is made absolute (a run's cwd may change)."""
    path = UPath(location)
    return path.absolute() if path.protocol in ("", "file", "local") else path


def is_local(path: UPath) -> bool:
    return path.protocol in ("", "file", "local")


def write_text(location: str | os.PathLike, text: str) -> UPath:
    """Replace the file whole, creating its folder: locally through a temporary name and a rename, so a
    reader never sees half a file; an object store's put is whole already."""
    path = root(location)
    path.parent.mkdir(parents=True, exist_ok=True)
    if not is_local(path):
        path.write_text(text, encoding="utf-8")
        return path
    tmp = path.with_name(f"{path.name}.{os.getpid()}-{uuid.uuid4().hex[:8]}.tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return path
