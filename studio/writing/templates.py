"""Story templates (presets/story-templates/*.toml): a genre's Memory, an Author's Note and
starter story-bible entries for a new project."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from studio.core.documents import DocumentKind
from studio.core.project import Project
from studio.presets import PRESETS
from studio.writing.story_context import AUTHORS_NOTE, MEMORY

TEMPLATES = PRESETS / "story-templates"
_KINDS = {
    "characters": DocumentKind.CHARACTER,
    "places": DocumentKind.PLACE,
    "lore": DocumentKind.LORE,
}


def story_templates(folder: Path = TEMPLATES) -> dict[str, dict[str, Any]]:
    """Template id (file stem) -> its data; a broken file hides only itself."""
    templates = {}
    for path in sorted(folder.glob("*.toml")):
        try:
            templates[path.stem] = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError):
            continue
    return templates


def apply_template(project: Project, template: dict[str, Any]) -> None:
    """Set Memory and the Author's Note and add the template's bible entries."""
    if template.get("memory"):
        project.set_setting(MEMORY, str(template["memory"]))
    if template.get("authors_note"):
        project.set_setting(AUTHORS_NOTE, str(template["authors_note"]))
    for key, kind in _KINDS.items():
        for entry in template.get(key, []):
            if isinstance(entry, dict) and entry.get("name"):
                project.add_document(kind, str(entry["name"]), body=str(entry.get("text", "")))
