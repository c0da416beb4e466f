"""Every modal question the studio asks, in one place, so tests can stub them all."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox, QWidget


class Choice(Enum):
    OVERWRITE = "overwrite"
    RELOAD = "reload"
    CANCEL = "cancel"
    YES = "yes"
    NO = "no"


def inform(parent: QWidget | None, title: str, text: str, details: str = "") -> None:
    box = QMessageBox(
        QMessageBox.Icon.Information, title, text, QMessageBox.StandardButton.Ok, parent
    )
    if details:
        box.setDetailedText(details)
    box.exec()


def warn(parent: QWidget | None, title: str, text: str, details: str = "") -> None:
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, parent)
    if details:
        box.setDetailedText(details)
    box.exec()


def confirm(parent: QWidget | None, title: str, text: str, action: str) -> bool:
    """Ask before doing something; ``action`` labels the button that agrees."""
    box = QMessageBox(
        QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.Cancel, parent
    )
    yes = box.addButton(action, QMessageBox.ButtonRole.AcceptRole)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    return box.clickedButton() is yes


def resolve_outside_change(parent: QWidget | None, text: str) -> Choice:
    """Files changed on disk: keep theirs (reload), keep ours (overwrite), or decide later."""
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        "Changed outside Lyra Studio",
        text,
        QMessageBox.StandardButton.Cancel,
        parent,
    )
    reload = box.addButton("Reload from Disk", QMessageBox.ButtonRole.DestructiveRole)
    overwrite = box.addButton("Overwrite with Mine", QMessageBox.ButtonRole.AcceptRole)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    if box.clickedButton() is reload:
        return Choice.RELOAD
    if box.clickedButton() is overwrite:
        return Choice.OVERWRITE
    return Choice.CANCEL


def choose_project_folder(parent: QWidget | None, title: str, start: Path | None) -> Path | None:
    folder = QFileDialog.getExistingDirectory(parent, title, str(start or Path.home()))
    return Path(folder) if folder else None


def choose_save_file(parent: QWidget | None, title: str, start: Path, filter_: str) -> Path | None:
    name, _ = QFileDialog.getSaveFileName(parent, title, str(start), filter_)
    return Path(name) if name else None


def ask_text(parent: QWidget | None, title: str, label: str, text: str = "") -> str | None:
    value, ok = QInputDialog.getText(parent, title, label, text=text)
    return value if ok else None


def ask_new_project(
    parent: QWidget | None, default_parent: Path
) -> tuple[Path, str, str, str] | None:
    """(folder, title, author, story template id or "") for a new project, or None."""
    from studio.ui.dialogs.new_project import NewProjectDialog

    dialog = NewProjectDialog(default_parent, parent)
    if dialog.exec() != NewProjectDialog.DialogCode.Accepted:
        return None
    return (
        dialog.project_folder(),
        dialog.title_field.text().strip(),
        dialog.author_field.text(),
        dialog.template_box.currentData(),
    )


def edit_preferences(parent: QWidget | None, preferences) -> bool:
    """Show the Preferences dialog; True when the user pressed OK (values are then stored)."""
    from studio.ui.dialogs.preferences import PreferencesDialog

    return PreferencesDialog(preferences, parent).exec() == PreferencesDialog.DialogCode.Accepted


def edit_story_context(parent: QWidget | None, session) -> bool:
    """Memory, Author's Note and sampling preset; True when the user pressed OK."""
    from studio.ui.dialogs.story_context import StoryContextDialog

    return StoryContextDialog(session, parent).exec() == StoryContextDialog.DialogCode.Accepted
