"""What panels, commands and plugins get to work with: one object, passed to each factory."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from studio.config import Paths, Preferences
from studio.registry import ExtensionRegistry
from studio.ui.jobs import JobRunner
from studio.ui.session import ProjectSession


@dataclass
class StudioServices:
    session: ProjectSession
    preferences: Preferences
    paths: Paths
    registry: ExtensionRegistry
    jobs: JobRunner
    window: Any  # the MainWindow: parent for dialogs, current document, status messages
    safe_mode: bool = False
    _engine: Any = field(default=None, repr=False)

    def engine(self) -> Any:
        """The EngineBridge, created on first use (the worker process starts on first job)."""
        if self._engine is None:
            from studio.ui.engine_bridge import EngineBridge

            self._engine = EngineBridge(self.paths.cache / "weights-sha256.json", self.window)
        return self._engine

    def shutdown_engine(self) -> None:
        if self._engine is not None:
            self._engine.shutdown()
