"""A document's generation history: every generation, which one it retried, and a way to put
an earlier alternative back or to replay it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from studio.core.provenance import GenerationRecord, ProvenanceLedger


class GenerationHistory(QDialog):
    """Generations of one document as a tree: a retry sits under what it retried."""

    def __init__(self, cowriter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Generation History")
        self.resize(760, 520)
        self.cowriter = cowriter
        self.tree = QTreeWidget(self)
        self.tree.setHeaderLabels(["When", "Action", "Seed", "Model", "Beginning"])
        self.preview = QPlainTextEdit(self)
        self.preview.setReadOnly(True)
        self.restore_button = QPushButton("Insert at Cursor", self)
        self.restore_button.setToolTip("Put this alternative back into the text")
        self.replay_button = QPushButton("Replay", self)
        self.replay_button.setToolTip("Run it again with the same model, settings and seed")
        self.note = QLabel(self)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.tree)
        splitter.addWidget(self.preview)
        buttons = QHBoxLayout()
        buttons.addWidget(self.restore_button)
        buttons.addWidget(self.replay_button)
        buttons.addWidget(self.note, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        layout.addLayout(buttons)
        self.records: dict[str, GenerationRecord] = {}
        self.tree.currentItemChanged.connect(self._show_selected)
        self.restore_button.clicked.connect(self.restore_selected)
        self.replay_button.clicked.connect(self.replay_selected)
        cowriter.status.connect(self.note.setText)
        self.refresh()

    def refresh(self) -> None:
        self.tree.clear()
        project = self.cowriter.services.session.project
        if project is None or self.cowriter.doc_id is None:
            return
        history = ProvenanceLedger(project.folder).history(self.cowriter.doc_id)
        self.records = {record.id: record for record in history}
        items: dict[str, QTreeWidgetItem] = {}
        for record in history:
            parent = items.get(record.parent or "")
            item = QTreeWidgetItem(
                parent or self.tree,
                [
                    record.time.replace("T", " ")[:19],
                    record.action,
                    str(record.seed),
                    record.model.rsplit("/", 1)[-1],
                    record.text[:60].replace("\n", " "),
                ],
            )
            item.setData(0, Qt.ItemDataRole.UserRole, record.id)
            items[record.id] = item
        self.tree.expandAll()

    def selected(self) -> GenerationRecord | None:
        item = self.tree.currentItem()
        return self.records.get(item.data(0, Qt.ItemDataRole.UserRole)) if item else None

    def _show_selected(self) -> None:
        record = self.selected()
        self.preview.setPlainText(record.text if record else "")

    def restore_selected(self) -> None:
        record = self.selected()
        if record is not None:
            self.cowriter.restore(record)

    def replay_selected(self) -> None:
        record = self.selected()
        if record is not None:
            self.cowriter.replay(record)
