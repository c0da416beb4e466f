"""Atomic writes: readers see the old or the new file, never a mix, even after a kill -9."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from studio.core.atomic import atomic_write_bytes, atomic_write_text, remove_stale_temp_files

WRITER = """
import sys
from studio.core.atomic import atomic_write_bytes
path = sys.argv[1]
size = int(sys.argv[2])
blocks = [bytes([65 + i]) * size for i in range(4)]
print("ready", flush=True)
i = 0
while True:
    atomic_write_bytes(path, blocks[i % 4])
    i += 1
"""


def test_write_replaces_content_and_leaves_no_temp_file(tmp_path: Path) -> None:
    target = tmp_path / "doc.md"
    atomic_write_text(target, "first")
    atomic_write_text(target, "second ✓")
    assert target.read_text(encoding="utf-8") == "second ✓"
    assert [p.name for p in tmp_path.iterdir()] == ["doc.md"]


def test_new_files_get_normal_permissions(tmp_path: Path) -> None:
    target = tmp_path / "new.md"
    atomic_write_text(target, "x")
    mode = target.stat().st_mode & 0o777
    current_umask = os.umask(0o022)
    os.umask(current_umask)
    assert mode == 0o666 & ~current_umask


def test_existing_permissions_are_kept(tmp_path: Path) -> None:
    target = tmp_path / "kept.md"
    target.write_text("old")
    target.chmod(0o640)
    atomic_write_text(target, "new")
    assert target.stat().st_mode & 0o777 == 0o640


def test_failed_write_keeps_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "doc.md"
    atomic_write_text(target, "old content")

    def broken_replace(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError):
        atomic_write_bytes(target, b"new content")
    assert target.read_text() == "old content"
    assert [p.name for p in tmp_path.iterdir()] == ["doc.md"]


@pytest.mark.slow
def test_process_killed_mid_write_leaves_old_or_new_never_partial(tmp_path: Path) -> None:
    target = tmp_path / "chapter.md"
    size = 4 * 1024 * 1024  # large enough that a kill often lands mid-write
    atomic_write_bytes(target, b"@" * size)
    valid = {bytes([65 + i]) * size for i in range(4)} | {b"@" * size}
    rng = random.Random(7)
    for _ in range(12):
        writer = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(target), str(size)],
            stdout=subprocess.PIPE,
            cwd=Path(__file__).resolve().parents[2],
        )
        assert writer.stdout is not None and writer.stdout.readline().strip() == b"ready"
        time.sleep(rng.uniform(0.0, 0.25))
        writer.send_signal(signal.SIGKILL)
        writer.wait()
        assert target.read_bytes() in valid
    leftovers = remove_stale_temp_files(tmp_path)
    assert all(p.name.startswith(".chapter.md.") for p in leftovers)
    assert [p.name for p in tmp_path.iterdir()] == ["chapter.md"]
