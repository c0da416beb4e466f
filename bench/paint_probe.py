"""Child side of `bench/startup.py`: run a Qt app and report when its main window first paints.

Usage: ``python bench/paint_probe.py BINDING MODULE CALLABLE [ARGS...]``, where BINDING is
``PySide6`` or ``PyQt6``. The probe replaces ``BINDING.QtWidgets.QApplication`` with a subclass
*before* the app is imported, so the app's own ``from BINDING.QtWidgets import QApplication``
picks it up. The subclass installs an application-wide event filter. On the first Paint event
delivered to a top-level ``QMainWindow`` the probe prints one line to stdout::

    PAINT_PROBE {"main_painted": <time.time()>, "window": "...", ...}

and then leaves the process with ``os._exit(0)`` from a zero-delay timer, once control is
back in an event loop. The timestamp is taken when Qt starts drawing the main window's first
frame: everything the app did to build the window happens before it, the frame itself does
not. The probe takes no time reading before the app starts; the parent notes the time just
before it spawns this process and subtracts.
"""

from __future__ import annotations

import importlib
import json
import os
import sys
import time
from typing import Any

BINDINGS = ("PySide6", "PyQt6")
PREFIX = "PAINT_PROBE "


def _install(binding: str) -> None:
    """Swap in a QApplication subclass that watches every event of the process."""
    qt_core = importlib.import_module(f"{binding}.QtCore")
    qt_widgets = importlib.import_module(f"{binding}.QtWidgets")
    base = qt_widgets.QApplication
    paint = qt_core.QEvent.Type.Paint
    seen: dict[str, Any] = {"windows": [], "first_window_painted": None, "qapp_created": None}

    def report(watched: Any) -> None:
        seen["main_painted"] = time.time()
        seen["window"] = type(watched).__name__
        seen["binding"] = binding
        sys.stdout.write(PREFIX + json.dumps(seen) + "\n")
        sys.stdout.flush()
        qt_core.QTimer.singleShot(0, lambda: os._exit(0))

    class PaintWatcher(qt_core.QObject):
        """Notes top-level paints; reports the first one of a QMainWindow."""

        done = False

        def eventFilter(self, watched: Any, event: Any) -> bool:
            if self.done or event.type() != paint:
                return False
            if not isinstance(watched, qt_widgets.QWidget) or not watched.isWindow():
                return False
            name = type(watched).__name__
            if seen["first_window_painted"] is None:
                seen["first_window_painted"] = time.time()
            if name not in seen["windows"]:
                seen["windows"].append(name)
            if isinstance(watched, qt_widgets.QMainWindow):
                self.done = True
                report(watched)
            return False

    class ProbedApplication(base):
        """The app's QApplication, plus the paint watcher."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            seen["qapp_created"] = time.time()
            self._paint_watcher = PaintWatcher()
            self.installEventFilter(self._paint_watcher)

    qt_widgets.QApplication = ProbedApplication


def main(argv: list[str]) -> int:
    if len(argv) < 3 or argv[0] not in BINDINGS:
        sys.stderr.write(f"usage: paint_probe.py {{{','.join(BINDINGS)}}} MODULE CALLABLE ...\n")
        return 2
    binding, module_name, callable_name, *app_args = argv
    _install(binding)
    sys.argv = [module_name, *app_args]
    entry = getattr(importlib.import_module(module_name), callable_name)
    result = entry()
    sys.stderr.write(f"paint_probe: {module_name}.{callable_name} returned before painting\n")
    return result if isinstance(result, int) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
