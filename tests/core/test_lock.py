"""The project lock: one studio per project; a dead studio's lock can be broken."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from studio.core.errors import ProjectLockedError
from studio.core.lock import LOCK_NAME
from studio.core.project import Project

HOLDER = """
import sys, time
from studio.core.project import Project
project = Project.open(sys.argv[1])
print("locked", flush=True)
time.sleep(60)
"""


def _dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_second_open_in_same_process_is_refused(tmp_path: Path) -> None:
    project = Project.create(tmp_path / "p", "Locked")
    with pytest.raises(ProjectLockedError) as raised:
        Project.open(tmp_path / "p")
    assert raised.value.stale is False
    project.release()
    Project.open(tmp_path / "p").release()


def test_lock_held_by_live_process_is_not_breakable(tmp_path: Path) -> None:
    Project.create(tmp_path / "p", "Shared").release()
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(tmp_path / "p")],
        stdout=subprocess.PIPE,
        cwd=Path(__file__).resolve().parents[2],
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == b"locked"
        with pytest.raises(ProjectLockedError) as raised:
            Project.open(tmp_path / "p")
        assert raised.value.stale is False
        assert raised.value.info is not None and raised.value.info.pid == holder.pid
        assert "open in another Lyra Studio" in str(raised.value)
        holder.kill()  # the studio dies without releasing its lock
        holder.wait()
        with pytest.raises(ProjectLockedError) as raised:
            Project.open(tmp_path / "p")
        assert raised.value.stale is True
        assert "no longer running" in str(raised.value)
        reopened = Project.open(tmp_path / "p", break_stale_lock=True)
        info = json.loads((tmp_path / "p" / LOCK_NAME).read_text())
        assert info["pid"] != holder.pid
        reopened.release()
    finally:
        holder.kill()
        holder.wait()


def test_lock_of_dead_process_is_stale(tmp_path: Path) -> None:
    Project.create(tmp_path / "p", "Stale").release()
    lock = {"pid": _dead_pid(), "host": socket.gethostname(), "user": "x", "since": "then"}
    (tmp_path / "p" / LOCK_NAME).write_text(json.dumps(lock))
    with pytest.raises(ProjectLockedError) as raised:
        Project.open(tmp_path / "p")
    assert raised.value.stale is True


def test_lock_from_another_host_counts_as_live(tmp_path: Path) -> None:
    Project.create(tmp_path / "p", "Remote").release()
    lock = {"pid": _dead_pid(), "host": "some-other-machine", "user": "x", "since": "then"}
    (tmp_path / "p" / LOCK_NAME).write_text(json.dumps(lock))
    with pytest.raises(ProjectLockedError) as raised:
        Project.open(tmp_path / "p")
    assert raised.value.stale is False


def test_release_removes_lock_and_read_only_open_takes_none(tmp_path: Path) -> None:
    project = Project.create(tmp_path / "p", "Released")
    assert (tmp_path / "p" / LOCK_NAME).exists()
    project.release()
    assert not (tmp_path / "p" / LOCK_NAME).exists()
    Project.open(tmp_path / "p", lock=False)
    assert not (tmp_path / "p" / LOCK_NAME).exists()
