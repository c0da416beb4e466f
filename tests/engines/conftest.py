"""Engine fixtures: a tiny model folder shared by the session, and a client that records."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from studio.engines.client import EngineClient
from studio.engines.protocol import TERMINAL_EVENTS, Event


class Recorder:
    """Collects events and lets a test wait for a job's last one."""

    def __init__(self) -> None:
        self.events: list[Event] = []
        self._done: dict[str, threading.Event] = {}
        self._lock = threading.Lock()

    def __call__(self, event: Event) -> None:
        with self._lock:
            self.events.append(event)
        if isinstance(event, TERMINAL_EVENTS):
            self._flag(event.job_id).set()

    def _flag(self, job_id: str) -> threading.Event:
        with self._lock:
            return self._done.setdefault(job_id, threading.Event())

    def wait(self, job_id: str, timeout: float = 120.0) -> Event:
        assert self._flag(job_id).wait(timeout), f"{job_id} did not finish in {timeout}s"
        return self.last(job_id)

    def of(self, job_id: str, kind: type | None = None) -> list[Event]:
        with self._lock:
            return [
                e
                for e in self.events
                if e.job_id == job_id and (kind is None or isinstance(e, kind))
            ]

    def last(self, job_id: str) -> Event:
        return self.of(job_id)[-1]


@pytest.fixture(scope="module")
def shared_engine(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[EngineClient, Recorder]]:
    """One client per test module: starting a worker costs seconds (torch loads there)."""
    recorder = Recorder()
    cache = tmp_path_factory.mktemp("engine") / "fingerprints.json"
    client = EngineClient(recorder, fingerprint_cache=cache)
    yield client, recorder
    client.shutdown()


@pytest.fixture
def engine(shared_engine: tuple[EngineClient, Recorder]) -> tuple[EngineClient, Recorder]:
    client, _ = shared_engine
    client.cancel_grace_s = 2.0
    return shared_engine
