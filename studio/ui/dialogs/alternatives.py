"""Alternatives side by side: the model writes several continuations; the writer picks one."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QGridLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from studio.core.provenance import GenerationRecord


class AlternativesDialog(QDialog):
    def __init__(self, cowriter, count: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Alternatives")
        self.resize(960, 420)
        self.cowriter = cowriter
        self.records: list[GenerationRecord] = []
        self.panes: list[QPlainTextEdit] = []
        self.buttons: list[QPushButton] = []
        layout = QGridLayout(self)
        for index in range(count):
            layout.addWidget(QLabel(f"Alternative {index + 1}", self), 0, index)
            pane = QPlainTextEdit(self)
            pane.setReadOnly(True)
            pane.setPlaceholderText("Waiting…")
            button = QPushButton("Use This", self)
            button.setEnabled(False)
            button.clicked.connect(lambda _=False, i=index: self.choose(i))
            layout.addWidget(pane, 1, index)
            layout.addWidget(button, 2, index)
            self.panes.append(pane)
            self.buttons.append(button)
        cowriter.alternative_text.connect(self._text)
        cowriter.alternatives_ready.connect(self._ready)

    def _text(self, index: int, text: str) -> None:
        if index < len(self.panes):
            self.panes[index].setPlainText(text)

    def _ready(self, records: list) -> None:
        self.records = records
        for index, button in enumerate(self.buttons):
            button.setEnabled(index < len(records))

    def choose(self, index: int) -> None:
        if index < len(self.records) and self.cowriter.use_alternative(self.records[index]):
            self.accept()

    def reject(self) -> None:
        self.cowriter.cancel()
        super().reject()
