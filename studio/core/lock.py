"""A lock file so two studios never write one project; stale locks are detected."""

from __future__ import annotations

import contextlib
import errno
import getpass
import json
import os
import socket
from datetime import UTC, datetime
from pathlib import Path

from studio.core.errors import LockInfo, ProjectLockedError

LOCK_NAME = ".lyra.lock"


def _this_process() -> LockInfo:
    try:
        user = getpass.getuser()
    except Exception:  # getuser raises various errors when no user name can be found
        user = "unknown"
    return LockInfo(
        pid=os.getpid(),
        host=socket.gethostname(),
        user=user,
        since=datetime.now(UTC).astimezone().isoformat(timespec="seconds"),
    )


def _process_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except OSError as error:
        return error.errno == errno.EPERM
    return True


def read_lock(lock_path: Path) -> LockInfo | None:
    """The lock's holder, or None when the file is unreadable."""
    try:
        data = json.loads(lock_path.read_text(encoding="utf-8"))
        return LockInfo(
            pid=int(data["pid"]),
            host=str(data["host"]),
            user=str(data["user"]),
            since=str(data["since"]),
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def is_stale(info: LockInfo | None) -> bool:
    """A lock is stale when its process is gone on this host (unknown hosts count as live)."""
    if info is None:
        return True
    if info.host != socket.gethostname():
        return False
    return not _process_alive(info.pid)


class ProjectLock:
    """Holds ``.lyra.lock`` in a project folder for the life of an open project."""

    def __init__(self, folder: Path) -> None:
        self.path = Path(folder) / LOCK_NAME
        self.held = False

    def acquire(self) -> None:
        """Take the lock or raise ProjectLockedError (with ``stale`` set when breakable)."""
        info = _this_process()
        payload = json.dumps(info.__dict__, indent=2).encode("utf-8")
        try:
            fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:
            holder = read_lock(self.path)
            if holder is not None and holder.pid == info.pid and holder.host == info.host:
                raise ProjectLockedError(self.path, holder, stale=False) from None
            raise ProjectLockedError(self.path, holder, stale=is_stale(holder)) from None
        try:
            os.write(fd, payload)
            os.fsync(fd)
        finally:
            os.close(fd)
        self.held = True

    def break_and_acquire(self) -> None:
        """Remove a stale lock (the user agreed) and take it."""
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()
        self.acquire()

    def release(self) -> None:
        if not self.held:
            return
        holder = read_lock(self.path)
        if holder is not None and holder.pid == os.getpid():
            with contextlib.suppress(FileNotFoundError):
                self.path.unlink()
        self.held = False
