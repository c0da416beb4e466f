"""Engine events as Qt signals: the reader thread emits, widgets receive on the GUI thread."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal

from studio.engines.client import EngineClient
from studio.engines.protocol import (
    Cancelled,
    Done,
    Error,
    Event,
    LoadingProgress,
    Progress,
    Request,
    Status,
    Token,
)


class EngineBridge(QObject):
    """Owns the EngineClient; every event is re-emitted as a queued signal.

    Signals are emitted from the client's reader thread; Qt queues them to receivers living
    on the GUI thread, so no widget is ever touched off it.
    """

    event = Signal(object)  # every event
    loading = Signal(str, float, str)  # job id, fraction, message
    token = Signal(str, str)  # job id, text
    progress = Signal(str, float, str)
    done = Signal(str, dict)
    cancelled = Signal(str, dict)
    failed = Signal(str, str, str)  # job id, message, details
    status = Signal(object)

    def __init__(
        self, fingerprint_cache: Path | None = None, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.client = EngineClient(self._relay, fingerprint_cache=fingerprint_cache)

    def _relay(self, event: Event) -> None:
        self.event.emit(event)
        if isinstance(event, Token):
            self.token.emit(event.job_id, event.text)
        elif isinstance(event, LoadingProgress):
            self.loading.emit(event.job_id, event.fraction, event.message)
        elif isinstance(event, Progress):
            self.progress.emit(event.job_id, event.fraction, event.message)
        elif isinstance(event, Done):
            self.done.emit(event.job_id, event.result)
        elif isinstance(event, Cancelled):
            self.cancelled.emit(event.job_id, event.partial)
        elif isinstance(event, Error):
            self.failed.emit(event.job_id, event.message, event.details)
        elif isinstance(event, Status):
            self.status.emit(event)

    def submit(self, request: Request) -> str:
        return self.client.submit(request)

    def cancel(self, job_id: str) -> None:
        self.client.cancel(job_id)

    def shutdown(self) -> None:
        self.client.shutdown()
