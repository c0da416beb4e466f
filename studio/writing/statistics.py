"""Word statistics for a project: totals per section and per document."""

from __future__ import annotations

from dataclasses import dataclass, field

from studio.core.project import Project
from studio.writing.wordcount import count_words


@dataclass
class ProjectStatistics:
    total_words: int = 0
    documents: int = 0
    words_by_section: dict[str, int] = field(default_factory=dict)
    words_by_document: dict[str, int] = field(default_factory=dict)


def project_statistics(project: Project) -> ProjectStatistics:
    """Counts over documents outside the trash, in binder order."""
    stats = ProjectStatistics()
    for document in project.active_documents():
        words = count_words(document.body)
        section = document.kind.section.label
        stats.documents += 1
        stats.total_words += words
        stats.words_by_section[section] = stats.words_by_section.get(section, 0) + words
        stats.words_by_document[document.id] = words
    return stats
