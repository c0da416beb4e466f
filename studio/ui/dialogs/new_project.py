"""The New Project dialog: title, author and where the project folder goes."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from studio.writing.templates import story_templates


def folder_name_for(title: str) -> str:
    name = re.sub(r"[^\w\- ]+", "", title).strip()
    return name or "Untitled Project"


class NewProjectDialog(QDialog):
    def __init__(self, default_parent: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("New Project")
        self.title_field = QLineEdit("Untitled Project", self)
        self.author_field = QLineEdit(self)
        self.location_field = QLineEdit(str(default_parent), self)
        self.template_box = QComboBox(self)
        self.template_box.addItem("Blank", "")
        for template_id, template in story_templates().items():
            self.template_box.addItem(str(template.get("name", template_id)), template_id)
        browse = QPushButton("Browse…", self)
        browse.clicked.connect(self._browse)
        location = QHBoxLayout()
        location.addWidget(self.location_field, 1)
        location.addWidget(browse)
        self.preview = QLabel(self)
        self.title_field.textChanged.connect(self._update_preview)
        self.location_field.textChanged.connect(self._update_preview)

        form = QFormLayout()
        form.addRow("Title", self.title_field)
        form.addRow("Author", self.author_field)
        form.addRow("Create in", location)
        form.addRow("Story template", self.template_box)
        form.addRow("", self.preview)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self._update_preview()

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, "Create the project in", self.location_field.text()
        )
        if folder:
            self.location_field.setText(folder)

    def project_folder(self) -> Path:
        return Path(self.location_field.text()).expanduser() / folder_name_for(
            self.title_field.text()
        )

    def _update_preview(self) -> None:
        self.preview.setText(f"Folder: {self.project_folder()}")
