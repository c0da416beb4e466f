"""The Story Context dialog: Memory, the Author's Note and its depth, and the sampling preset
for this project."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from studio.presets import DEFAULT_SAMPLING, sampling_presets
from studio.ui.session import ProjectSession
from studio.writing.story_context import (
    AUTHORS_NOTE,
    AUTHORS_NOTE_DEPTH,
    MEMORY,
    SAMPLING_PRESET,
)


class StoryContextDialog(QDialog):
    def __init__(self, session: ProjectSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Story Context")
        self.resize(620, 520)
        self.session = session
        settings = session.project.manifest.settings if session.project else {}
        self.memory = QPlainTextEdit(str(settings.get(MEMORY, "")), self)
        self.memory.setPlaceholderText(
            "Always sent first: genre, tone, point of view, the "
            "premise — what the model must never forget."
        )
        self.note = QPlainTextEdit(str(settings.get(AUTHORS_NOTE, "")), self)
        self.note.setPlaceholderText(
            "A nudge placed near the end of the context, e.g. "
            "“Keep the dread rising; short sentences.”"
        )
        self.note.setMaximumHeight(90)
        self.depth = QSpinBox(self)
        self.depth.setRange(0, 50)
        depth = settings.get(AUTHORS_NOTE_DEPTH, 3)
        self.depth.setValue(depth if isinstance(depth, int) else 3)
        self.depth.setSuffix(" paragraphs from the end")
        self.preset = QComboBox(self)
        self.presets = sampling_presets()
        for preset_id, preset in self.presets.items():
            self.preset.addItem(preset["name"], preset_id)
        current = self.preset.findData(settings.get(SAMPLING_PRESET, DEFAULT_SAMPLING))
        self.preset.setCurrentIndex(max(0, current))
        self.preset_note = QLabel(self)
        self.preset_note.setWordWrap(True)
        self.preset.currentIndexChanged.connect(self._describe_preset)
        self._describe_preset()

        form = QFormLayout()
        form.addRow("Memory", self.memory)
        form.addRow("Author's Note", self.note)
        form.addRow("Insert the note", self.depth)
        form.addRow("Sampling", self.preset)
        form.addRow("", self.preset_note)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def _describe_preset(self) -> None:
        preset = self.presets.get(self.preset.currentData(), {})
        self.preset_note.setText(preset.get("description", ""))

    def accept(self) -> None:
        self.session.set_setting(MEMORY, self.memory.toPlainText().strip())
        self.session.set_setting(AUTHORS_NOTE, self.note.toPlainText().strip())
        self.session.set_setting(AUTHORS_NOTE_DEPTH, self.depth.value())
        self.session.set_setting(SAMPLING_PRESET, self.preset.currentData())
        super().accept()
