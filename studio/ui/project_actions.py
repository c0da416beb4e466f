"""User flows on projects: new, open, save, save as, close, and changes made outside."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from studio.config import Paths, Preferences
from studio.core.errors import OutsideChangeError, ProjectError, ProjectLockedError
from studio.core.manifest import MANIFEST_NAME
from studio.core.project import Project
from studio.ui.dialogs import prompts
from studio.ui.session import ProjectSession
from studio.writing.templates import apply_template, story_templates

SAMPLE_PROJECT = Path(__file__).resolve().parents[2] / "assets" / "sample-project"


class ProjectActions(QObject):
    """Runs each project flow, asking the user through ``prompts`` where a choice is theirs."""

    status_message = Signal(str)

    def __init__(
        self,
        session: ProjectSession,
        preferences: Preferences,
        paths: Paths,
        window: QWidget,
        commit_editors: Callable[[], None],
    ) -> None:
        super().__init__(window)
        self.session = session
        self.preferences = preferences
        self.paths = paths
        self.window = window
        self.commit_editors = commit_editors
        self.autosave_paused = False

    # ----------------------------------------------------------------- opening
    def new_project(self) -> bool:
        answer = prompts.ask_new_project(self.window, Path.home() / "Lyra Projects")
        if answer is None:
            return False
        folder, title, author, template_id = answer
        if not self.close_project():
            return False
        try:
            project = Project.create(folder, title or "Untitled Project", author)
        except (ProjectError, OSError) as error:
            prompts.warn(self.window, "New Project", f"The project could not be created: {error}")
            return False
        template = story_templates().get(template_id) if template_id else None
        if template is not None:
            apply_template(project, template)
            project.save()
        self._attach(project)
        return True

    def open_project(self) -> bool:
        start = self.session.folder or Path.home()
        folder = prompts.choose_project_folder(self.window, "Open Project", start)
        return self.open_folder(folder) if folder else False

    def open_folder(self, folder: Path) -> bool:
        folder = Path(folder)
        if self.session.folder and self.session.folder.resolve() == folder.resolve():
            return True
        if not self.close_project():
            return False
        try:
            project = self._open_with_lock_check(folder)
        except (ProjectError, OSError) as error:
            prompts.warn(self.window, "Open Project", str(error))
            return False
        if project is None:
            return False
        self._attach(project)
        if project.problems:
            names = "\n".join(f"• {p.message}" for p in project.problems)
            prompts.warn(
                self.window,
                "Some files could not be read",
                f"{len(project.problems)} file(s) of this project could not be read. "
                "They are kept as they are and marked ⚠ in the binder.",
                names,
            )
        return True

    def _open_with_lock_check(self, folder: Path) -> Project | None:
        try:
            return Project.open(folder)
        except ProjectLockedError as error:
            if not error.stale:
                prompts.warn(self.window, "Project in use", str(error))
                return None
            if prompts.confirm(
                self.window, "Project was not closed cleanly", str(error), "Break Lock and Open"
            ):
                return Project.open(folder, break_stale_lock=True)
            return None

    def open_sample(self) -> bool:
        """Open a private copy of the sample project (the bundled one stays pristine)."""
        target = self.paths.data / "Sample Project"
        if not (target / MANIFEST_NAME).exists():
            try:
                shutil.copytree(SAMPLE_PROJECT, target, dirs_exist_ok=True)
            except OSError as error:
                prompts.warn(
                    self.window,
                    "Sample Project",
                    f"The sample project could not be copied to {target}: {error}",
                )
                return False
        return self.open_folder(target)

    def _attach(self, project: Project) -> None:
        self.autosave_paused = False
        self.session.attach(project)
        self.preferences.add_recent(project.folder)
        self._save_preferences()
        self.status_message.emit(f"Opened {project.title}")

    def _save_preferences(self) -> None:
        try:
            self.preferences.save()
        except OSError as error:
            self.status_message.emit(f"Settings could not be saved: {error}")

    # ----------------------------------------------------------------- saving
    def save(self, interactive: bool = True) -> bool:
        """Save changed files. Outside changes are resolved with the user when interactive;
        an autosave that meets one pauses and says so instead of asking."""
        self.commit_editors()
        project = self.session.project
        if project is None:
            return True
        try:
            self.session.save()
        except OutsideChangeError as error:
            if not interactive:
                self.autosave_paused = True
                self.status_message.emit("Autosave paused: " + str(error) + " Save to decide.")
                return False
            return self._resolve_conflict(error)
        except OSError as error:
            prompts.warn(
                self.window,
                "Save failed",
                f"The project could not be saved ({error}). Your text is still open "
                "here; free some space or check the folder's permissions, then save again.",
            )
            return False
        self.autosave_paused = False
        self.status_message.emit("Saved")
        return True

    def _resolve_conflict(self, error: OutsideChangeError) -> bool:
        choice = prompts.resolve_outside_change(self.window, str(error))
        if choice is prompts.Choice.OVERWRITE:
            self.session.save(overwrite_outside_changes=True)
        elif choice is prompts.Choice.RELOAD:
            project = self.session.project
            assert project is not None
            for path in error.paths:
                document = project.document_for_path(path)
                if document is not None:
                    self.session.reload_document(document.id)
            if any(path.name == MANIFEST_NAME for path in error.paths):
                prompts.warn(
                    self.window,
                    "Project file changed",
                    "The project's binder file changed outside the studio. Close and "
                    "reopen the project to load it; saving now would overwrite it.",
                )
                return False
            return self.save()
        else:
            return False
        self.autosave_paused = False
        self.status_message.emit("Saved")
        return True

    def autosave(self) -> None:
        project = self.session.project
        if project is None or self.autosave_paused:
            return
        self.commit_editors()
        if project.is_modified:
            self.save(interactive=False)

    def reload_outside_changes(self) -> list[str]:
        """Reload documents changed on disk that have no unsaved edits here."""
        project = self.session.project
        if project is None:
            return []
        self.commit_editors()
        reloaded = []
        for path in project.outside_changes():
            document = project.document_for_path(path)
            if document is not None and not project.has_unsaved(document.id):
                self.session.reload_document(document.id)
                reloaded.append(document.title)
        if reloaded:
            self.status_message.emit("Reloaded after an outside change: " + ", ".join(reloaded))
        return reloaded

    def save_as(self) -> bool:
        project = self.session.project
        if project is None:
            return False
        self.commit_editors()
        folder = prompts.choose_project_folder(
            self.window, "Save Project As (an empty folder)", project.folder.parent
        )
        if folder is None:
            return False
        try:
            copy = project.save_as(folder)
        except (ProjectError, OSError) as error:
            prompts.warn(self.window, "Save As", str(error))
            return False
        self.session.detach()
        self._attach(copy)
        return True

    # ----------------------------------------------------------------- closing
    def close_project(self) -> bool:
        """Save, back up and release the project. False when the user chose to keep it open."""
        project = self.session.project
        if project is None:
            return True
        if not self.save() and not prompts.confirm(
            self.window,
            "Close without saving?",
            "The project could not be saved. Close it anyway and lose the unsaved changes?",
            "Close Without Saving",
        ):
            return False
        backup_root = (
            Path(self.preferences["backup_folder"])
            if self.preferences["backup_folder"]
            else self.paths.backups
        )
        try:
            project.close(
                backup_root if self.preferences["backup_on_close"] else None,
                self.preferences["backups_kept"],
            )
        except OSError as error:
            self.status_message.emit(f"The backup could not be written: {error}")
        self.session.detach()
        return True
