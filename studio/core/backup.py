"""Rotating zip backups of a project folder."""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from datetime import datetime
from pathlib import Path

from studio.core.atomic import atomic_write_bytes
from studio.core.lock import LOCK_NAME

_SKIPPED_NAMES = {LOCK_NAME}


def backup_folder_for(project_folder: Path, backup_root: Path) -> Path:
    """One folder per project: its name plus a short hash of its path, so two projects with
    the same name never rotate each other's backups away."""
    resolved = project_folder.resolve()
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", resolved.name).strip("-") or "project"
    digest = hashlib.sha1(str(resolved).encode("utf-8")).hexdigest()[:8]
    return backup_root / f"{slug}-{digest}"


def _wanted(path: Path, root: Path) -> bool:
    if path.name in _SKIPPED_NAMES:
        return False
    if path.name.startswith(".") and path.name.endswith(".tmp"):
        return False
    return path.is_file()


def make_backup(project_folder: Path, backup_root: Path, keep: int = 10) -> Path:
    """Zip the project into its backup folder, then delete all but the newest ``keep``."""
    project_folder = Path(project_folder)
    target_dir = backup_folder_for(project_folder, backup_root)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = target_dir / f"{project_folder.resolve().name}-{stamp}.zip"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(project_folder.rglob("*")):
            if _wanted(path, project_folder):
                archive.write(path, path.relative_to(project_folder).as_posix())
    atomic_write_bytes(target, buffer.getvalue())
    rotate_backups(target_dir, keep)
    return target


def list_backups(target_dir: Path) -> list[Path]:
    """Backups of one project, oldest first."""
    return sorted(target_dir.glob("*.zip"), key=lambda p: p.name)


def rotate_backups(target_dir: Path, keep: int) -> None:
    backups = list_backups(target_dir)
    for stale in backups[: max(0, len(backups) - max(1, keep))]:
        stale.unlink(missing_ok=True)
