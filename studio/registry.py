"""One registry of extension points: the built-in features and plugins register here alike.

Nothing in this module imports Qt: a panel is registered as a factory (called with the
studio's services when the panel is first shown), so registering costs nothing at start-up.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


class RegistrationError(ValueError):
    """An extension was registered twice or with an invalid description."""


@dataclass(frozen=True)
class PanelSpec:
    """A central-area panel that edits documents of some kinds."""

    id: str
    title: str
    kinds: tuple[str, ...]
    factory: Callable[[Any], Any]  # (services) -> QWidget implementing the DocumentPanel API
    owner: str = "studio"


@dataclass(frozen=True)
class CommandSpec:
    """A menu command; ``menu`` is a path such as "Tools" or "Tools/Text"."""

    id: str
    title: str
    callback: Callable[[Any], Any]  # (services) -> None
    menu: str = "Tools"
    shortcut: str = ""
    owner: str = "studio"


@dataclass(frozen=True)
class ExporterSpec:
    """Writes the project (or part of it) to a file format."""

    id: str
    title: str
    extension: str  # without the dot: "md", "docx"
    export: Callable[[Any, Path], Any]  # (project, target path) -> None; runs off the GUI thread
    owner: str = "studio"


@dataclass(frozen=True)
class TextIssue:
    """Something a text checker (a spell checker, a style linter) found."""

    start: int
    length: int
    message: str
    suggestions: tuple[str, ...] = ()


@dataclass(frozen=True)
class TextCheckerSpec:
    """Checks a document's text; must be quick (it runs as the writer types, debounced)."""

    id: str
    title: str
    check: Callable[[str], list[TextIssue]]
    owner: str = "studio"


@dataclass
class ExtensionRegistry:
    panels: dict[str, PanelSpec] = field(default_factory=dict)
    commands: dict[str, CommandSpec] = field(default_factory=dict)
    exporters: dict[str, ExporterSpec] = field(default_factory=dict)
    text_checkers: dict[str, TextCheckerSpec] = field(default_factory=dict)
    _listeners: list[Callable[[str, Any], None]] = field(default_factory=list)

    def _add(self, table: dict[str, Any], spec: Any, what: str) -> None:
        if not spec.id or not spec.title:
            raise RegistrationError(f"A {what} needs an id and a title.")
        if spec.id in table:
            raise RegistrationError(
                f"The {what} id {spec.id!r} is taken (by {table[spec.id].owner})."
            )
        table[spec.id] = spec
        for listener in list(self._listeners):
            listener(what, spec)

    def add_panel(self, spec: PanelSpec) -> None:
        self._add(self.panels, spec, "panel")

    def add_command(self, spec: CommandSpec) -> None:
        self._add(self.commands, spec, "command")

    def add_exporter(self, spec: ExporterSpec) -> None:
        if not spec.extension or "." in spec.extension:
            raise RegistrationError("An exporter's extension is a name like 'md', without dots.")
        self._add(self.exporters, spec, "exporter")

    def add_text_checker(self, spec: TextCheckerSpec) -> None:
        self._add(self.text_checkers, spec, "text checker")

    def panel_for_kind(self, kind: str) -> PanelSpec | None:
        """The most recently registered panel for a document kind (plugins may override)."""
        matches = [spec for spec in self.panels.values() if kind in spec.kinds]
        return matches[-1] if matches else None

    def remove_owner(self, owner: str) -> None:
        """Forget everything one owner (a plugin being disabled) registered."""
        for table in (self.panels, self.commands, self.exporters, self.text_checkers):
            for key in [k for k, spec in table.items() if spec.owner == owner]:
                del table[key]

    def subscribe(self, listener: Callable[[str, Any], None]) -> None:
        """Call ``listener(what, spec)`` for every later registration (menus update)."""
        self._listeners.append(listener)
