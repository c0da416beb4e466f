"""What panels, commands and plugins get to work with: one object, passed to each factory."""

from __future__ import annotations

from dataclasses import dataclass
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
