"""The main window: builds the binder, central panels, menus and status bar, and wires them."""

from __future__ import annotations

import base64
import contextlib
from pathlib import Path

from PySide6.QtCore import QByteArray, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QLabel,
    QMainWindow,
    QMenu,
    QStackedWidget,
    QWidget,
)

from studio import __version__
from studio.config import Paths, Preferences, WindowState
from studio.core.documents import DocumentKind
from studio.registry import CommandSpec, ExtensionRegistry
from studio.ui.dialogs import prompts
from studio.ui.jobs import JobRunner
from studio.ui.panels.binder import BinderPanel
from studio.ui.project_actions import ProjectActions
from studio.ui.services import StudioServices
from studio.ui.session import ProjectSession
from studio.ui.theme import apply_theme
from studio.ui.widgets.welcome import WelcomePage
from studio.ui.widgets.word_count import WordCountLabel


class MainWindow(QMainWindow):
    def __init__(
        self,
        preferences: Preferences,
        paths: Paths,
        registry: ExtensionRegistry,
        safe_mode: bool = False,
    ) -> None:
        super().__init__()
        self.setObjectName("MainWindow")
        self.preferences = preferences
        self.paths = paths
        self.registry = registry
        self.window_state = WindowState.load(paths)
        self.session = ProjectSession(self)
        self.services = StudioServices(
            self.session, preferences, paths, registry, JobRunner(self), self, safe_mode
        )
        self.actions_ = ProjectActions(self.session, preferences, paths, self, self.commit_editors)
        self.current_doc_id: str | None = None
        self._panels: dict[str, QWidget] = {}

        self.binder = BinderPanel(self.session, self)
        self.binder_dock = QDockWidget("Binder", self)
        self.binder_dock.setObjectName("BinderDock")
        self.binder_dock.setWidget(self.binder)
        self.binder_dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetClosable
        )
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.binder_dock)

        self.stack = QStackedWidget(self)
        self.welcome = WelcomePage(self.stack)
        self.stack.addWidget(self.welcome)
        self.no_document_page = QLabel("Choose a document in the binder, or add one.", self.stack)
        self.no_document_page.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.no_document_page.setEnabled(False)
        self.stack.addWidget(self.no_document_page)
        self.setCentralWidget(self.stack)

        self.word_count = WordCountLabel(self.session, self)
        self.saved_label = QLabel(self)
        self.statusBar().addPermanentWidget(self.word_count)
        self.statusBar().addPermanentWidget(self.saved_label)

        self.autosave_timer = QTimer(self)
        self.autosave_timer.timeout.connect(self.actions_.autosave)

        self._build_menus()
        self._wire()
        self.apply_preferences()
        self._restore_layout()
        self._update_title()

    # ----------------------------------------------------------------- construction
    def _action(self, menu: QMenu, text: str, slot, shortcut=None) -> QAction:
        action = menu.addAction(text)
        action.triggered.connect(lambda _=False: slot())
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        return action

    def _build_menus(self) -> None:
        keys = QKeySequence.StandardKey
        menu_bar = self.menuBar()
        file_menu = menu_bar.addMenu("&File")
        self._action(file_menu, "&New Project…", self.actions_.new_project, keys.New)
        self._action(file_menu, "&Open Project…", self.actions_.open_project, keys.Open)
        self.recent_menu = file_menu.addMenu("Open &Recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        file_menu.addSeparator()
        self.save_action = self._action(file_menu, "&Save", self.actions_.save, keys.Save)
        self.save_as_action = self._action(
            file_menu, "Save &As…", self.actions_.save_as, keys.SaveAs
        )
        self.export_menu = file_menu.addMenu("&Export")
        self.export_menu.aboutToShow.connect(self._fill_export_menu)
        file_menu.addSeparator()
        self.close_action = self._action(
            file_menu, "&Close Project", self.actions_.close_project, keys.Close
        )
        self._action(file_menu, "&Quit", self.close, keys.Quit).setMenuRole(
            QAction.MenuRole.QuitRole
        )

        edit_menu = menu_bar.addMenu("&Edit")
        self._action(edit_menu, "&Undo", lambda: self._panel_call("undo"), keys.Undo)
        self._action(edit_menu, "&Redo", lambda: self._panel_call("redo"), keys.Redo)
        edit_menu.addSeparator()
        self._action(edit_menu, "&Find…", lambda: self._panel_call("open_find", False), keys.Find)
        self._action(
            edit_menu,
            "Find and &Replace…",
            lambda: self._panel_call("open_find", True),
            keys.Replace if not QKeySequence(keys.Replace).isEmpty() else "Ctrl+H",
        )
        edit_menu.addSeparator()
        for action in self.binder.make_actions():
            edit_menu.addAction(action)
        edit_menu.addSeparator()
        preferences_key = (
            keys.Preferences if not QKeySequence(keys.Preferences).isEmpty() else "Ctrl+,"
        )
        self._action(
            edit_menu, "&Preferences…", self.edit_preferences, preferences_key
        ).setMenuRole(QAction.MenuRole.PreferencesRole)

        view_menu = menu_bar.addMenu("&View")
        view_menu.addAction(self.binder_dock.toggleViewAction())
        self.focus_action = view_menu.addAction("&Distraction-Free Writing")
        self.focus_action.setCheckable(True)
        self.focus_action.setShortcut(QKeySequence(Qt.Key.Key_F11))
        self.focus_action.toggled.connect(self.set_distraction_free)
        self.addAction(self.focus_action)  # F11 still works with the menu bar hidden
        theme_menu = view_menu.addMenu("&Theme")
        for choice in ("system", "light", "dark"):
            action = theme_menu.addAction(choice.capitalize())
            action.setCheckable(True)
            action.setChecked(self.preferences["theme"] == choice)
            action.triggered.connect(lambda _=False, c=choice: self.set_theme(c))
        self.theme_menu = theme_menu

        self.tools_menu = menu_bar.addMenu("&Tools")
        for spec in self.registry.commands.values():
            self._add_command(spec)
        self.registry.subscribe(self._registered)

        help_menu = menu_bar.addMenu("&Help")
        self._action(help_menu, "Open &Sample Project", self.actions_.open_sample)
        self._action(help_menu, "&About Lyra Studio", self._about)

    def _wire(self) -> None:
        self.binder.open_requested.connect(self.open_document)
        self.welcome.new_requested.connect(self.actions_.new_project)
        self.welcome.open_requested.connect(self.actions_.open_project)
        self.welcome.sample_requested.connect(self.actions_.open_sample)
        self.actions_.status_message.connect(lambda text: self.statusBar().showMessage(text, 6000))
        self.session.opened.connect(self._project_opened)
        self.session.closed.connect(self._project_closed)
        self.session.modified_changed.connect(self._update_title)
        self.session.binder_changed.connect(self._binder_changed)
        self.session.saved.connect(lambda _: self.saved_label.setText("Saved"))
        hints = QGuiApplication.styleHints()
        hints.colorSchemeChanged.connect(self._system_scheme_changed)
        app = QApplication.instance()
        if app is not None:
            app.applicationStateChanged.connect(self._application_state_changed)

    def _restore_layout(self) -> None:
        values = self.window_state.values
        geometry = values.get("geometry")
        if geometry:
            self.restoreGeometry(QByteArray(base64.b64decode(geometry)))
        else:
            self.resize(1200, 780)
        state = values.get("state")
        if state:
            self.restoreState(QByteArray(base64.b64decode(state)))

    def save_layout(self) -> None:
        self.window_state.values["geometry"] = base64.b64encode(
            bytes(self.saveGeometry().data())
        ).decode("ascii")
        self.window_state.values["state"] = base64.b64encode(bytes(self.saveState().data())).decode(
            "ascii"
        )
        # Losing the window layout is not worth interrupting a quit for.
        with contextlib.suppress(OSError):
            self.window_state.save()

    # ----------------------------------------------------------------- documents and panels
    def open_document(self, doc_id: str) -> None:
        project = self.session.project
        if project is None or doc_id not in project.documents:
            return
        kind = project.documents[doc_id].kind.value
        panel = self.panel_for_kind(kind)
        if panel is None:
            prompts.warn(self, "No panel", f"No panel is registered for {kind} documents.")
            return
        if self.current_panel() is not None and self.current_panel() is not panel:
            self.current_panel().commit()
        panel.show_document(doc_id)
        self.stack.setCurrentWidget(panel)
        self.current_doc_id = doc_id
        self.window_state.values.setdefault("last_document", {})[str(project.folder)] = doc_id
        self.word_count.set_document(doc_id)
        self.binder.select(doc_id)
        panel.focus_editor()

    def panel_for_kind(self, kind: str) -> QWidget | None:
        """The panel widget for a kind, built on first use from the registry's factory."""
        spec = self.registry.panel_for_kind(kind)
        if spec is None:
            return None
        if spec.id not in self._panels:
            widget = spec.factory(self.services)
            widget.setObjectName(f"panel:{spec.id}")
            if hasattr(widget, "text_checkers"):
                widget.text_checkers = lambda: list(self.registry.text_checkers.values())
            if hasattr(widget, "set_editor_font"):
                widget.set_editor_font(
                    self.preferences["editor_font_family"], self.preferences["editor_font_size"]
                )
            self._panels[spec.id] = widget
            self.stack.addWidget(widget)
        return self._panels[spec.id]

    def built_panel(self, panel_id: str) -> QWidget | None:
        """A panel if it has been built already (panels are built on first use)."""
        return self._panels.get(panel_id)

    def current_panel(self):
        widget = self.stack.currentWidget()
        return widget if widget not in (self.welcome, self.no_document_page) else None

    def _panel_call(self, method: str, *args: object) -> None:
        panel = self.current_panel()
        if panel is not None and hasattr(panel, method):
            getattr(panel, method)(*args)

    def commit_editors(self) -> None:
        for panel in self._panels.values():
            if hasattr(panel, "commit"):
                panel.commit()

    def _project_opened(self) -> None:
        project = self.session.project
        assert project is not None
        self._update_title()
        self.saved_label.setText("")
        self.stack.setCurrentWidget(self.no_document_page)
        documents = [d for d in project.active_documents() if d.writable]
        remembered = self.window_state.values.get("last_document", {}).get(str(project.folder))
        choice = next((d.id for d in documents if d.id == remembered), None) or next(
            (d.id for d in documents if d.kind is DocumentKind.SCENE),
            documents[0].id if documents else None,
        )
        if choice is not None:
            self.open_document(choice)

    def _project_closed(self) -> None:
        self.current_doc_id = None
        self.stack.setCurrentWidget(self.welcome)
        self._update_title()

    def _binder_changed(self) -> None:
        """Leave a document that was moved to the trash or deleted."""
        project = self.session.project
        if project is None or self.current_doc_id is None:
            return
        if self.current_doc_id not in project.documents or project.in_trash(self.current_doc_id):
            self.current_doc_id = None
            self.word_count.set_document(None)
            self.stack.setCurrentWidget(self.no_document_page)

    def _update_title(self, *_: object) -> None:
        project = self.session.project
        has_project = project is not None
        for action in (self.save_action, self.save_as_action, self.close_action):
            action.setEnabled(has_project)
        suffix = " (safe mode)" if self.services.safe_mode else ""
        if project is None:
            self.setWindowTitle(f"Lyra Studio{suffix}")
            return
        self.setWindowModified(project.is_modified)
        self.setWindowTitle(f"{project.title}[*] — Lyra Studio{suffix}")
        if project.is_modified:
            self.saved_label.setText("Unsaved changes")

    def set_distraction_free(self, on: bool) -> None:
        """Only the text: no binder, menus, toolbars or status bar; full screen. F11 again
        brings everything back as it was."""
        if on:
            self._before_focus = (self.binder_dock.isVisible(), self.isFullScreen())
            self.binder_dock.hide()
            self.showFullScreen()
        else:
            binder_was_visible, was_full_screen = getattr(self, "_before_focus", (True, False))
            self.binder_dock.setVisible(binder_was_visible)
            if not was_full_screen:
                self.showNormal()
        self.menuBar().setVisible(not on)
        self.statusBar().setVisible(not on)
        for panel in self._panels.values():
            toolbar = getattr(panel, "toolbar", None)
            if toolbar is not None:
                toolbar.setVisible(not on)
        if self.focus_action.isChecked() != on:
            self.focus_action.setChecked(on)

    # ----------------------------------------------------------------- menus filled late
    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        for folder in self.preferences.recent_projects:
            action = self.recent_menu.addAction(folder)
            action.setEnabled(Path(folder).exists())
            action.triggered.connect(lambda _=False, f=folder: self.actions_.open_folder(Path(f)))
        if not self.preferences.recent_projects:
            self.recent_menu.addAction("No recent projects").setEnabled(False)
        else:
            self.recent_menu.addSeparator()
            self.recent_menu.addAction("Clear Menu", self._clear_recent)

    def _clear_recent(self) -> None:
        self.preferences.recent_projects.clear()
        self.preferences.save()

    def _fill_export_menu(self) -> None:
        self.export_menu.clear()
        for spec in self.registry.exporters.values():
            action = self.export_menu.addAction(f"{spec.title}…")
            action.setEnabled(self.session.project is not None)
            action.triggered.connect(lambda _=False, s=spec: self.export_with(s))
        if not self.registry.exporters:
            self.export_menu.addAction("No exporters").setEnabled(False)

    def export_with(self, spec) -> None:
        project = self.session.project
        if project is None:
            return
        self.commit_editors()
        start = project.folder.parent / f"{project.title}.{spec.extension}"
        target = prompts.choose_save_file(
            self, spec.title, start, f"{spec.title} (*.{spec.extension})"
        )
        if target is None:
            return
        self.statusBar().showMessage(f"Exporting {target.name}…")
        snapshot = project.snapshot()
        self.services.jobs.run(
            lambda: spec.export(snapshot, target),
            lambda _: self.statusBar().showMessage(f"Exported {target.name}", 6000),
            lambda message, details: prompts.warn(self, "Export failed", message, details),
        )

    def _registered(self, what: str, spec: object) -> None:
        if what == "command":
            self._add_command(spec)  # type: ignore[arg-type]

    def _add_command(self, spec: CommandSpec) -> None:
        menu = self.tools_menu
        for part in [p for p in spec.menu.split("/")[1:] if p]:
            sub = next((a.menu() for a in menu.actions() if a.menu() and a.text() == part), None)
            menu = sub or menu.addMenu(part)
        action = menu.addAction(spec.title)
        if spec.shortcut:
            action.setShortcut(QKeySequence(spec.shortcut))
        action.triggered.connect(lambda _=False: self._run_command(spec))

    def _run_command(self, spec: CommandSpec) -> None:
        try:
            spec.callback(self.services)
        except Exception as error:  # a command (maybe a plugin's) must not take the window down
            import traceback

            prompts.warn(self, spec.title, f"{spec.title} failed: {error}", traceback.format_exc())

    # ----------------------------------------------------------------- preferences and theme
    def apply_preferences(self) -> None:
        app = QApplication.instance()
        if app is not None:
            apply_theme(app, self.preferences["theme"])
        for action in self.theme_menu.actions():
            action.setChecked(action.text().lower() == self.preferences["theme"])
        seconds = self.preferences["autosave_seconds"]
        if seconds > 0:
            self.autosave_timer.start(seconds * 1000)
        else:
            self.autosave_timer.stop()
        for panel in self._panels.values():
            if hasattr(panel, "set_editor_font"):
                panel.set_editor_font(
                    self.preferences["editor_font_family"], self.preferences["editor_font_size"]
                )

    def set_theme(self, choice: str) -> None:
        self.preferences["theme"] = choice
        self.apply_preferences()
        self._save_preferences()

    def edit_preferences(self) -> None:
        if prompts.edit_preferences(self, self.preferences):
            self.apply_preferences()
            self._save_preferences()

    def _save_preferences(self) -> None:
        try:
            self.preferences.save()
        except OSError as error:
            self.statusBar().showMessage(f"Settings could not be saved: {error}", 8000)

    def _system_scheme_changed(self, *_: object) -> None:
        if self.preferences["theme"] == "system":
            self.apply_preferences()

    def _application_state_changed(self, state: Qt.ApplicationState) -> None:
        if state == Qt.ApplicationState.ApplicationActive:
            self.actions_.reload_outside_changes()

    def _about(self) -> None:
        prompts.inform(
            self,
            "About Lyra Studio",
            f"Lyra Studio {__version__}\nStories, lyrics and music, co-written with "
            "AI models that run on your own machine.",
        )

    # ----------------------------------------------------------------- closing
    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.actions_.close_project():
            event.ignore()
            return
        self.autosave_timer.stop()
        self.save_layout()
        self.services.jobs.wait(10000)
        self.services.shutdown_engine()
        event.accept()
