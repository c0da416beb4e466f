"""The only module plugins import: a facade over the studio's extension points.

Versioned semantically: API_VERSION's major number changes only when a plugin written for
the old one could break. A plugin declares the majors it supports in plugin.toml.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from studio.registry import (
    CommandSpec,
    ExporterSpec,
    ExtensionRegistry,
    PanelSpec,
    TextCheckerSpec,
    TextIssue,
)

API_VERSION = "1.0"

__all__ = ["API_VERSION", "PluginApi", "TextIssue"]


class PluginApi:
    """Handed to a plugin's ``enable(api)``; everything it registers is namespaced by its id."""

    def __init__(self, plugin_id: str, registry: ExtensionRegistry) -> None:
        self.plugin_id = plugin_id
        self._registry = registry

    def _qualified(self, local_id: str) -> str:
        return f"{self.plugin_id}.{local_id}"

    def register_panel(
        self, id: str, title: str, kinds: tuple[str, ...], factory: Callable[[Any], Any]
    ) -> None:
        self._registry.add_panel(
            PanelSpec(self._qualified(id), title, tuple(kinds), factory, owner=self.plugin_id)
        )

    def register_command(
        self,
        id: str,
        title: str,
        callback: Callable[[Any], Any],
        menu: str = "Tools",
        shortcut: str = "",
    ) -> None:
        self._registry.add_command(
            CommandSpec(self._qualified(id), title, callback, menu, shortcut, owner=self.plugin_id)
        )

    def register_exporter(
        self, id: str, title: str, extension: str, export: Callable[[Any, Path], Any]
    ) -> None:
        self._registry.add_exporter(
            ExporterSpec(self._qualified(id), title, extension, export, owner=self.plugin_id)
        )

    def register_text_checker(
        self, id: str, title: str, check: Callable[[str], list[TextIssue]]
    ) -> None:
        """A spell checker or style linter: ``check(text)`` returns TextIssues, quickly."""
        self._registry.add_text_checker(
            TextCheckerSpec(self._qualified(id), title, check, owner=self.plugin_id)
        )
