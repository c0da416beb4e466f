"""Settings declared in one place, with types and defaults; preferences apart from window state.

Preferences live in ``settings.toml`` in the user config folder; window geometry and other
state the user never edits live in ``window-state.json`` in the user state folder. The
``LYRA_HOME`` environment variable puts all of them under one folder (tests, portable use).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tomli_w

from studio.core.atomic import atomic_write_text

APP_NAME = "LyraStudio"
CONFIG_VERSION = 1


@dataclass(frozen=True)
class Setting:
    """One declared preference."""

    key: str
    type: type
    default: Any
    description: str
    choices: tuple[Any, ...] = ()


SETTINGS: tuple[Setting, ...] = (
    Setting("theme", str, "system", "Colour theme", ("system", "light", "dark")),
    Setting("autosave_seconds", int, 60, "Save changed documents every this many seconds (0: off)"),
    Setting("backup_on_close", bool, True, "Zip a backup of the project when it closes"),
    Setting("backups_kept", int, 10, "How many backups to keep per project"),
    Setting("backup_folder", str, "", "Where backups go (empty: the studio's data folder)"),
    Setting("editor_font_family", str, "", "Editor font (empty: the system's default)"),
    Setting("editor_font_size", int, 12, "Editor font size in points"),
    Setting("recent_projects_kept", int, 10, "How many recent projects File ▸ Open Recent lists"),
    Setting("open_last_project", bool, True, "Reopen the last project at start-up"),
    Setting("plugins_enabled", bool, True, "Load plugins at start-up (safe mode turns this off)"),
    Setting("text_model", str, "", "Model for writing (an installed name, folder or server URL)"),
    Setting(
        "text_precision",
        str,
        "auto",
        "Precision for the writing model",
        ("auto", "float32", "bfloat16", "int8"),
    ),
    Setting("context_tokens", int, 4096, "Tokens of context sent to the writing model"),
    Setting("continue_tokens", int, 160, "Tokens the model writes per Continue"),
)
SETTINGS_BY_KEY = {setting.key: setting for setting in SETTINGS}


@dataclass(frozen=True)
class Paths:
    """Where the studio keeps its files."""

    config: Path
    data: Path
    state: Path
    cache: Path

    @classmethod
    def default(cls) -> Paths:
        home = os.environ.get("LYRA_HOME")
        if home:
            root = Path(home)
            return cls(root / "config", root / "data", root / "state", root / "cache")
        import platformdirs

        return cls(
            Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
            Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
            Path(platformdirs.user_state_dir(APP_NAME, appauthor=False)),
            Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)),
        )

    @property
    def settings_file(self) -> Path:
        return self.config / "settings.toml"

    @property
    def window_state_file(self) -> Path:
        return self.state / "window-state.json"

    @property
    def backups(self) -> Path:
        return self.data / "backups"

    @property
    def plugins(self) -> Path:
        return self.data / "plugins"


def _coerce(setting: Setting, value: Any) -> Any:
    """The value when it fits the declaration, else the default (a bad file never crashes)."""
    if setting.type is bool and not isinstance(value, bool):
        return setting.default
    if setting.type is int and (isinstance(value, bool) or not isinstance(value, int)):
        return setting.default
    if setting.type is str and not isinstance(value, str):
        return setting.default
    if setting.choices and value not in setting.choices:
        return setting.default
    return value


class Preferences:
    """The user's preferences: declared settings only, saved atomically as TOML."""

    def __init__(self, paths: Paths, values: dict[str, Any] | None = None) -> None:
        self.paths = paths
        self._values = {s.key: s.default for s in SETTINGS}
        self._values.update(values or {})
        self.recent_projects: list[str] = []
        self.load_problem = ""

    @classmethod
    def load(cls, paths: Paths) -> Preferences:
        preferences = cls(paths)
        path = paths.settings_file
        if not path.exists():
            return preferences
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
            kept = path.with_suffix(".toml.unreadable")
            with contextlib.suppress(OSError):
                shutil.copy2(path, kept)
            preferences.load_problem = (
                f"Your settings file could not be read ({error}); defaults are in use and the "
                f"old file was kept as {kept.name}."
            )
            return preferences
        data = _upgrade(data, path)
        for key, value in data.get("preferences", {}).items():
            if key in SETTINGS_BY_KEY:
                preferences._values[key] = _coerce(SETTINGS_BY_KEY[key], value)
        recent = data.get("recent", {}).get("projects", [])
        preferences.recent_projects = [str(p) for p in recent if isinstance(p, str)]
        return preferences

    def __getitem__(self, key: str) -> Any:
        return self._values[key]

    def __setitem__(self, key: str, value: Any) -> None:
        setting = SETTINGS_BY_KEY[key]
        if _coerce(setting, value) != value:
            raise ValueError(f"{value!r} is not a valid value for {key}")
        self._values[key] = value

    def add_recent(self, folder: Path) -> None:
        entry = str(Path(folder).resolve())
        self.recent_projects = [entry] + [p for p in self.recent_projects if p != entry]
        del self.recent_projects[self["recent_projects_kept"] :]

    def save(self) -> None:
        data = {
            "config_version": CONFIG_VERSION,
            "preferences": dict(self._values),
            "recent": {"projects": self.recent_projects},
        }
        atomic_write_text(self.paths.settings_file, tomli_w.dumps(data))


#: Upgraders from config version N to N+1; the old file is backed up first.
CONFIG_UPGRADES: dict[int, Any] = {}


def _upgrade(data: dict[str, Any], path: Path) -> dict[str, Any]:
    version = data.get("config_version", CONFIG_VERSION)
    if not isinstance(version, int) or version >= CONFIG_VERSION:
        return data
    with contextlib.suppress(OSError):
        shutil.copy2(path, path.with_suffix(f".toml.v{version}.bak"))
    while version < CONFIG_VERSION:
        data = CONFIG_UPGRADES[version](data)
        version += 1
    return data


class WindowState:
    """Window geometry and dock layout: machine state, kept apart from preferences."""

    def __init__(self, paths: Paths) -> None:
        self.paths = paths
        self.values: dict[str, Any] = {}

    @classmethod
    def load(cls, paths: Paths) -> WindowState:
        state = cls(paths)
        with contextlib.suppress(OSError, ValueError):
            loaded = json.loads(paths.window_state_file.read_text(encoding="utf-8"))
            if isinstance(loaded, dict):
                state.values = loaded
        return state

    def save(self) -> None:
        atomic_write_text(self.paths.window_state_file, json.dumps(self.values, indent=2))
