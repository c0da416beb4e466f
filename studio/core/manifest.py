"""The project manifest (lyra-project.toml): format version, title, author, binder order."""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tomli_w

from studio.core.documents import Section
from studio.core.errors import FutureFormatError, ProjectFormatError

MANIFEST_NAME = "lyra-project.toml"
FORMAT_VERSION = 1

#: Migrators from format N to N+1, applied in order to older manifests; the project is
#: backed up before a migrated manifest is first written.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}


@dataclass
class Manifest:
    """What the manifest holds; the binder order is ids per section plus children per id."""

    title: str
    author: str = ""
    created: str = ""
    format_version: int = FORMAT_VERSION
    order: dict[Section, list[str]] = field(default_factory=lambda: {s: [] for s in Section})
    children: dict[str, list[str]] = field(default_factory=dict)
    trash: list[str] = field(default_factory=list)
    kinds: dict[str, str] = field(default_factory=dict)  # id -> kind, to find files by id
    settings: dict[str, Any] = field(default_factory=dict)  # per-project options
    migrated_from: int | None = None

    def to_toml(self) -> str:
        data: dict[str, Any] = {
            "format_version": FORMAT_VERSION,
            "title": self.title,
            "author": self.author,
            "created": self.created,
            "binder": {section.value: list(self.order[section]) for section in Section},
        }
        data["binder"]["trash"] = list(self.trash)
        children = {key: list(value) for key, value in self.children.items() if value}
        if children:
            data["binder"]["children"] = children
        data["documents"] = dict(sorted(self.kinds.items()))
        if self.settings:
            data["settings"] = self.settings
        return tomli_w.dumps(data)


def _string_list(value: Any, where: str, path: Path) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ProjectFormatError(f"{path.name} is damaged: {where} must be a list of ids.")
    return list(value)


def parse_manifest(text: str, path: Path) -> Manifest:
    """Read manifest text; newer formats are refused, older ones migrated."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ProjectFormatError(
            f"{path.name} is damaged and cannot be read ({error}). It has been left as it is; "
            "restore it from a backup or fix it in a text editor."
        ) from error
    version = data.get("format_version")
    if not isinstance(version, int) or version < 1:
        raise ProjectFormatError(
            f"{path.name} has no valid format_version, so it is not a Lyra Studio project "
            "this version understands."
        )
    if version > FORMAT_VERSION:
        raise FutureFormatError(path, version, FORMAT_VERSION)
    migrated_from = None
    while version < FORMAT_VERSION:
        migrated_from = migrated_from or version
        data = MIGRATIONS[version](data)
        version += 1
    binder = data.get("binder", {})
    if not isinstance(binder, dict):
        raise ProjectFormatError(f"{path.name} is damaged: [binder] must be a table.")
    order = {
        section: _string_list(binder.get(section.value, []), f"binder.{section.value}", path)
        for section in Section
    }
    children_table = binder.get("children", {})
    if not isinstance(children_table, dict):
        raise ProjectFormatError(f"{path.name} is damaged: [binder.children] must be a table.")
    children = {
        str(key): _string_list(value, f"binder.children.{key}", path)
        for key, value in children_table.items()
    }
    kinds = data.get("documents", {})
    if not isinstance(kinds, dict):
        raise ProjectFormatError(f"{path.name} is damaged: [documents] must be a table.")
    settings = data.get("settings", {})
    return Manifest(
        title=str(data.get("title", "Untitled")),
        author=str(data.get("author", "")),
        created=str(data.get("created", "")),
        order=order,
        children=children,
        trash=_string_list(binder.get("trash", []), "binder.trash", path),
        kinds={str(k): str(v) for k, v in kinds.items()},
        settings=settings if isinstance(settings, dict) else {},
        migrated_from=migrated_from,
    )
