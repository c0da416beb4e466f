"""QApplication bootstrap: show the window first, then load the rest lazily."""

from __future__ import annotations

import sys
import traceback
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

from studio.config import Paths, Preferences
from studio.registry import ExtensionRegistry


class _FirstPaint(QObject):
    """Calls back once, when the watched window has painted for the first time."""

    def __init__(self, callback) -> None:
        super().__init__()
        self.callback = callback
        self.done = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self.done and event.type() == QEvent.Type.Paint:
            self.done = True
            QTimer.singleShot(0, self.callback)
        return False


class Studio:
    """The running application: window plus the start-up work done after it is shown."""

    def __init__(
        self, argv: Sequence[str], safe_mode: bool, project: Path | None, quit_after_start: bool
    ) -> None:
        self.app = QApplication.instance() or QApplication(list(argv))
        self.app.setApplicationName("Lyra Studio")
        self.app.setOrganizationName("Lyra Studio")
        self.app.setDesktopFileName("lyra-studio")
        self.paths = Paths.default()
        self.preferences = Preferences.load(self.paths)
        self.safe_mode = safe_mode
        self.project = project
        self.quit_after_start = quit_after_start
        self.registry = ExtensionRegistry()
        self.plugin_records: list = []
        self.started = False

        from studio.ui.main_window import MainWindow

        self.window = MainWindow(self.preferences, self.paths, self.registry, safe_mode)
        self._painted = _FirstPaint(self._first_paint)
        self.window.installEventFilter(self._painted)

    def _first_paint(self) -> None:
        self.finish_startup()
        if self.quit_after_start:
            self.window.close()
            self.app.quit()

    def finish_startup(self) -> None:
        """Register the built-ins, load plugins, open the project: after the first paint."""
        if self.started:
            return
        self.started = True
        from studio.builtins import register_builtins

        register_builtins(self.registry)
        if not self.safe_mode and self.preferences["plugins_enabled"]:
            from studio.plugin_host.loader import BUNDLED_PLUGINS, PluginHost

            host = PluginHost(self.registry)
            self.plugin_records = host.load_all([BUNDLED_PLUGINS, self.paths.plugins])
            failed = [r for r in self.plugin_records if r.error]
            if failed:
                self.window.statusBar().showMessage(
                    f"{len(failed)} plugin(s) could not start: "
                    + "; ".join(r.error for r in failed),
                    15000,
                )
        if self.preferences.load_problem:
            self.window.statusBar().showMessage(self.preferences.load_problem, 15000)
        target = self.project
        if target is None and self.preferences["open_last_project"] and not self.quit_after_start:
            recent = [Path(p) for p in self.preferences.recent_projects]
            target = next((p for p in recent if p.exists()), None)
        if target is not None:
            self.window.actions_.open_folder(target)

    def run(self) -> int:
        self.window.show()
        return self.app.exec()


def _report_unexpected(
    kind: type[BaseException], error: BaseException, tb: TracebackType | None
) -> None:
    """Show an unexpected error as a message with details, instead of a bare traceback."""
    details = "".join(traceback.format_exception(kind, error, tb))
    sys.stderr.write(details)
    if QApplication.instance() is None or kind is KeyboardInterrupt:
        return
    from studio.ui.dialogs import prompts

    prompts.warn(
        QApplication.activeWindow(),
        "Something went wrong",
        f"Lyra Studio hit an unexpected error ({error}). Your work is kept; save it, "
        "and please report the details below.",
        details,
    )


def run_gui(
    argv: Sequence[str],
    *,
    safe_mode: bool = False,
    project: Path | None = None,
    quit_after_start: bool = False,
) -> int:
    sys.excepthook = _report_unexpected
    studio = Studio(argv, safe_mode, project, quit_after_start)
    return studio.run()
