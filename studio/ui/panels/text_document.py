"""A panel that edits a document's Markdown body: the base of the story, lyric and bible panels."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor, QFont, QTextCharFormat, QTextCursor, QTextDocument
from PySide6.QtWidgets import (
    QLabel,
    QPlainTextDocumentLayout,
    QPlainTextEdit,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from studio.core.documents import DocumentState
from studio.ui.session import ProjectSession
from studio.ui.widgets.find_bar import FindBar
from studio.ui.widgets.markdown_highlighter import MarkdownHighlighter

COMMIT_DELAY_MS = 400
CHECK_DELAY_MS = 700


class TextDocumentPanel(QWidget):
    """Shows one document at a time; each document keeps its own undo history."""

    placeholder_text = "Write here…"

    def __init__(self, session: ProjectSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.doc_id: str | None = None
        self._text_documents: dict[str, QTextDocument] = {}

        self.heading = QLabel(self)
        self.heading.setObjectName("PanelHeading")
        heading_font = self.heading.font()
        heading_font.setPointSizeF(heading_font.pointSizeF() * 1.3)
        heading_font.setBold(True)
        self.heading.setFont(heading_font)
        self.problem_banner = QLabel(self)
        self.problem_banner.setObjectName("ProblemBanner")
        self.problem_banner.setWordWrap(True)
        self.problem_banner.setStyleSheet("background:#fde2e1;color:#7a1a14;padding:6px;")
        self.problem_banner.hide()
        self.editor = QPlainTextEdit(self)
        self.editor.setObjectName("DocumentEditor")
        self.editor.setPlaceholderText(self.placeholder_text)
        self.editor.setTabChangesFocus(False)
        self.find_bar = FindBar(self.editor, self)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 4)
        layout.addWidget(self.heading)
        layout.addWidget(self.problem_banner)
        self.add_header_widgets(layout)
        layout.addWidget(self.editor, 1)
        layout.addWidget(self.find_bar)

        self._commit_timer = QTimer(self)
        self._commit_timer.setSingleShot(True)
        self._commit_timer.setInterval(COMMIT_DELAY_MS)
        self._commit_timer.timeout.connect(self.commit)
        self.text_checkers: Callable[[], list] = list  # set by the window from the registry
        self.text_issues: list = []
        self._selection_layers: dict[str, list] = {}
        self._check_timer = QTimer(self)
        self._check_timer.setSingleShot(True)
        self._check_timer.setInterval(CHECK_DELAY_MS)
        self._check_timer.timeout.connect(self.run_text_checkers)
        session.document_renamed.connect(self._refresh_heading)
        session.document_reloaded.connect(self._document_reloaded)
        session.closed.connect(self._forget_all)

    def add_header_widgets(self, layout: QVBoxLayout) -> None:
        """Subclasses put their own controls above the editor here."""

    # ----------------------------------------------------------------- documents
    def show_document(self, doc_id: str) -> None:
        self.commit()
        project = self.session.project
        assert project is not None
        document = project.documents[doc_id]
        text_document = self._text_documents.get(doc_id)
        if text_document is None:
            text_document = QTextDocument(self)
            text_document.setDocumentLayout(QPlainTextDocumentLayout(text_document))
            text_document.setPlainText(document.body)
            text_document.setModified(False)
            MarkdownHighlighter(text_document)
            text_document.contentsChanged.connect(self._schedule_commit)
            self._text_documents[doc_id] = text_document
            self.text_document_created(doc_id, text_document)
        self.doc_id = doc_id
        self.editor.setDocument(text_document)
        self._clear_selection_layers()  # their cursors belong to the previous document
        self._check_timer.start()
        self.editor.setReadOnly(document.state is not DocumentState.OK)
        self.problem_banner.setVisible(bool(document.problem))
        self.problem_banner.setText(document.problem)
        self._refresh_heading(doc_id)
        self.document_shown(doc_id)

    def text_document_created(self, doc_id: str, text_document: QTextDocument) -> None:
        """Subclasses hook a document's text here when it is first loaded (or reloaded)."""

    def document_shown(self, doc_id: str) -> None:
        """Subclasses react to the document now in the editor here."""

    def _refresh_heading(self, doc_id: str) -> None:
        project = self.session.project
        if doc_id == self.doc_id and project is not None:
            document = project.documents[doc_id]
            self.heading.setText(f"{document.kind.label}: {document.title}")

    def _schedule_commit(self) -> None:
        self._commit_timer.start()
        self._check_timer.start()

    # ----------------------------------------------------------------- extra selections
    def set_selection_layer(self, layer: str, selections: list) -> None:
        """Underlines and highlights come in layers (AI text, checkers…) shown together."""
        self._selection_layers[layer] = selections
        self.editor.setExtraSelections(
            [s for layer_selections in self._selection_layers.values() for s in layer_selections]
        )

    def _clear_selection_layers(self) -> None:
        self._selection_layers.clear()
        self.editor.setExtraSelections([])

    def run_text_checkers(self) -> list:
        """Run the registered checkers on the text and underline what they find. A checker
        that raises is skipped and named in the tooltip, never allowed to stop the editor."""
        text = self.editor.document().toPlainText()
        issues, failures = [], []
        for spec in self.text_checkers():
            try:
                issues.extend(spec.check(text))
            except Exception as error:  # a plugin's checker failing is the plugin's problem
                failures.append(f"{spec.title}: {error}")
        self.text_issues = issues
        selections = []
        for issue in issues:
            selection = QTextEdit.ExtraSelection()
            selection.cursor = QTextCursor(self.editor.document())
            selection.cursor.setPosition(min(issue.start, len(text)))
            selection.cursor.setPosition(
                min(issue.start + issue.length, len(text)), QTextCursor.MoveMode.KeepAnchor
            )
            underline = QTextCharFormat()
            underline.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
            underline.setUnderlineColor(QColor(200, 40, 40))
            underline.setToolTip(issue.message)
            selection.format = underline
            selections.append(selection)
        self.set_selection_layer("checks", selections)
        self.editor.setToolTip("\n".join(f"Checker failed: {f}" for f in failures))
        return issues

    def commit(self) -> None:
        """Hand the editor's text to the project (it becomes part of the next save)."""
        self._commit_timer.stop()
        project = self.session.project
        if self.doc_id is None or project is None or self.doc_id not in project.documents:
            return
        if project.documents[self.doc_id].writable:
            self.session.set_body(self.doc_id, self.editor.document().toPlainText())

    def _document_reloaded(self, doc_id: str) -> None:
        """Show the text from disk; what the editor held for it is dropped, not committed."""
        text_document = self._text_documents.pop(doc_id, None)
        if doc_id == self.doc_id:
            self._commit_timer.stop()
            self.doc_id = None
            self.show_document(doc_id)
        if text_document is not None:
            text_document.deleteLater()

    def _forget_all(self) -> None:
        self._commit_timer.stop()
        self.doc_id = None
        self._check_timer.stop()
        blank = QTextDocument(self)
        blank.setDocumentLayout(QPlainTextDocumentLayout(blank))
        self.editor.setDocument(blank)
        self._clear_selection_layers()
        for text_document in self._text_documents.values():
            text_document.deleteLater()
        self._text_documents.clear()

    # ----------------------------------------------------------------- edit commands
    def undo(self) -> None:
        self.editor.undo()

    def redo(self) -> None:
        self.editor.redo()

    def open_find(self, replace: bool = False) -> None:
        self.find_bar.open(replace)

    def set_editor_font(self, family: str, size: int) -> None:
        font = QFont(family) if family else QFont()
        font.setPointSize(size)
        self.editor.setFont(font)

    def focus_editor(self) -> None:
        self.editor.setFocus(Qt.FocusReason.OtherFocusReason)
