"""The studio's side of the engine: starts the worker process, sends requests, relays events.

No Qt and no ML here: events reach a listener callback on a reader thread (the Qt bridge in
studio/ui turns them into queued signals). The worker is started on first use and kept warm;
a worker that dies becomes an Error event for each job it held, and the next request starts a
fresh one. Cancel is cooperative first; a worker that does not answer within the grace
period is killed.
"""

from __future__ import annotations

import collections
import contextlib
import os
import subprocess
import sys
import threading
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path

from studio.engines.protocol import (
    TERMINAL_EVENTS,
    Cancel,
    Cancelled,
    Error,
    Event,
    Request,
    Shutdown,
)

_PACKAGE_ROOT = str(Path(__file__).resolve().parents[2])


class _Worker:
    """One worker process and its pipes."""

    def __init__(self, python: str, fingerprint_cache: str | None) -> None:
        to_worker_read, to_worker_write = os.pipe()
        from_worker_read, from_worker_write = os.pipe()
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [_PACKAGE_ROOT, env.get("PYTHONPATH")]))
        env.setdefault("TOKENIZERS_PARALLELISM", "false")
        env.setdefault("TRANSFORMERS_VERBOSITY", "error")  # the studio reports progress itself
        env.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
        args = [python, "-m", "studio.engines.worker", str(to_worker_read), str(from_worker_write)]
        if fingerprint_cache:
            args.append(fingerprint_cache)
        try:
            self.process = subprocess.Popen(
                args,
                pass_fds=(to_worker_read, from_worker_write),
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
            )
        finally:
            os.close(to_worker_read)
            os.close(from_worker_write)
        self.send_conn = Connection(to_worker_write, readable=False)
        self.recv_conn = Connection(from_worker_read, writable=False)
        self.stderr_tail: collections.deque[str] = collections.deque(maxlen=40)
        self.killed_for_cancel = False
        threading.Thread(target=self._drain_stderr, name="engine-stderr", daemon=True).start()

    def _drain_stderr(self) -> None:
        assert self.process.stderr is not None
        for line in iter(self.process.stderr.readline, b""):
            text = line.decode("utf-8", errors="replace")
            self.stderr_tail.append(text)
            sys.stderr.write(text)

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()


class EngineClient:
    """Send requests with ``submit``; every event goes to ``listener`` (on a reader thread)."""

    def __init__(
        self,
        listener: Callable[[Event], None],
        *,
        cancel_grace_s: float = 2.0,
        python: str | None = None,
        fingerprint_cache: Path | None = None,
    ) -> None:
        self.listener = listener
        self.cancel_grace_s = cancel_grace_s
        self.python = python or sys.executable
        self.fingerprint_cache = str(fingerprint_cache) if fingerprint_cache else None
        self._worker: _Worker | None = None
        self._in_flight: dict[str, _Worker] = {}  # job id -> the worker running it
        self._lock = threading.RLock()

    # ----------------------------------------------------------------- public
    @property
    def pid(self) -> int | None:
        worker = self._worker
        return worker.process.pid if worker and worker.process.poll() is None else None

    def submit(self, request: Request) -> str:
        """Queue a request in the worker (starting one when needed); returns its job id."""
        with self._lock:
            worker = self._ensure_worker()
            self._in_flight[request.job_id] = worker
            # If the worker died just now, its reader thread reports the jobs it held.
            with contextlib.suppress(OSError):
                worker.send_conn.send(request)
        return request.job_id

    def cancel(self, job_id: str) -> None:
        """Ask the worker to stop a job; kill the worker if it has not stopped in time."""
        with self._lock:
            worker = self._worker
            if worker is None or self._in_flight.get(job_id) is not worker:
                return
            try:
                worker.send_conn.send(Cancel(target=job_id))
            except OSError:
                return
        timer = threading.Timer(self.cancel_grace_s, self._kill_if_running, (worker, job_id))
        timer.daemon = True
        timer.start()

    def in_flight(self) -> list[str]:
        with self._lock:
            return list(self._in_flight)

    def shutdown(self, timeout: float = 5.0) -> None:
        """Stop the worker: politely, then by force."""
        with self._lock:
            worker, self._worker = self._worker, None
        if worker is None:
            return
        with contextlib.suppress(OSError):
            worker.send_conn.send(Shutdown())
        try:
            worker.process.wait(timeout)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.process.wait()

    # ----------------------------------------------------------------- internals
    def _ensure_worker(self) -> _Worker:
        if self._worker is None or self._worker.process.poll() is not None:
            self._worker = _Worker(self.python, self.fingerprint_cache)
            threading.Thread(
                target=self._read_events, args=(self._worker,), name="engine-events", daemon=True
            ).start()
        return self._worker

    def _kill_if_running(self, worker: _Worker, job_id: str) -> None:
        with self._lock:
            if self._in_flight.get(job_id) is not worker:
                return
            worker.killed_for_cancel = True
            worker.kill()

    def _read_events(self, worker: _Worker) -> None:
        while True:
            try:
                event = worker.recv_conn.recv()
            except (EOFError, OSError):
                break
            if isinstance(event, TERMINAL_EVENTS):
                with self._lock:
                    self._in_flight.pop(event.job_id, None)
            self.listener(event)
        self._worker_ended(worker)

    def _worker_ended(self, worker: _Worker) -> None:
        code = worker.process.wait()
        worker.send_conn.close()
        worker.recv_conn.close()
        with self._lock:
            if self._worker is worker:
                self._worker = None
            orphaned = [job for job, owner in self._in_flight.items() if owner is worker]
            for job_id in orphaned:
                del self._in_flight[job_id]
        details = "".join(worker.stderr_tail)
        for job_id in orphaned:
            if worker.killed_for_cancel:
                self.listener(Cancelled(job_id, {"killed": True}))
            else:
                self.listener(
                    Error(
                        job_id,
                        f"The engine process stopped unexpectedly (exit code {code}). The next "
                        "request starts a new one; if this repeats, try a smaller model.",
                        details,
                    )
                )
