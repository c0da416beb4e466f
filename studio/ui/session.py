"""The open project as observable state: widgets listen to its signals, never poll it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal

from studio.core.documents import Document, DocumentKind
from studio.core.project import Project
from studio.writing.wordcount import count_words


class ProjectSession(QObject):
    """Holds at most one open Project and announces every change to it."""

    opened = Signal()
    closed = Signal()
    binder_changed = Signal()
    document_renamed = Signal(str)
    document_reloaded = Signal(str)
    modified_changed = Signal(bool)
    words_changed = Signal()
    saved = Signal(list)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.project: Project | None = None
        self._words: dict[str, int] = {}
        self.words_at_open = 0

    # ----------------------------------------------------------------- lifecycle
    def attach(self, project: Project) -> None:
        self.project = project
        self._words = {d.id: count_words(d.body) for d in project.documents.values()}
        self.words_at_open = self.project_words()
        self.opened.emit()
        self.modified_changed.emit(project.is_modified)
        self.words_changed.emit()

    def detach(self) -> Project | None:
        project, self.project = self.project, None
        self._words = {}
        self.words_at_open = 0
        self.closed.emit()
        self.words_changed.emit()
        return project

    @property
    def folder(self) -> Path | None:
        return self.project.folder if self.project else None

    # ----------------------------------------------------------------- word counts
    def document_words(self, doc_id: str) -> int:
        return self._words.get(doc_id, 0)

    def project_words(self) -> int:
        if self.project is None:
            return 0
        return sum(self._words.get(d.id, 0) for d in self.project.active_documents())

    def session_words(self) -> int:
        return self.project_words() - self.words_at_open

    # ----------------------------------------------------------------- edits
    def _changed(self, binder: bool = False) -> None:
        if binder:
            self.binder_changed.emit()
        self.modified_changed.emit(self.project.is_modified if self.project else False)

    def set_setting(self, key: str, value: object) -> None:
        assert self.project is not None
        self.project.set_setting(key, value)
        self._changed()

    def set_meta(self, doc_id: str, key: str, value: object) -> None:
        assert self.project is not None
        self.project.set_meta(doc_id, key, value)
        self._changed()

    def set_body(self, doc_id: str, body: str) -> None:
        assert self.project is not None
        was = self.project.is_modified
        self.project.set_body(doc_id, body)
        words = count_words(body)
        if words != self._words.get(doc_id):
            self._words[doc_id] = words
            self.words_changed.emit()
        if self.project.is_modified != was:
            self.modified_changed.emit(self.project.is_modified)

    def add_document(
        self, kind: DocumentKind, title: str, parent: str | None = None, index: int | None = None
    ) -> Document:
        assert self.project is not None
        document = self.project.add_document(kind, title, parent=parent, index=index)
        self._words[document.id] = 0
        self._changed(binder=True)
        return document

    def rename(self, doc_id: str, title: str) -> None:
        assert self.project is not None
        self.project.rename(doc_id, title)
        self.document_renamed.emit(doc_id)
        self._changed()

    def move(self, doc_id: str, parent: str | None, index: int) -> None:
        assert self.project is not None
        self.project.move(doc_id, parent, index)
        self._changed(binder=True)

    def move_to_trash(self, doc_id: str) -> None:
        assert self.project is not None
        self.project.move_to_trash(doc_id)
        self.words_changed.emit()
        self._changed(binder=True)

    def restore_from_trash(self, doc_id: str) -> None:
        assert self.project is not None
        self.project.restore_from_trash(doc_id)
        self.words_changed.emit()
        self._changed(binder=True)

    def empty_trash(self) -> list[str]:
        assert self.project is not None
        removed = self.project.empty_trash()
        for doc_id in removed:
            self._words.pop(doc_id, None)
        self._changed(binder=True)
        return removed

    def reload_document(self, doc_id: str) -> None:
        assert self.project is not None
        document = self.project.reload_document(doc_id)
        self._words[doc_id] = count_words(document.body)
        self.document_reloaded.emit(doc_id)
        self.words_changed.emit()
        self._changed(binder=True)

    def save(self, overwrite_outside_changes: bool = False) -> list[str]:
        assert self.project is not None
        written = self.project.save(overwrite_outside_changes=overwrite_outside_changes)
        self.saved.emit(written)
        self.modified_changed.emit(False)
        return written
