"""plugin.toml: what a plugin is, which API majors it supports, and where its code starts."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

MANIFEST_FILE = "plugin.toml"
_ID = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$")


class PluginManifestError(ValueError):
    pass


@dataclass(frozen=True)
class PluginManifest:
    id: str
    name: str
    version: str
    api: tuple[str, ...]
    entry: str  # a module file in the plugin folder, without .py
    folder: Path
    description: str = ""
    author: str = ""


def read_manifest(folder: Path) -> PluginManifest:
    path = folder / MANIFEST_FILE
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise PluginManifestError(f"{path} cannot be read: {error}") from error
    missing = [key for key in ("id", "name", "version", "api", "entry") if key not in data]
    if missing:
        raise PluginManifestError(f"{path} lacks {', '.join(missing)}.")
    if not _ID.match(str(data["id"])):
        raise PluginManifestError(f"{path}: id {data['id']!r} must be lower_snake_case.")
    api = data["api"]
    if isinstance(api, str):
        api = [api]
    entry = str(data["entry"])
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", entry) or not (folder / f"{entry}.py").is_file():
        raise PluginManifestError(f"{path}: entry {entry!r} must name a .py file in the folder.")
    return PluginManifest(
        id=str(data["id"]),
        name=str(data["name"]),
        version=str(data["version"]),
        api=tuple(str(a) for a in api),
        entry=entry,
        folder=folder,
        description=str(data.get("description", "")),
        author=str(data.get("author", "")),
    )
