"""Presets shipped in presets/ (and later the user's own): TOML files read on demand."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

PRESETS = Path(__file__).resolve().parents[1] / "presets"
SAMPLING_FIELDS = ("temperature", "top_p", "top_k", "min_p", "repetition_penalty")
DEFAULT_SAMPLING = "balanced"


def sampling_presets(folder: Path = PRESETS / "sampling") -> dict[str, dict[str, Any]]:
    """Preset id (file stem) -> {name, description, and the sampling fields}."""
    presets: dict[str, dict[str, Any]] = {}
    for path in sorted(folder.glob("*.toml")):
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError):
            continue  # a broken preset file hides only itself
        values = {key: data[key] for key in SAMPLING_FIELDS if key in data}
        presets[path.stem] = {
            "name": str(data.get("name", path.stem)),
            "description": str(data.get("description", "")),
            **values,
        }
    return presets


def sampling_values(preset_id: str) -> dict[str, Any]:
    """The sampling fields of a preset (the default preset's when it is unknown)."""
    presets = sampling_presets()
    preset = presets.get(preset_id) or presets.get(DEFAULT_SAMPLING) or {}
    return {key: preset[key] for key in SAMPLING_FIELDS if key in preset}
