"""Background work for the GUI: run a function on a worker thread, get the result by signal."""

from __future__ import annotations

import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot


class _JobSignals(QObject):
    """Created on the GUI thread; its slots are bound methods of an object living there, so
    the worker's emits are delivered there as queued calls."""

    finished = Signal(object)
    failed = Signal(str, str)  # message, traceback

    def __init__(
        self,
        on_done: Callable[[Any], None],
        on_error: Callable[[str, str], None],
        forget: Callable[[_JobSignals], None],
    ) -> None:
        super().__init__()
        self._on_done, self._on_error, self._forget = on_done, on_error, forget
        self.finished.connect(self._deliver_result)
        self.failed.connect(self._deliver_error)

    @Slot(object)
    def _deliver_result(self, result: Any) -> None:
        self._forget(self)
        self._on_done(result)

    @Slot(str, str)
    def _deliver_error(self, message: str, details: str) -> None:
        self._forget(self)
        self._on_error(message, details)


class _Job(QRunnable):
    def __init__(self, function: Callable[[], Any], signals: _JobSignals) -> None:
        super().__init__()
        self.function = function
        self.signals = signals

    def run(self) -> None:
        try:
            result = self.function()
        except Exception as error:  # reported to the GUI thread, never raised on a worker
            self.signals.failed.emit(str(error) or type(error).__name__, traceback.format_exc())
        else:
            self.signals.finished.emit(result)


class JobRunner(QObject):
    """Runs short jobs (exports, file scans) on a thread pool; results arrive on the GUI thread."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(2)
        self._live: set[_JobSignals] = set()

    def run(
        self,
        function: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[str, str], None],
    ) -> None:
        signals = _JobSignals(on_done, on_error, self._live.discard)
        self._live.add(signals)
        self.pool.start(_Job(function, signals))

    def wait(self, msecs: int = 30000) -> bool:
        return self.pool.waitForDone(msecs)
