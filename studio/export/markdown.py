"""The manuscript as one Markdown file: title, author, chapters and their scenes."""

from __future__ import annotations

from pathlib import Path

from studio.core.atomic import atomic_write_text
from studio.core.documents import Section
from studio.core.project import Project


def manuscript_markdown(project: Project) -> str:
    """Chapters as level-1 headings, scenes separated by scene breaks."""
    parts = [f"% {project.title}"]
    if project.manifest.author:
        parts.append(f"% {project.manifest.author}")
    parts.append("")
    for chapter_id in project.order(Section.STORY):
        chapter = project.documents.get(chapter_id)
        if chapter is None:
            continue
        parts.append(f"# {chapter.title}\n")
        if chapter.body.strip():
            parts.append(chapter.body.strip() + "\n")
        scenes = [
            project.documents[s]
            for s in project.children(chapter_id)
            if s in project.documents and project.documents[s].body.strip()
        ]
        parts.append("\n* * *\n\n".join(scene.body.strip() + "\n" for scene in scenes))
    return "\n".join(parts).rstrip() + "\n"


def export_markdown(project: Project, target: Path) -> None:
    atomic_write_text(target, manuscript_markdown(project))
