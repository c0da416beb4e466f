"""The status bar's word counts: this document, the project, and this session."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from studio.ui.session import ProjectSession


class WordCountLabel(QLabel):
    def __init__(self, session: ProjectSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("WordCount")
        self.session = session
        self.doc_id: str | None = None
        session.words_changed.connect(self.refresh)
        session.closed.connect(lambda: self.set_document(None))
        self.refresh()

    def set_document(self, doc_id: str | None) -> None:
        self.doc_id = doc_id
        self.refresh()

    def refresh(self) -> None:
        if self.session.project is None:
            self.setText("")
            return
        parts = []
        if self.doc_id is not None:
            parts.append(f"Document {self.session.document_words(self.doc_id):,} words")
        parts.append(f"Project {self.session.project_words():,}")
        parts.append(f"Session {self.session.session_words():+,}")
        self.setText("  ·  ".join(parts))
