"""Word statistics for a project: totals per section and per document."""

from __future__ import annotations

from dataclasses import dataclass, field

from studio.core.project import Project
from studio.core.provenance import Authorship, load_authorship
from studio.writing.wordcount import count_words


@dataclass
class ProjectStatistics:
    total_words: int = 0
    documents: int = 0
    words_by_section: dict[str, int] = field(default_factory=dict)
    words_by_document: dict[str, int] = field(default_factory=dict)
    ai_characters: int = 0
    characters: int = 0
    ai_share_by_document: dict[str, float] = field(default_factory=dict)

    @property
    def ai_share(self) -> float:
        return self.ai_characters / self.characters if self.characters else 0.0


def project_statistics(
    project: Project, authorship: dict[str, Authorship] | None = None
) -> ProjectStatistics:
    """Counts over documents outside the trash, in binder order. AI shares come from
    ``authorship`` where given (what the editors hold now), else from the saved spans."""
    authorship = authorship or {}
    stats = ProjectStatistics()
    for document in project.active_documents():
        words = count_words(document.body)
        section = document.kind.section.label
        stats.documents += 1
        stats.total_words += words
        stats.words_by_section[section] = stats.words_by_section.get(section, 0) + words
        stats.words_by_document[document.id] = words
        spans = authorship.get(document.id)
        if spans is None:
            spans, _problem = load_authorship(project.folder, document.id, document.body)
        ai = int(spans.share(len(document.body)) * len(document.body))
        stats.characters += len(document.body)
        stats.ai_characters += ai
        if ai:
            stats.ai_share_by_document[document.id] = ai / max(1, len(document.body))
    return stats
