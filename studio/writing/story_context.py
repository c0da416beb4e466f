"""From a project and a cursor to a ContextRequest: the story so far, the bible, Memory."""

from __future__ import annotations

from typing import Any

from studio.core.documents import DocumentKind, Section
from studio.core.project import Project
from studio.writing.context import ChapterSummary, ContextRequest, LoreEntry, SummaryCache

#: Project settings (in the manifest's [settings]) that shape the context.
MEMORY = "memory"
AUTHORS_NOTE = "authors_note"
AUTHORS_NOTE_DEPTH = "authors_note_depth"
SAMPLING_PRESET = "sampling_preset"


def _words(value: Any) -> list[str]:
    if isinstance(value, str):
        return [w.strip() for w in value.split(",") if w.strip()]
    if isinstance(value, list):
        return [str(w).strip() for w in value if str(w).strip()]
    return []


def _default_keys(title: str, kind: DocumentKind, has_patterns: bool) -> list[str]:
    if has_patterns:
        return []
    keys = [title]
    first = title.split()[0] if title.split() else ""
    if kind is DocumentKind.CHARACTER and first and first != title:
        keys.append(first)
    return keys


def lore_entries(project: Project) -> list[LoreEntry]:
    """Bible entries as context entries. Front matter sets the triggers: ``keys``,
    ``secondary_keys``, ``not_keys``, ``patterns``, ``always_on``, ``priority``; with no keys
    at all, the entry's title is its key (and a character's first name too)."""
    entries = []
    for doc_id in project.order(Section.BIBLE):
        document = project.documents.get(doc_id)
        if document is None or not document.writable:
            continue
        meta = document.meta
        keys = _words(meta.get("keys")) or _default_keys(
            document.title, document.kind, bool(meta.get("patterns"))
        )
        priority = meta.get("priority", 0)
        entries.append(
            LoreEntry(
                id=doc_id,
                title=document.title,
                text=document.body,
                keys=keys,
                secondary_keys=_words(meta.get("secondary_keys")),
                not_keys=_words(meta.get("not_keys")),
                patterns=_words(meta.get("patterns")),
                always_on=bool(meta.get("always_on", False)),
                priority=priority if isinstance(priority, int) else 0,
            )
        )
    return entries


def story_before(project: Project, doc_id: str, text_before_cursor: str) -> str:
    """The story up to the cursor: earlier scenes of the chapter, then this scene's start."""
    chapter = project.parent_of(doc_id)
    parts: list[str] = []
    if chapter is not None and project.documents[doc_id].kind is DocumentKind.SCENE:
        for sibling in project.children(chapter):
            if sibling == doc_id:
                break
            body = project.documents[sibling].body.strip()
            if body:
                parts.append(body)
    parts.append(text_before_cursor)
    return "\n\n".join(parts)


def build_request(
    project: Project,
    doc_id: str,
    text_before: str,
    text_after: str,
    budget_tokens: int,
    fill_in: bool = False,
    summaries: SummaryCache | None = None,
) -> ContextRequest:
    """Everything the context needs for a cursor in ``doc_id``; earlier chapters come in as
    their cached summaries (see ``stale_chapters`` for the ones still to be made)."""
    settings = project.manifest.settings
    depth = settings.get(AUTHORS_NOTE_DEPTH, 3)
    return ContextRequest(
        story_before=story_before(project, doc_id, text_before),
        story_after=text_after if fill_in else "",
        budget_tokens=budget_tokens,
        memory=str(settings.get(MEMORY, "")),
        authors_note=str(settings.get(AUTHORS_NOTE, "")),
        authors_note_depth=depth if isinstance(depth, int) else 3,
        lore=lore_entries(project),
        summaries=chapter_summaries(project, doc_id, summaries) if summaries else [],
    )


def chapter_of(project: Project, doc_id: str) -> str | None:
    kind = project.documents[doc_id].kind
    if kind is DocumentKind.CHAPTER:
        return doc_id
    return project.parent_of(doc_id) if kind is DocumentKind.SCENE else None


def chapter_text(project: Project, chapter_id: str) -> str:
    """A chapter's own text and its scenes', in order."""
    parts = [project.documents[chapter_id].body.strip()]
    parts += [
        project.documents[s].body.strip()
        for s in project.children(chapter_id)
        if s in project.documents
    ]
    return "\n\n".join(p for p in parts if p)


def earlier_chapters(project: Project, doc_id: str) -> dict[str, str]:
    """Chapter id -> text, for the chapters before the one holding ``doc_id``."""
    current = chapter_of(project, doc_id)
    order = project.order(Section.STORY)
    if current not in order:
        return {}
    chapters = {}
    for chapter_id in order[: order.index(current)]:
        text = chapter_text(project, chapter_id)
        if text:
            chapters[chapter_id] = text
    return chapters


def stale_chapters(project: Project, doc_id: str, summaries: SummaryCache) -> dict[str, str]:
    """Earlier chapters whose summary is missing or older than their text."""
    chapters = earlier_chapters(project, doc_id)
    return {cid: chapters[cid] for cid in summaries.stale(chapters)}


def chapter_summaries(
    project: Project, doc_id: str, summaries: SummaryCache
) -> list[ChapterSummary]:
    return [
        ChapterSummary(cid, project.documents[cid].title, summary)
        for cid, text in earlier_chapters(project, doc_id).items()
        if (summary := summaries.get(cid, text))
    ]
