"""Atomic file writes: a temp file in the same folder, fsync, rename over the old file."""

from __future__ import annotations

import contextlib
import functools
import os
import tempfile
from pathlib import Path


@functools.cache
def _umask() -> int:
    """The process umask (read once; os.umask can only be read by setting it)."""
    current = os.umask(0o022)
    os.umask(current)
    return current


def _fsync_directory(directory: Path) -> None:
    """Make the rename itself durable (a no-op where directories cannot be opened)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def atomic_write_bytes(path: Path | str, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old or the new file, never a mix.

    The temp file lives in the same folder so the final ``os.replace`` is a rename on one
    file system, which POSIX and Windows both make atomic.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        with contextlib.suppress(OSError):
            mode = path.stat().st_mode & 0o777 if path.exists() else 0o666 & ~_umask()
            os.chmod(tmp_name, mode)
        os.replace(tmp_name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise
    _fsync_directory(path.parent)


def atomic_write_text(path: Path | str, text: str) -> None:
    """Write UTF-8 text atomically, with Unix newlines."""
    atomic_write_bytes(path, text.encode("utf-8"))


def remove_stale_temp_files(folder: Path) -> list[Path]:
    """Delete temp files left by a write that was killed before its rename."""
    removed = []
    for candidate in folder.rglob(".*.tmp"):
        with contextlib.suppress(OSError):
            candidate.unlink()
            removed.append(candidate)
    return removed
