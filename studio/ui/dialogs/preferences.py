"""The Preferences dialog, built from the declared settings."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from studio.config import SETTINGS, Preferences, Setting
from studio.engines.devices import PRECISION_NOTES

CHOICE_NOTES = {"text_precision": PRECISION_NOTES}
_LIMITS = {
    "autosave_seconds": (0, 3600),
    "backups_kept": (1, 200),
    "editor_font_size": (6, 48),
    "recent_projects_kept": (1, 50),
    "context_tokens": (256, 131072),
    "continue_tokens": (1, 4096),
}


class PreferencesDialog(QDialog):
    """One row per declared setting; OK writes the values back into ``preferences``."""

    def __init__(self, preferences: Preferences, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Preferences")
        self.preferences = preferences
        self.editors: dict[str, QWidget] = {}
        form = QFormLayout()
        for setting in SETTINGS:
            editor = self._editor_for(setting, preferences[setting.key])
            editor.setToolTip(setting.description)
            self.editors[setting.key] = editor
            form.addRow(setting.description, editor)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def _editor_for(self, setting: Setting, value: Any) -> QWidget:
        if setting.type is bool:
            box = QCheckBox(self)
            box.setChecked(bool(value))
            return box
        if setting.type is int:
            spin = QSpinBox(self)
            low, high = _LIMITS.get(setting.key, (0, 100000))
            spin.setRange(low, high)
            spin.setValue(int(value))
            return spin
        if setting.choices:
            combo = QComboBox(self)
            for choice in setting.choices:
                combo.addItem(str(choice).capitalize(), choice)
                note = CHOICE_NOTES.get(setting.key, {}).get(choice)
                if note:  # what each choice trades, e.g. int8's speed against exactness
                    combo.setItemData(combo.count() - 1, note, Qt.ItemDataRole.ToolTipRole)
            combo.setCurrentIndex(setting.choices.index(value))
            return combo
        line = QLineEdit(str(value), self)
        return line

    def values(self) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key, editor in self.editors.items():
            if isinstance(editor, QCheckBox):
                result[key] = editor.isChecked()
            elif isinstance(editor, QSpinBox):
                result[key] = editor.value()
            elif isinstance(editor, QComboBox):
                result[key] = editor.currentData()
            elif isinstance(editor, QLineEdit):
                result[key] = editor.text()
        return result

    def accept(self) -> None:
        for key, value in self.values().items():
            self.preferences[key] = value
        super().accept()
