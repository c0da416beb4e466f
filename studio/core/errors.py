"""Errors the project layer raises, each with a message a user can act on."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


class ProjectError(Exception):
    """Base class: the message is meant to be shown to the user as it is."""


class ProjectNotFoundError(ProjectError):
    """The folder holds no Lyra project."""


class ProjectFormatError(ProjectError):
    """The manifest is unreadable, or from a newer studio than this one."""


class FutureFormatError(ProjectFormatError):
    """The project was written by a newer Lyra Studio."""

    def __init__(self, path: Path, found: int, supported: int) -> None:
        self.path = path
        self.found = found
        self.supported = supported
        super().__init__(
            f"{path.name} was saved by a newer Lyra Studio (project format {found}); this "
            f"version reads format {supported} and older. Update Lyra Studio to open it — "
            "the project has not been changed."
        )


@dataclass(frozen=True)
class LockInfo:
    """Who holds a project's lock."""

    pid: int
    host: str
    user: str
    since: str


class ProjectLockedError(ProjectError):
    """Another studio holds the project's lock; ``stale`` when that process is gone."""

    def __init__(self, lock_path: Path, info: LockInfo | None, stale: bool) -> None:
        self.lock_path = lock_path
        self.info = info
        self.stale = stale
        if info is None:
            detail = "an unreadable lock file"
        else:
            detail = f"process {info.pid} of {info.user}@{info.host}, since {info.since}"
        if stale:
            message = (
                f"The project was not closed cleanly: its lock ({detail}) belongs to a studio "
                "that is no longer running. Break the lock to open it."
            )
        else:
            message = (
                f"The project is open in another Lyra Studio ({detail}). Close it there first, "
                "so the two never overwrite each other's work."
            )
        super().__init__(message)


class OutsideChangeError(ProjectError):
    """Files changed on disk since the studio read them; saving would overwrite them."""

    def __init__(self, paths: list[Path]) -> None:
        self.paths = paths
        names = ", ".join(p.name for p in paths[:5]) + (" …" if len(paths) > 5 else "")
        super().__init__(
            f"{len(paths)} file(s) changed outside Lyra Studio since they were opened ({names}). "
            "Reload them to see the outside change, or overwrite it with your version."
        )
