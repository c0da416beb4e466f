"""The Story panel: chapters and scenes, with the co-writer (Continue, Stop, AI text shown)."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QAction, QKeySequence, QTextDocument
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMenu,
    QToolBar,
    QToolButton,
    QVBoxLayout,
)

from studio.ui.cowriter import CoWriter, request_text
from studio.ui.panels.text_document import TextDocumentPanel

SCENE_STATUSES = ("draft", "revised", "final")


class StoryPanel(TextDocumentPanel):
    placeholder_text = "Write your scene in Markdown: # headings, *emphasis*, and * * * for breaks."

    def __init__(self, services: Any) -> None:
        self.services = services
        self._showing_meta = False
        super().__init__(services.session)
        self.cowriter = CoWriter(services, self.editor, self)
        self.cowriter.show_selections = lambda selections: self.set_selection_layer(
            "ai", selections
        )
        self.cowriter.running_changed.connect(self._running_changed)
        self.cowriter.status.connect(self.ai_status.setText)
        self.cowriter.context_assembled.connect(self._context_assembled)
        self.cowriter.request_sent.connect(self._request_sent)
        self.cowriter.ideas.connect(self._show_ideas)
        self.inspector = None

    def add_header_widgets(self, layout: QVBoxLayout) -> None:
        self.toolbar = QToolBar(self)
        self.continue_action = QAction("Continue", self)
        self.continue_action.setShortcut(QKeySequence("Ctrl+Return"))
        self.continue_action.setToolTip(
            "Let the model continue the story at the cursor (Ctrl+Enter)"
        )
        self.continue_action.triggered.connect(lambda: self.cowriter.continue_at_cursor())
        self.selection_menu = QMenu("Rewrite", self)
        for action, label in (
            ("rewrite", "Rewrite"),
            ("expand", "Expand"),
            ("shorten", "Shorten"),
            ("describe", "Describe (the senses)"),
        ):
            self.selection_menu.addAction(label).triggered.connect(
                lambda _=False, a=action: self.cowriter.run_on_selection(a)
            )
        self.selection_menu.addAction("Instruction…").triggered.connect(self.ask_instruction)
        self.selection_button = QToolButton(self)
        self.selection_button.setText("Rewrite")
        self.selection_button.setToolTip("Rewrite, expand, shorten or describe the selection")
        self.selection_button.setMenu(self.selection_menu)
        self.selection_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.fill_action = QAction("Fill In", self)
        self.fill_action.setToolTip(
            "Write what belongs between the text before and after the cursor"
        )
        self.fill_action.triggered.connect(lambda: self.cowriter.fill_in())
        self.alternatives_action = QAction("3 Ways", self)
        self.alternatives_action.setToolTip(
            "Three continuations side by side; keep the one you like"
        )
        self.alternatives_action.triggered.connect(self.open_alternatives)
        self.brainstorm_action = QAction("Brainstorm", self)
        self.brainstorm_action.setToolTip(
            "Ideas for what could happen next, in a list beside the text"
        )
        self.brainstorm_action.triggered.connect(lambda: self.cowriter.brainstorm())
        self.retry_action = QAction("Retry", self)
        self.retry_action.setToolTip("Undo the last generation and try again with a new seed")
        self.retry_action.triggered.connect(lambda: self.cowriter.retry())
        self.stop_action = QAction("Stop", self)
        self.stop_action.setEnabled(False)
        self.stop_action.triggered.connect(lambda: self.cowriter.cancel())
        self.show_ai_action = QAction("Show AI Text", self)
        self.show_ai_action.setCheckable(True)
        self.show_ai_action.setChecked(True)
        self.show_ai_action.setToolTip("Colour AI text (purple) and AI text you edited (amber)")
        self.show_ai_action.toggled.connect(lambda on: self.cowriter.set_show_ai_text(on))
        self.story_context_action = QAction("Memory…", self)
        self.story_context_action.setToolTip(
            "Memory, Author's Note and sampling preset for this project"
        )
        self.story_context_action.triggered.connect(self.edit_story_context)
        self.history_action = QAction("History…", self)
        self.history_action.setToolTip("Every generation in this document; restore or replay one")
        self.history_action.triggered.connect(self.open_history)
        self.inspect_action = QAction("Context…", self)
        self.inspect_action.setToolTip("What was sent to the model, and why")
        self.inspect_action.triggered.connect(self.open_inspector)
        self.toolbar.addAction(self.continue_action)
        self.toolbar.addWidget(self.selection_button)
        self.toolbar.addAction(self.fill_action)
        self.toolbar.addAction(self.alternatives_action)
        self.toolbar.addAction(self.brainstorm_action)
        for action in (
            self.retry_action,
            self.stop_action,
            self.show_ai_action,
            self.story_context_action,
            self.history_action,
            self.inspect_action,
        ):
            self.toolbar.addAction(action)
        self.ai_status = QLabel(self)
        self.ai_status.setObjectName("AiStatus")
        self.toolbar.addWidget(self.ai_status)
        layout.addWidget(self.toolbar)
        self.synopsis = QLineEdit(self)
        self.synopsis.setPlaceholderText("Synopsis: what happens here, in a sentence")
        self.status_box = QComboBox(self)
        self.status_box.addItems(SCENE_STATUSES)
        self.tags = QLineEdit(self)
        self.tags.setPlaceholderText("Tags, comma-separated")
        details = QHBoxLayout()
        details.addWidget(self.synopsis, 3)
        details.addWidget(self.status_box)
        details.addWidget(self.tags, 1)
        layout.addLayout(details)
        self.synopsis.editingFinished.connect(
            lambda: self._set_meta("synopsis", self.synopsis.text().strip())
        )
        self.status_box.currentTextChanged.connect(lambda text: self._set_meta("status", text))
        self.tags.editingFinished.connect(
            lambda: self._set_meta(
                "tags", [t.strip() for t in self.tags.text().split(",") if t.strip()]
            )
        )
        self.ideas_list = QListWidget(self)
        self.ideas_list.setObjectName("BrainstormIdeas")
        self.ideas_list.setMaximumHeight(140)
        self.ideas_list.setToolTip("Brainstormed ideas (not in your text)")
        self.ideas_list.hide()
        layout.addWidget(self.ideas_list)

    def text_document_created(self, doc_id: str, text_document: QTextDocument) -> None:
        self.cowriter.attach(doc_id, text_document)

    def document_shown(self, doc_id: str) -> None:
        self.cowriter.show(doc_id)
        document = self.session.project.documents[doc_id]
        self._showing_meta = True
        self.synopsis.setText(str(document.meta.get("synopsis", "")))
        status = str(document.meta.get("status", "draft"))
        self.status_box.setCurrentText(status if status in SCENE_STATUSES else "draft")
        tags = document.meta.get("tags", [])
        self.tags.setText(", ".join(map(str, tags)) if isinstance(tags, list) else str(tags))
        for widget in (self.synopsis, self.status_box, self.tags):
            widget.setEnabled(document.writable)
        self._showing_meta = False

    def _set_meta(self, key: str, value: object) -> None:
        if self._showing_meta or self.doc_id is None or self.session.project is None:
            return
        document = self.session.project.documents[self.doc_id]
        if key == "status" and value == "draft" and "status" not in document.meta:
            return  # draft is the default; do not write it into untouched files
        if document.writable:
            self.session.set_meta(self.doc_id, key, value)

    def _running_changed(self, running: bool) -> None:
        for action in (
            self.continue_action,
            self.retry_action,
            self.fill_action,
            self.alternatives_action,
            self.brainstorm_action,
        ):
            action.setEnabled(not running)
        self.selection_button.setEnabled(not running)
        self.stop_action.setEnabled(running)

    def _show_ideas(self, ideas: list[str]) -> None:
        self.ideas_list.clear()
        self.ideas_list.addItems(ideas)
        self.ideas_list.setVisible(bool(ideas))

    def edit_story_context(self) -> None:
        from studio.ui.dialogs.prompts import edit_story_context

        edit_story_context(self, self.services.session)

    def ask_instruction(self) -> None:
        from studio.ui.dialogs import prompts

        instruction = prompts.ask_text(
            self, "Instruction", "What should happen to the selected passage?"
        )
        if instruction:
            self.cowriter.run_on_selection("instruction", instruction)

    def _context_assembled(self, context) -> None:
        if self.inspector is not None:
            self.inspector.show_context(context)

    def open_alternatives(self, count: int = 3) -> None:
        from studio.ui.dialogs.alternatives import AlternativesDialog

        self.alternatives_dialog = AlternativesDialog(self.cowriter, count, self)
        if self.cowriter.alternatives(count) is None:
            self.alternatives_dialog.deleteLater()
            return
        self.alternatives_dialog.show()

    def open_history(self) -> None:
        from studio.ui.dialogs.generation_history import GenerationHistory

        self.history = GenerationHistory(self.cowriter, self)
        self.history.show()

    def _request_sent(self, request: dict) -> None:
        if self.inspector is not None:
            self.inspector.show_request(request_text(request))

    def open_inspector(self) -> None:
        from studio.ui.dialogs.context_inspector import ContextInspector

        if self.inspector is None:
            self.inspector = ContextInspector(self)
        if self.cowriter.last_context is not None:
            self.inspector.show_context(self.cowriter.last_context)
        if self.cowriter.last_request is not None:
            self.inspector.show_request(request_text(self.cowriter.last_request))
        self.inspector.show()
        self.inspector.raise_()
