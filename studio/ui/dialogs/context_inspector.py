"""The Context Inspector: exactly what goes to the model, each piece's tokens, and why."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from studio.writing.context import AssembledContext


class ContextInspector(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Context Inspector")
        self.resize(760, 560)
        self.summary = QLabel("Nothing sent yet: press Continue.", self)
        self.table = QTableWidget(0, 5, self)
        self.table.setHorizontalHeaderLabels(["Piece", "Kind", "Tokens", "In", "Why"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.text = QPlainTextEdit(self)
        self.text.setReadOnly(True)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.table)
        splitter.addWidget(self.text)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(splitter)

    def show_context(self, context: AssembledContext) -> None:
        self.summary.setText(
            f"{context.tokens:,} of {context.budget:,} tokens; "
            f"{len(context.triggered)} bible entries fired, {len(context.fired)} fit."
        )
        self.table.setRowCount(len(context.pieces))
        for row, piece in enumerate(context.pieces):
            why = piece.reason if piece.included else piece.dropped_because
            cells = [
                piece.label,
                piece.kind,
                f"{piece.tokens:,}",
                "✓" if piece.included else "—",
                why,
            ]
            for column, value in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(value))
        self.text.setPlainText(context.text)

    def show_request(self, text: str) -> None:
        """Exactly what went to the engine (the context, wrapped for chat actions)."""
        self.text.setPlainText(text)
